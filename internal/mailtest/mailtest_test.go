package mailtest_test

import (
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/mailtest"
)

func send(t *testing.T, srv *mailtest.Server, to string, msg string) error {
	t.Helper()
	return smtp.SendMail(srv.Addr, nil, "from@example.test", []string{to}, []byte(strings.ReplaceAll(msg, "\n", "\r\n")))
}

const multipartMsg = `From: Allmenning <from@example.test>
To: kari@trondheim.kommune.no
Subject: =?utf-8?q?Bekreft_e-postadressen_din_=E2=80=93_=C3=A6=C3=B8=C3=A5?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hei! Lenke: http://allmenning.test/registrer/bekreft?token=3Dabc=
def.
.punktum
--b1
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

PHA+PGEgaHJlZj0iaHR0cDovL2FsbG1lbm5pbmcudGVzdC9pbnZpdGFzam9uP3Rva2VuPXgmYW1w
O3k9MSI+w6bDuMOlPC9hPjwvcD4=
--b1--
`

func TestReceiveAndParse(t *testing.T) {
	srv := mailtest.Start(t)
	if err := send(t, srv, "Kari@Trondheim.kommune.no", multipartMsg); err != nil {
		t.Fatal(err)
	}
	m := srv.WaitFor(t, "kari@trondheim.kommune.no", 5*time.Second)
	if m.Err != nil {
		t.Fatal(m.Err)
	}
	if m.From != "from@example.test" || len(m.To) != 1 {
		t.Errorf("envelope %q → %v", m.From, m.To)
	}
	if m.Subject != "Bekreft e-postadressen din – æøå" {
		t.Errorf("Subject = %q", m.Subject)
	}
	if want := "Hei! Lenke: http://allmenning.test/registrer/bekreft?token=abcdef.\n.punktum"; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	if want := `<p><a href="http://allmenning.test/invitasjon?token=x&amp;y=1">æøå</a></p>`; m.HTML != want {
		t.Errorf("HTML = %q, want %q", m.HTML, want)
	}
	if got := m.Link("/registrer/bekreft"); got != "http://allmenning.test/registrer/bekreft?token=abcdef" {
		t.Errorf("Link(confirm) = %q", got)
	}
	if got := m.Link("/invitasjon"); got != "http://allmenning.test/invitasjon?token=x&y=1" {
		t.Errorf("Link(invite) = %q", got)
	}
	if got := m.Link("/nytt-passord"); got != "" {
		t.Errorf("Link(reset) = %q", got)
	}
}

func TestWaitForReturnsEachMessageOnce(t *testing.T) {
	srv := mailtest.Start(t)
	for _, s := range []string{"én", "to"} {
		if err := send(t, srv, "a@b.no", "Subject: "+s+"\n\nx\n"); err != nil {
			t.Fatal(err)
		}
	}
	if m := srv.WaitFor(t, "a@b.no", time.Second); m.Subject != "én" {
		t.Errorf("first = %q", m.Subject)
	}
	if m := srv.WaitFor(t, "a@b.no", time.Second); m.Subject != "to" {
		t.Errorf("second = %q", m.Subject)
	}
	// A message sent later wakes a waiting WaitFor.
	go func() {
		time.Sleep(50 * time.Millisecond)
		smtp.SendMail(srv.Addr, nil, "f@b.no", []string{"a@b.no"}, []byte("Subject: tre\r\n\r\nx\r\n"))
	}()
	if m := srv.WaitFor(t, "a@b.no", 5*time.Second); m.Subject != "tre" {
		t.Errorf("third = %q", m.Subject)
	}
	if n := len(srv.MessagesTo("A@B.NO")); n != 3 {
		t.Errorf("MessagesTo = %d", n)
	}
}

func TestFailNext(t *testing.T) {
	srv := mailtest.Start(t)
	srv.FailNext(2)
	for i := 0; i < 2; i++ {
		err := send(t, srv, "a@b.no", "Subject: x\n\nx\n")
		if tpErr, ok := err.(*textproto.Error); !ok || tpErr.Code != 451 {
			t.Fatalf("attempt %d: %v, want 451", i, err)
		}
	}
	if err := send(t, srv, "a@b.no", "Subject: x\n\nx\n"); err != nil {
		t.Fatal(err)
	}
	if n, f := len(srv.Messages()), srv.Failed(); n != 1 || f != 2 {
		t.Errorf("messages %d, failed %d", n, f)
	}
}

func TestFirstLink(t *testing.T) {
	tests := []struct{ text, prefix, want string }{
		{"Gå til https://a.no/x og http://a.no/registrer/bekreft?token=abc.", "/registrer/bekreft", "http://a.no/registrer/bekreft?token=abc"},
		{"(http://a.no/nytt-passord?token=a-b_c)", "/nytt-passord", "http://a.no/nytt-passord?token=a-b_c"},
		{"ingen lenke her", "/", ""},
		{"http://a.no/invitasjon?token=1", "/registrer", ""},
		{"<a href=\"http://a.no/p?a=1&amp;b=2\">", "", "http://a.no/p?a=1&b=2"},
	}
	for _, tt := range tests {
		if got := mailtest.FirstLink(tt.text, tt.prefix); got != tt.want {
			t.Errorf("FirstLink(%q, %q) = %q, want %q", tt.text, tt.prefix, got, tt.want)
		}
	}
}

// A server that is stopped at once, before its goroutine has started
// serving, must still shut down.
func TestStartAndStopAtOnce(t *testing.T) {
	for i := 0; i < 300; i++ {
		t.Run("", func(t *testing.T) { mailtest.Start(t) })
	}
}
