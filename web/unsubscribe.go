package web

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/allmenning/allmenning"
)

// unsubscribeToken is the form of an unsubscribe link's secret
// (allmenning.NewUnsubscribeSecret: a time stamp of 12 hex digits, a dot,
// and 32 random bytes in unpadded base64url; links made before have no stamp).
var unsubscribeToken = regexp.MustCompile(`^(?:[0-9a-f]{12}\.)?[A-Za-z0-9_-]{43}$`)

// isOneClickUnsubscribe reports whether r is a POST to an unsubscribe link.
func isOneClickUnsubscribe(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	token, ok := strings.CutPrefix(r.URL.Path, "/avmeld/")
	return ok && unsubscribeToken.MatchString(token)
}

// exemptOneClickUnsubscribe sends POST /avmeld/{token} past the CSRF check
// (checked) straight to the mux. RFC 8058 has the recipient's mail provider
// POST "List-Unsubscribe=One-Click" to the link without cookies, so no CSRF
// token can come with it; the secret in the path is the authorisation, and
// all the request can do is turn mail off. Every other request, and any
// other method or path under /avmeld/, goes through the check.
func (s *Server) exemptOneClickUnsubscribe(checked, mux http.Handler) http.Handler {
	direct := recordRoute(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isOneClickUnsubscribe(r) {
			checked.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		direct.ServeHTTP(w, r)
	})
}

type unsubscribeData struct {
	Token string
	What  string // the translated name of what the link stops
	Done  bool
}

func (s *Server) unsubscribeWhat(r *http.Request, what string) string {
	l := localizerFrom(r.Context())
	if what == allmenning.UnsubscribeDigest {
		return l.T("mail.unsub.what_digest")
	}
	return l.T("mail.kind." + what)
}

// unsubscribeForm shows what the link stops and a button to confirm; a GET
// changes nothing, since link scanners follow links in mail.
func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !unsubscribeToken.MatchString(token) {
		return allmenning.Errorf(allmenning.ENOTFOUND, "mail.unsub.invalid")
	}
	t, err := s.mailStore().FindUnsubscribeToken(r.Context(), allmenning.UnsubscribeKey(token))
	if err != nil {
		return err
	}
	p := s.newPage(r, localizerFrom(r.Context()).T("mail.unsub.title"), &unsubscribeData{Token: token, What: s.unsubscribeWhat(r, t.What)})
	return s.render(w, r, http.StatusOK, "unsubscribe", p)
}

// unsubscribe turns off what the link names, without login: from the
// confirmation page's button, or from the mail client's one-click POST.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !unsubscribeToken.MatchString(token) {
		return allmenning.Errorf(allmenning.ENOTFOUND, "mail.unsub.invalid")
	}
	t, err := s.mailStore().Unsubscribe(r.Context(), allmenning.UnsubscribeKey(token), s.now())
	if err != nil {
		return err
	}
	p := s.newPage(r, localizerFrom(r.Context()).T("mail.unsub.done_title"), &unsubscribeData{What: s.unsubscribeWhat(r, t.What), Done: true})
	return s.render(w, r, http.StatusOK, "unsubscribe", p)
}
