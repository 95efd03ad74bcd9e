package digest

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
)

//go:embed templates
var templateFS embed.FS

var (
	textTemplates = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/*.html"))
)

// SettingsPath is the page where a member chooses what to get by e-mail.
const SettingsPath = "/innstillinger/varsler"

// excerptLength is how much of a post an immediate mail quotes.
const excerptLength = 400

// mailData is what the templates of both parts receive.
type mailData struct {
	s              *Service
	L              *i18n.Localizer
	Member         *allmenning.Member
	Subject        string
	SettingsURL    string
	UnsubscribeURL string

	// One notification.
	Summary  string
	Excerpt  string
	URL      string
	KindName string

	// The digest.
	Intro         string
	WhyDigest     string
	Topic         *allmenning.Topic
	Threads       []*allmenning.Thread
	Questions     []*allmenning.Thread
	Notifications []*item
}

// ThreadURL is the absolute address of a thread.
func (d *mailData) ThreadURL(t *allmenning.Thread) string {
	return d.s.BaseURL + "/diskusjoner/" + strconv.FormatInt(t.ID, 10)
}

// ItemURL is the absolute address of a notification's post.
func (d *mailData) ItemURL(it *item) string {
	u := d.ThreadURL(it.Thread)
	if it.Reply != nil {
		u += "#svar-" + strconv.Itoa(it.Reply.Number)
	}
	return u
}

// SummaryOf says in one line what a notification is about.
func (d *mailData) SummaryOf(it *item) string { return summary(d.L, it) }

func summary(l *i18n.Localizer, it *item) string {
	title := it.Thread.Title
	actor := it.Actor
	if actor == "" {
		actor = l.T("mail.notif.someone")
	}
	switch it.N.Kind {
	case allmenning.NotifyExpertQueue, allmenning.NotifyEscalation:
		return l.T("mail.notif.summary."+it.N.Kind, title)
	case allmenning.NotifyLike:
		if it.N.ActorCount > 1 {
			return l.T("mail.notif.summary.like_many", actor, it.N.ActorCount-1, title)
		}
	}
	return l.T("mail.notif.summary."+it.N.Kind, actor, title)
}

// excerpt is the start of a post as plain text on one line.
func excerpt(markdown string) string {
	s := strings.Join(strings.Fields(markdown), " ")
	if utf8.RuneCountInString(s) <= excerptLength {
		return s
	}
	r := []rune(s)[:excerptLength]
	if i := strings.LastIndexByte(string(r), ' '); i > excerptLength/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

func (s *Service) newData(m *allmenning.Member, unsubscribe string) *mailData {
	return &mailData{
		s: s, L: s.Catalog.For(m.Language), Member: m,
		SettingsURL: s.BaseURL + SettingsPath, UnsubscribeURL: unsubscribe,
	}
}

// renderNotification renders the immediate mail of one notification.
func (s *Service) renderNotification(m *allmenning.Member, it *item, unsubscribe string) (allmenning.Mail, error) {
	d := s.newData(m, unsubscribe)
	d.Summary = summary(d.L, it)
	d.Subject = d.Summary
	d.URL = d.ItemURL(it)
	d.KindName = d.L.T("mail.kind." + it.N.Kind)
	if it.Reply != nil {
		d.Excerpt = excerpt(it.Reply.Body)
	} else if it.N.Kind == allmenning.NotifyMention || it.N.Kind == allmenning.NotifyNewThread {
		d.Excerpt = excerpt(it.Thread.Body)
	}
	return s.render(m, d, "notification")
}

// renderDigest renders a digest.
func (s *Service) renderDigest(m *allmenning.Member, dg *Digest, unsubscribe string, now time.Time) (allmenning.Mail, error) {
	d := s.newData(m, unsubscribe)
	freq := dg.Frequency
	if freq != allmenning.DigestDaily {
		freq = allmenning.DigestWeekly
	}
	d.Subject = d.L.T("mail.digest.subject."+freq, d.L.Date(now))
	d.Intro = d.L.T("mail.digest.intro", d.L.Date(dg.Since))
	d.WhyDigest = d.L.T("mail.footer.why_digest." + freq)
	d.Topic, d.Threads, d.Questions, d.Notifications = dg.Topic, dg.Threads, dg.Questions, dg.Notifications
	return s.render(m, d, "digest")
}

func (s *Service) render(m *allmenning.Member, d *mailData, name string) (allmenning.Mail, error) {
	var text, html bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&text, name+".txt", d); err != nil {
		return allmenning.Mail{}, err
	}
	if err := htmlTemplates.ExecuteTemplate(&html, name+".html", d); err != nil {
		return allmenning.Mail{}, err
	}
	return allmenning.Mail{
		To: m.Email, Subject: d.Subject, Text: text.String(), HTML: html.String(),
		Headers: s.unsubscribeHeaders(d.UnsubscribeURL),
	}, nil
}

// unsubscribeHeaders are the one-click unsubscribe headers of RFC 8058: the
// mail client POSTs "List-Unsubscribe=One-Click" to the https link.
func (s *Service) unsubscribeHeaders(link string) map[string]string {
	value := "<" + link + ">"
	if s.UnsubscribeMailto != "" {
		value += ", <mailto:" + s.UnsubscribeMailto + "?subject=unsubscribe>"
	}
	return map[string]string{
		"List-Unsubscribe":      value,
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}
}
