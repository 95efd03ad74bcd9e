package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	fast := Params{Memory: 1024, Time: 1, Threads: 1}
	h, err := Hash("riktig passord", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not PHC Argon2id", h)
	}
	h2, _ := Hash("riktig passord", fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	tests := []struct {
		pw   string
		hash string
		ok   bool
		err  bool
	}{
		{"riktig passord", h, true, false},
		{"feil passord", h, false, false},
		{"", h, false, false},
		{"riktig passord", "$argon2i$v=19$m=1024,t=1,p=1$abc$def", false, true},
		{"riktig passord", "plaintext", false, true},
	}
	for _, tt := range tests {
		ok, err := Verify(tt.pw, tt.hash)
		if ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("Verify(%q, %.20s…) = %v, %v; want %v, err=%v", tt.pw, tt.hash, ok, err, tt.ok, tt.err)
		}
	}
}
