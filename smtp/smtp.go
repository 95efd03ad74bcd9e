// Package smtp sends e-mail through an SMTP server, or, when none is
// configured, writes each message to the log so that links can be followed
// during development.
package smtp

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"sort"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

// Config says how to reach the SMTP server.
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // e.g. "Allmenning <noreply@allmenning.no>"
	// TLS is "starttls" (default: use it when offered), "tls" (implicit TLS) or "none".
	TLS string
}

// Mailer sends through an SMTP server.
type Mailer struct {
	cfg Config
}

// New returns a Mailer for cfg.
func New(cfg Config) *Mailer {
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	return &Mailer{cfg: cfg}
}

// Send delivers one message.
func (m *Mailer) Send(ctx context.Context, msg allmenning.Mail) error {
	from := m.cfg.From
	addr, err := mailAddress(from)
	if err != nil {
		return fmt.Errorf("smtp: from address: %w", err)
	}
	body, err := Compose(from, msg, time.Now())
	if err != nil {
		return err
	}
	hostport := net.JoinHostPort(m.cfg.Host, fmt.Sprint(m.cfg.Port))
	dialer := &net.Dialer{Timeout: 15 * time.Second}
	var conn net.Conn
	if m.cfg.TLS == "tls" {
		conn, err = tls.DialWithDialer(dialer, "tcp", hostport, &tls.Config{ServerName: m.cfg.Host})
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", hostport)
	}
	if err != nil {
		return fmt.Errorf("smtp: dial: %w", err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	} else {
		conn.SetDeadline(time.Now().Add(60 * time.Second))
	}
	c, err := smtp.NewClient(conn, m.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if m.cfg.TLS != "tls" && m.cfg.TLS != "none" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: m.cfg.Host}); err != nil {
				return fmt.Errorf("smtp: starttls: %w", err)
			}
		}
	}
	if m.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.cfg.Username, m.cfg.Password, m.cfg.Host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(addr); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(msg.To); err != nil {
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("smtp: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: end of data: %w", err)
	}
	return c.Quit()
}

func mailAddress(from string) (string, error) {
	if i := strings.LastIndexByte(from, '<'); i >= 0 {
		return strings.TrimSuffix(from[i+1:], ">"), nil
	}
	if from == "" {
		return "", fmt.Errorf("empty")
	}
	return from, nil
}

// Compose renders msg as an RFC 5322 message: UTF-8, quoted-printable, with
// a plain-text part and, when the message has one, an HTML part.
func Compose(from string, msg allmenning.Mail, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	headers := map[string]string{
		"From":         from,
		"To":           msg.To,
		"Subject":      mime.QEncoding.Encode("utf-8", msg.Subject),
		"Date":         now.Format(time.RFC1123Z),
		"MIME-Version": "1.0",
		"Message-ID":   "<" + randomID() + "@" + domainOf(from) + ">",
	}
	for k, v := range msg.Headers {
		headers[k] = v
	}
	boundary := "alm-" + randomID()
	if msg.HTML != "" {
		headers["Content-Type"] = `multipart/alternative; boundary="` + boundary + `"`
	} else {
		headers["Content-Type"] = "text/plain; charset=utf-8"
		headers["Content-Transfer-Encoding"] = "quoted-printable"
	}
	keys := make([]string, 0, len(headers))
	for k := range headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\r\n", k, headers[k])
	}
	b.WriteString("\r\n")
	if msg.HTML == "" {
		if err := writeQP(&b, msg.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	for _, part := range []struct{ typ, body string }{{"text/plain", msg.Text}, {"text/html", msg.HTML}} {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", boundary, part.typ)
		if err := writeQP(&b, part.body); err != nil {
			return nil, err
		}
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes(), nil
}

func writeQP(b *bytes.Buffer, s string) error {
	// The writer turns LF, CR and CRLF alike into CRLF.
	w := quotedprintable.NewWriter(b)
	if _, err := w.Write([]byte(s)); err != nil {
		return err
	}
	return w.Close()
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func domainOf(from string) string {
	addr, _ := mailAddress(from)
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "allmenning.local"
}

// LogMailer writes messages to the log instead of sending them. It is used
// when no SMTP server is configured, so that confirmation links still reach
// the person testing.
type LogMailer struct {
	Log *slog.Logger
}

// Send logs the message, clearly marked as not sent.
func (l LogMailer) Send(ctx context.Context, msg allmenning.Mail) error {
	l.Log.WarnContext(ctx, "E-POST IKKE SENDT (SMTP er ikke satt opp) – innholdet står her",
		"to", msg.To, "subject", msg.Subject, "text", msg.Text)
	return nil
}
