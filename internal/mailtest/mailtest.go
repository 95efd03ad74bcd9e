// Package mailtest runs a real SMTP server on the loopback interface for
// tests. Everything sent to it is kept in memory and parsed, so that a test
// can read the subject, the plain-text and HTML bodies and follow the links
// in them, as the recipient would.
//
//	srv := mailtest.Start(t)
//	mailer := smtp.New(smtp.Config{Host: srv.Host, Port: srv.Port, From: "noreply@example.no", TLS: "none"})
//	…
//	msg := srv.WaitFor(t, "kari@trondheim.kommune.no", 5*time.Second)
//	link := msg.Link("/registrer/bekreft")
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	// From and To are the envelope sender and recipients (MAIL FROM, RCPT TO).
	From string
	To   []string
	// Username is the name the client authenticated with, if it did.
	Username string
	// Header holds the message's header fields as sent (not decoded).
	Header mail.Header
	// Subject is the decoded Subject header.
	Subject string
	// Text and HTML are the decoded bodies of the text/plain and text/html
	// parts, with line breaks turned into "\n". HTML is empty when the
	// message has no HTML part.
	Text string
	HTML string
	// Raw is the message as received, after the SMTP dot-unstuffing.
	Raw []byte
	// Err is set when the message could not be parsed.
	Err error
}

// SentTo reports whether addr is one of the envelope recipients (ignoring case).
func (m Message) SentTo(addr string) bool {
	addr = cleanAddr(addr)
	for _, to := range m.To {
		if cleanAddr(to) == addr {
			return true
		}
	}
	return false
}

// Link returns the first URL in the text body (or else in the HTML body)
// whose path starts with pathPrefix, or "" when there is none.
func (m Message) Link(pathPrefix string) string {
	if l := FirstLink(m.Text, pathPrefix); l != "" {
		return l
	}
	return FirstLink(m.HTML, pathPrefix)
}

// Server is a running test SMTP server.
type Server struct {
	Host string // always 127.0.0.1
	Port int
	Addr string // host:port

	srv *gosmtp.Server

	mu       sync.Mutex
	msgs     []Message
	taken    []bool // returned by WaitFor already
	notify   chan struct{}
	failNext int
	failed   int
}

// Start starts a server on 127.0.0.1 with a free port. It is shut down when
// the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{notify: make(chan struct{})}
	addr := l.Addr().(*net.TCPAddr)
	s.Host, s.Port, s.Addr = "127.0.0.1", addr.Port, l.Addr().String()

	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(c *gosmtp.Conn) (gosmtp.Session, error) {
		return &session{s: s}, nil
	}))
	srv.Domain = "mailtest.localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	s.srv = srv

	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	t.Cleanup(func() {
		srv.Close()
		// Close only closes the listeners Serve has registered already: when
		// the test ends before the goroutine got that far, Serve would block
		// in Accept for ever. Closing the listener here ends it either way.
		l.Close()
		<-done
	})
	return s
}

// FailNext makes the next n DATA commands fail with a temporary error (451),
// as a busy or greylisting server would. The refused messages are not kept.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// Failed returns how many DATA commands FailNext has refused so far.
func (s *Server) Failed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// Messages returns every message accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// MessagesTo returns the messages accepted so far for one recipient, oldest first.
func (s *Server) MessagesTo(to string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		if m.SentTo(to) {
			out = append(out, m)
		}
	}
	return out
}

// WaitFor blocks until a message to the address has arrived and returns it.
// Each call returns a message only once: the oldest message to the address
// that no earlier WaitFor returned. The test fails when none arrives within
// timeout, or when the message could not be parsed.
func (s *Server) WaitFor(t testing.TB, to string, timeout time.Duration) Message {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		for i, m := range s.msgs {
			if !s.taken[i] && m.SentTo(to) {
				s.taken[i] = true
				s.mu.Unlock()
				if m.Err != nil {
					t.Errorf("mailtest: message to %s: %v", to, m.Err)
				}
				return m
			}
		}
		ch := s.notify
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			var got []string
			for _, m := range s.Messages() {
				got = append(got, fmt.Sprintf("%v %q", m.To, m.Subject))
			}
			t.Fatalf("mailtest: no new message to %s within %v; received: %v", to, timeout, got)
			return Message{}
		}
	}
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	s.taken = append(s.taken, false)
	close(s.notify)
	s.notify = make(chan struct{})
}

func (s *Server) shouldFail() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failNext > 0 {
		s.failNext--
		s.failed++
		return true
	}
	return false
}

// session is one SMTP connection's state.
type session struct {
	s        *Server
	username string
	from     string
	to       []string
}

var _ gosmtp.AuthSession = (*session)(nil)

// AuthMechanisms offers PLAIN, which accepts any credentials, so that a
// client configured with a username can be tested too.
func (se *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (se *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		se.username = username
		return nil
	}), nil
}

func (se *session) Mail(from string, opts *gosmtp.MailOptions) error {
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, opts *gosmtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	if se.s.shouldFail() {
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "mailtest: temporary failure (FailNext)"}
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Message{From: se.from, To: append([]string(nil), se.to...), Username: se.username, Raw: raw}
	m.Err = parse(&m)
	se.s.add(m)
	return nil
}

func (se *session) Reset() {
	se.from = ""
	se.to = nil
}

func (se *session) Logout() error { return nil }

// parse fills the header, subject and bodies of m from m.Raw.
func parse(m *Message) error {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return fmt.Errorf("read message: %w", err)
	}
	m.Header = msg.Header
	dec := &mime.WordDecoder{CharsetReader: charsetReader}
	m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	return parsePart(m, msg.Header, msg.Body)
}

// header is a mail.Header or a part's textproto.MIMEHeader.
type header interface{ Get(string) string }

// parsePart decodes one MIME entity, descending into multiparts.
func parsePart(m *Message, h header, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content-type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart leaves the transfer encoding to us.
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return fmt.Errorf("multipart: %w", err)
			}
			if err := parsePart(m, p.Header, p); err != nil {
				return err
			}
		}
	}
	if mediaType != "text/plain" && mediaType != "text/html" {
		return nil // attachments and the like are not decoded
	}
	var r io.Reader = body
	switch enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))); enc {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body) // it skips line breaks
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("unknown transfer encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s body: %w", mediaType, err)
	}
	text, err := decodeCharset(params["charset"], b)
	if err != nil {
		return err
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if mediaType == "text/html" {
		if m.HTML == "" {
			m.HTML = text
		}
	} else if m.Text == "" {
		m.Text = text
	}
	return nil
}

func decodeCharset(charset string, b []byte) (string, error) {
	switch strings.ToLower(charset) {
	case "", "utf-8", "utf8", "us-ascii":
		return string(b), nil
	case "iso-8859-1", "latin1":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r), nil
	}
	return "", fmt.Errorf("unsupported charset %q", charset)
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	s, err := decodeCharset(charset, b)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(s), nil
}

var urlRE = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+`)

// FirstLink returns the first http(s) URL in text whose path starts with
// pathPrefix (e.g. "/registrer/bekreft"), or "" when there is none. An empty
// prefix matches any URL. Trailing punctuation is not part of the URL, and
// HTML entities (&amp;) in it are decoded.
func FirstLink(text, pathPrefix string) string {
	for _, raw := range urlRE.FindAllString(text, -1) {
		raw = strings.TrimRight(raw, ".,;:!?)]}")
		raw = html.UnescapeString(raw)
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if strings.HasPrefix(u.Path, pathPrefix) {
			return raw
		}
	}
	return ""
}

func cleanAddr(a string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(a), "<>"))
}
