package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"sort"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under a prefix that holds a hash of
// all of them, so that browsers may cache them forever and a new build is
// fetched at once.
type assets struct {
	prefix string // "/assets/<hash>/"
	files  fs.FS
}

func newAssets() (*assets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	var names []string
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, path)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(sub, n)
		if err != nil {
			return nil, err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return &assets{prefix: "/assets/" + hex.EncodeToString(h.Sum(nil))[:12] + "/", files: sub}, nil
}

// URL returns the cacheable URL of a static file.
func (a *assets) URL(name string) string { return a.prefix + strings.TrimPrefix(name, "/") }

// Has reports whether a static file exists (vendor files appear after `make assets`).
func (a *assets) Has(name string) bool {
	_, err := fs.Stat(a.files, name)
	return err == nil
}

func (a *assets) handler() http.Handler {
	files := http.StripPrefix(a.prefix, http.FileServerFS(a.files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, a.prefix) {
			// An old hash: the file may have changed, so it must not be cached.
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})
}
