package smtp_test

import (
	"context"
	"errors"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/allmenning/allmenning/smtp"
)

const wait = 5 * time.Second

func newMailer(srv *mailtest.Server) *smtp.Mailer {
	return smtp.New(smtp.Config{Host: srv.Host, Port: srv.Port, From: "Allmenning <noreply@allmenning.test>", TLS: "none"})
}

// body trims the final line break that SMTP transport adds to a message that
// does not end with one.
func body(s string) string { return strings.TrimSuffix(s, "\n") }

func TestSend(t *testing.T) {
	longLine := strings.Repeat("Lang linje med æøå og ÆØÅ som må brytes mykt i quoted-printable. ", 6)
	longURL := "http://allmenning.test/registrer/bekreft?token=" + strings.Repeat("AbC123-_", 12)
	tricky := strings.Join([]string{
		"Hei!",
		"",
		longLine,
		".",
		".linje som starter med punktum",
		"..to punktum",
		"From linjestart som mbox ville endret",
		"likhetstegn = og =3D og =",
		"mellomrom på slutten   ",
		"tab på slutten\t",
		longURL,
		"",
		"Hilsen Allmenning",
	}, "\n")

	tests := []struct {
		name    string
		mail    allmenning.Mail
		text    string // expected text; "" means mail.Text
		headers map[string]string
	}{
		{
			name: "plain text with Norwegian subject",
			mail: allmenning.Mail{To: "kari@trondheim.kommune.no", Subject: "Bekreft e-postadressen din – æøå", Text: tricky},
		},
		{
			name: "text and HTML",
			mail: allmenning.Mail{
				To:      "ola@bergen.kommune.no",
				Subject: "Ola inviterer deg til Allmenning",
				Text:    tricky,
				HTML:    `<p>Hei!</p><p><a href="` + longURL + `&amp;x=1">Ta imot invitasjonen – æøå</a></p>` + "\n." + "\n.punktum",
			},
		},
		{
			name: "extra headers",
			mail: allmenning.Mail{
				To: "per@oslo.kommune.no", Subject: "Nytt i Allmenning", Text: "Kort tekst.",
				Headers: map[string]string{
					"List-Unsubscribe":      "<http://allmenning.test/avmeld?token=abc>",
					"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
				},
			},
			headers: map[string]string{
				"List-Unsubscribe":      "<http://allmenning.test/avmeld?token=abc>",
				"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			},
		},
		{
			name: "long subject of non-ASCII letters",
			mail: allmenning.Mail{To: "a@b.no", Subject: strings.Repeat("Blåbærsyltetøy på skjærgårdsøy – ", 5), Text: "x"},
		},
		{
			name: "text with CRLF line breaks is not doubled",
			mail: allmenning.Mail{To: "crlf@b.no", Subject: "CRLF", Text: "linje en\r\nlinje to\r\n\r\nlinje fire"},
			text: "linje en\nlinje to\n\nlinje fire",
		},
		{
			name: "empty text",
			mail: allmenning.Mail{To: "tom@b.no", Subject: "Tom", Text: ""},
		},
	}
	srv := mailtest.Start(t)
	mailer := newMailer(srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := mailer.Send(context.Background(), tt.mail); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.WaitFor(t, tt.mail.To, wait)
			if got.Err != nil {
				t.Fatalf("parse: %v\n%s", got.Err, got.Raw)
			}
			if len(got.To) != 1 || got.To[0] != tt.mail.To {
				t.Errorf("envelope To = %v, want [%s]", got.To, tt.mail.To)
			}
			if got.From != "noreply@allmenning.test" {
				t.Errorf("envelope From = %q", got.From)
			}
			if h := got.Header.Get("To"); h != tt.mail.To {
				t.Errorf("To header = %q, want %q", h, tt.mail.To)
			}
			if from, err := mail.ParseAddress(got.Header.Get("From")); err != nil || from.Address != "noreply@allmenning.test" || from.Name != "Allmenning" {
				t.Errorf("From header = %q (%v)", got.Header.Get("From"), err)
			}
			if got.Subject != tt.mail.Subject {
				t.Errorf("Subject = %q, want %q", got.Subject, tt.mail.Subject)
			}
			if _, err := got.Header.Date(); err != nil {
				t.Errorf("Date header: %v", err)
			}
			if id := got.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@allmenning.test>") {
				t.Errorf("Message-ID = %q", id)
			}
			if got.Header.Get("Mime-Version") != "1.0" {
				t.Errorf("MIME-Version = %q", got.Header.Get("Mime-Version"))
			}
			want := tt.text
			if want == "" {
				want = tt.mail.Text
			}
			if body(got.Text) != want {
				t.Errorf("text part:\n got %q\nwant %q", got.Text, want)
			}
			if body(got.HTML) != tt.mail.HTML {
				t.Errorf("HTML part:\n got %q\nwant %q", got.HTML, tt.mail.HTML)
			}
			if tt.mail.HTML == "" && strings.Contains(string(got.Raw), "text/html") {
				t.Errorf("message without HTML has an HTML part:\n%s", got.Raw)
			}
			for k, v := range tt.headers {
				if h := got.Header.Get(k); h != v {
					t.Errorf("header %s = %q, want %q", k, h, v)
				}
			}
			for i, line := range strings.Split(string(got.Raw), "\r\n") {
				if len(line) > 998 {
					t.Errorf("raw line %d is %d octets long", i, len(line))
				}
				if strings.ContainsAny(line, "\r\n") {
					t.Errorf("raw line %d has a bare CR or LF: %q", i, line)
				}
			}
		})
	}
	if n := len(srv.Messages()); n != len(tests) {
		t.Errorf("server has %d messages, want %d", n, len(tests))
	}
}

func TestSendAuth(t *testing.T) {
	srv := mailtest.Start(t)
	mailer := smtp.New(smtp.Config{Host: srv.Host, Port: srv.Port, From: "noreply@allmenning.test", TLS: "none", Username: "allmenning", Password: "hemmelig"})
	if err := mailer.Send(context.Background(), allmenning.Mail{To: "kari@trondheim.kommune.no", Subject: "Hei", Text: "Hei"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.WaitFor(t, "kari@trondheim.kommune.no", wait); got.Username != "allmenning" {
		t.Errorf("authenticated as %q", got.Username)
	}
}

func TestSendTemporaryFailure(t *testing.T) {
	srv := mailtest.Start(t)
	mailer := newMailer(srv)
	msg := allmenning.Mail{To: "kari@trondheim.kommune.no", Subject: "Hei", Text: "Hei"}
	srv.FailNext(1)
	err := mailer.Send(context.Background(), msg)
	var tpErr *textproto.Error
	if !errors.As(err, &tpErr) || tpErr.Code != 451 {
		t.Fatalf("Send while the server refuses: %v, want a 451 error", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages kept after a refused DATA", n)
	}
	if err := mailer.Send(context.Background(), msg); err != nil {
		t.Fatalf("second Send: %v", err)
	}
	srv.WaitFor(t, msg.To, wait)
	if srv.Failed() != 1 {
		t.Errorf("Failed() = %d", srv.Failed())
	}
}

func TestSendUnreachable(t *testing.T) {
	mailer := smtp.New(smtp.Config{Host: "127.0.0.1", Port: 1, From: "noreply@allmenning.test", TLS: "none"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := mailer.Send(ctx, allmenning.Mail{To: "a@b.no", Subject: "x", Text: "x"}); err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
}

func TestComposeSubjectEncoding(t *testing.T) {
	raw, err := smtp.Compose("noreply@allmenning.test", allmenning.Mail{To: "a@b.no", Subject: "Bekreft e-postadressen din – æøå", Text: "x"}, time.Date(2026, 5, 17, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		for _, r := range line {
			if r > 127 {
				t.Fatalf("raw message has a non-ASCII header or body line: %q", line)
			}
		}
	}
	if !strings.Contains(string(raw), "Subject: =?utf-8?q?") {
		t.Errorf("subject is not an encoded word:\n%s", raw)
	}
}
