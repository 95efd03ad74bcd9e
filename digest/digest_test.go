package digest_test

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/digest"
	"github.com/allmenning/allmenning/discuss"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/notify"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/store"
)

var ctx = context.Background()

const baseURL = "https://allmenning.test"

// clock is the time every part of the test world reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// oslo returns a time in Norway: "2026-03-02 07:05" (a Monday).
func oslo(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, i18n.Oslo)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// world is a database with the services wired as the server wires them:
// discussions publish to notifications, whose Created hook queues immediate
// mail; a job runner sends queued mail to a real SMTP server.
type world struct {
	db      *store.DB
	clock   *clock
	mail    *mailtest.Server
	runner  *jobs.Runner
	disc    *discuss.Service
	digest  *digest.Service
	kari    *allmenning.Member // Trondheim, bokmål
	nils    *allmenning.Member // Trondheim, nynorsk
	per     *allmenning.Member // Oslo, English, competence "beredskap"
	editor  *allmenning.Member // moderator in Bergen
	threads int
}

func newWorld(t *testing.T, db *store.DB, start time.Time) *world {
	t.Helper()
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: start}
	db.SetClock(c.Now)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, clock: c, mail: mailtest.Start(t)}
	log := slog.New(slog.DiscardHandler)
	w.runner = jobs.NewRunner(db, log)
	w.runner.Now = c.Now
	w.runner.Handle(jobs.KindMail, jobs.MailHandler(smtp.New(smtp.Config{Host: w.mail.Host, Port: w.mail.Port, From: "Allmenning <noreply@allmenning.test>", TLS: "none"})))
	w.digest = &digest.Service{Store: db, Catalog: cat, BaseURL: baseURL, UnsubscribeMailto: "avmeld@allmenning.test", Log: log, Now: c.Now}
	n := notify.New(db, log)
	n.Now = c.Now
	n.Created = w.digest.NotificationsCreated
	w.disc = discuss.New(db)
	w.disc.Now = c.Now
	w.disc.Events = n
	w.kari = w.member(t, "kari@trondheim.kommune.no", "Kari Nordmann", "5001", "nb")
	w.nils = w.member(t, "nils@trondheim.kommune.no", "Nils Nynorsk", "5001", "nn")
	w.per = w.member(t, "per@oslo.kommune.no", "Per Persen", "0301", "en", "beredskap")
	w.editor = w.member(t, "mona@bergen.kommune.no", "Mona Moderator", "4601", "nb")
	if err := db.GrantRole(ctx, w.editor.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	w.editor = w.reload(t, w.editor.ID)
	return w
}

func (w *world) member(t *testing.T, email, name, muni, lang string, competences ...string) *allmenning.Member {
	t.Helper()
	m, err := w.db.CreateMember(ctx, allmenning.NewMember{Email: email, Name: name, Municipality: muni, Language: lang, Competences: competences, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return w.reload(t, m.ID)
}

func (w *world) reload(t *testing.T, id int64) *allmenning.Member {
	t.Helper()
	m, err := w.db.FindMemberByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (w *world) thread(t *testing.T, author *allmenning.Member, n allmenning.NewThread) *allmenning.Thread {
	t.Helper()
	if n.Body == "" {
		n.Body = "Innhold i tråden."
	}
	if n.Area == "" {
		n.Area = "etikk"
	}
	th, err := w.disc.CreateThread(ctx, author, n)
	if err != nil {
		t.Fatalf("create thread %q: %v", n.Title, err)
	}
	return th
}

func (w *world) follow(t *testing.T, m *allmenning.Member, kind, ref string) {
	t.Helper()
	target, err := w.db.FindFollowTarget(ctx, allmenning.FollowRef{Kind: kind, Ref: ref})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetFollow(ctx, m.ID, kind, target.ID, true); err != nil {
		t.Fatal(err)
	}
}

func (w *world) setPrefs(t *testing.T, m *allmenning.Member, digestFreq string, kinds map[string]string) {
	t.Helper()
	p, err := w.db.FindMailPrefs(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range kinds {
		p.Kinds[k] = v
	}
	if digestFreq != "" {
		p.Digest = digestFreq
	}
	if err := w.db.SaveMailPrefs(ctx, p); err != nil {
		t.Fatal(err)
	}
}

// send runs the job runner until nothing more is due.
func (w *world) send(t *testing.T) {
	t.Helper()
	for i := 0; i < 5; i++ {
		n, err := w.runner.RunDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// digestsAt runs the recurring digest job as the runner would at that time,
// then sends what it queued.
func (w *world) digestsAt(t *testing.T, now time.Time) int {
	t.Helper()
	w.clock.Set(now)
	n, err := w.digest.EnqueueDue(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	w.send(t)
	return n
}

func mustHave(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("%s lacks %q:\n%s", what, s, text)
		}
	}
}

func mustNotHave(t *testing.T, what, text string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(text, s) {
			t.Errorf("%s has %q, which it must not:\n%s", what, s, text)
		}
	}
}

// checkUnsubscribe checks the RFC 8058 headers and returns the https link.
func checkUnsubscribe(t *testing.T, m mailtest.Message) string {
	t.Helper()
	lu := m.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<"+baseURL+"/avmeld/") || !strings.Contains(lu, ", <mailto:avmeld@allmenning.test") {
		t.Errorf("List-Unsubscribe = %q", lu)
	}
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	if ct := m.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative;") {
		t.Errorf("Content-Type = %q, want multipart/alternative", ct)
	}
	if m.Text == "" || m.HTML == "" {
		t.Errorf("text part %d bytes, HTML part %d bytes: want both", len(m.Text), len(m.HTML))
	}
	link := strings.TrimPrefix(strings.SplitN(lu, ">", 2)[0], "<")
	if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) {
		t.Errorf("the unsubscribe link %s is not in both parts", link)
	}
	return link
}

func TestImmediateMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, oslo(t, "2026-03-04 10:00"))
		w.setPrefs(t, w.nils, "", map[string]string{allmenning.NotifyMention: allmenning.MailOff})

		th := w.thread(t, w.kari, allmenning.NewThread{
			Title: "Kommentarfelt under valget", Body: "Hva mener @" + w.per.Handle + " og @" + w.nils.Handle + " om å stenge kommentarfeltet?",
		})
		w.send(t)
		m := w.mail.WaitFor(t, w.per.Email, 5*time.Second)
		// Per reads English.
		if m.Subject != "Kari Nordmann mentioned you in “Kommentarfelt under valget”" {
			t.Errorf("subject %q", m.Subject)
		}
		link := checkUnsubscribe(t, m)
		url := baseURL + "/diskusjoner/" + itoa(th.ID)
		mustHave(t, "text part", m.Text, "Hello, Per Persen!", "om å stenge kommentarfeltet", url, baseURL+"/innstillinger/varsler")
		mustHave(t, "HTML part", m.HTML, `href="`+url+`"`, "Kari Nordmann mentioned you")

		// The same notification handled again sends nothing more.
		list, _, err := db.FindNotifications(ctx, allmenning.ViewerOf(w.per), 0, 10)
		if err != nil || len(list) != 1 || list[0].Kind != allmenning.NotifyMention {
			t.Fatalf("Per's notifications %+v, %v", list, err)
		}
		list[0].MailedAt = nil // as if the hook ran again before it was marked
		if err := w.digest.MailNotification(ctx, list[0]); err != nil {
			t.Fatal(err)
		}
		w.send(t)
		if got := len(w.mail.MessagesTo(w.per.Email)); got != 1 {
			t.Errorf("Per got %d mails, want exactly 1", got)
		}
		// Nils turned mentions off: nothing, and the notification waits for no digest either.
		if got := w.mail.MessagesTo(w.nils.Email); len(got) != 0 {
			t.Errorf("Nils (mentions off) got %d mails", len(got))
		}
		if pending, _ := db.FindPendingMailNotifications(ctx, w.per.ID); len(pending) != 0 {
			t.Errorf("Per's mailed mention is still pending: %+v", pending)
		}

		// Clicking the one-click link's target stops mentions for Per.
		token := link[strings.LastIndex(link, "/")+1:]
		if _, err := db.Unsubscribe(ctx, allmenning.UnsubscribeKey(token), w.clock.Now()); err != nil {
			t.Fatal(err)
		}
		w.thread(t, w.kari, allmenning.NewThread{Title: "Ny tråd med nevning", Body: "Hei @" + w.per.Handle})
		w.send(t)
		if got := len(w.mail.MessagesTo(w.per.Email)); got != 1 {
			t.Errorf("after unsubscribing Per got %d mails, want still 1", got)
		}
	})
}

func TestImmediateMailNeverLeaksPrivateContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, oslo(t, "2026-03-04 10:00"))
		// A municipality-only thread in Trondheim; a notification for Per
		// (Oslo) made behind the notification service's back must not be mailed.
		private := w.thread(t, w.kari, allmenning.NewThread{Title: "Hemmelig sak i Trondheim", Body: "Fortrolig innhold", Visibility: allmenning.VisMunicipality})
		created, err := db.CreateNotifications(ctx, []allmenning.NewNotification{
			{MemberID: w.per.ID, Kind: allmenning.NotifyMention, ThreadID: private.ID, ActorID: w.kari.ID, At: w.clock.Now()},
			{MemberID: w.nils.ID, Kind: allmenning.NotifyMention, ThreadID: private.ID, ActorID: w.kari.ID, At: w.clock.Now()},
		})
		if err != nil || len(created) != 2 {
			t.Fatalf("notifications %v, %v", created, err)
		}
		for _, n := range created {
			if err := w.digest.MailNotification(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		w.send(t)
		if got := w.mail.MessagesTo(w.per.Email); len(got) != 0 {
			t.Errorf("Per (Oslo) got mail about a Trondheim-only thread: %q", got[0].Text)
		}
		// Nils in Trondheim may see it and gets it, in nynorsk.
		m := w.mail.WaitFor(t, w.nils.Email, 5*time.Second)
		mustHave(t, "Nils's mail", m.Text, "Hei, Nils Nynorsk!", "Kari Nordmann nemnde deg i «Hemmelig sak i Trondheim»")
		checkUnsubscribe(t, m)
		// Nor does Per's digest carry it.
		if d, err := w.digest.Compose(ctx, w.per, allmenning.DigestWeekly, oslo(t, "2026-03-01 00:00")); err != nil || !d.Empty() {
			t.Errorf("Per's digest %+v, %v: want empty", d, err)
		}
	})
}

func TestDigest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		// Wednesday 25 February; the weekly digest comes on Monday 2 March at 07:00.
		w := newWorld(t, db, oslo(t, "2026-02-25 10:00"))
		w.follow(t, w.per, allmenning.FollowTag, "skole")
		w.follow(t, w.nils, allmenning.FollowTag, "skole")
		w.setPrefs(t, w.nils, allmenning.DigestDaily, nil)

		topicThread := w.thread(t, w.editor, allmenning.NewThread{Title: "Slik lykkes dere med Facebook-live", Visibility: allmenning.VisPublic})
		if _, err := db.CreateTopic(ctx, w.editor, allmenning.NewTopic{ThreadID: topicThread.ID, Intro: "Tre kommuner deler erfaringer."}); err != nil {
			t.Fatal(err)
		}
		w.clock.Set(oslo(t, "2026-02-26 09:00"))
		followed := w.thread(t, w.kari, allmenning.NewThread{Title: "Skolestart og bildebruk", Tags: []string{"skole"}})
		private := w.thread(t, w.kari, allmenning.NewThread{Title: "Intern skolesak i Trondheim", Tags: []string{"skole"}, Visibility: allmenning.VisMunicipality})
		question := w.thread(t, w.kari, allmenning.NewThread{Kind: allmenning.KindQuestion, Title: "Beredskap ved flom: hvem svarer innbyggerne?", Area: "beredskap"})
		w.thread(t, w.kari, allmenning.NewThread{Kind: allmenning.KindQuestion, Title: "Intern beredskap i Trondheim", Area: "beredskap", Visibility: allmenning.VisMunicipality})
		perPost := w.thread(t, w.per, allmenning.NewThread{Title: "Pers egen tråd om kampanjer"})
		if _, err := w.disc.Like(ctx, w.kari, allmenning.PostThread, perPost.ID, true); err != nil {
			t.Fatal(err)
		}
		w.send(t)
		if got := w.mail.MessagesTo(w.per.Email); len(got) != 0 {
			t.Fatalf("Per got %d mails before the digest (likes and new threads default to the digest)", len(got))
		}

		// Sunday evening and Monday 06:59: no weekly digest yet.
		if n := w.digestsAt(t, oslo(t, "2026-03-01 22:00")); len(w.mail.MessagesTo(w.per.Email)) != 0 {
			t.Fatalf("weekly digest on Sunday (%d queued)", n)
		}
		w.digestsAt(t, oslo(t, "2026-03-02 06:59"))
		if len(w.mail.MessagesTo(w.per.Email)) != 0 {
			t.Fatal("weekly digest before 07:00")
		}
		w.digestsAt(t, oslo(t, "2026-03-02 07:00"))
		m := w.mail.WaitFor(t, w.per.Email, 5*time.Second)
		if !strings.HasPrefix(m.Subject, "Your weekly Allmenning digest") {
			t.Errorf("subject %q", m.Subject)
		}
		checkUnsubscribe(t, m)
		// In order: topic of the week, followed threads, matching questions, notifications.
		order := []string{"Topic of the week", topicThread.Title, "Tre kommuner deler erfaringer.",
			"New in what you follow", followed.Title,
			"Unanswered questions matching your competences", question.Title,
			"Notifications", "Kari Nordmann liked your post in “Pers egen tråd om kampanjer”"}
		last := -1
		for _, s := range order {
			i := strings.Index(m.Text, s)
			if i < 0 {
				t.Errorf("digest lacks %q:\n%s", s, m.Text)
				continue
			}
			if i < last {
				t.Errorf("%q comes too early in the digest:\n%s", s, m.Text)
			}
			last = i
		}
		mustHave(t, "digest", m.Text, baseURL+"/diskusjoner/"+itoa(followed.ID), baseURL+"/diskusjoner/"+itoa(question.ID))
		mustHave(t, "digest HTML", m.HTML, `href="`+baseURL+"/diskusjoner/"+itoa(topicThread.ID)+`"`, followed.Title, question.Title)
		for _, part := range []string{m.Text, m.HTML} {
			mustNotHave(t, "Per's digest", part, private.Title, "Intern beredskap")
		}
		// Nils reads nynorsk and gets the daily digest, with the Trondheim
		// thread. His first daily digest looks back one day, so the topic
		// picked last week is not in it, but the notifications collected
		// since are.
		mn := w.mail.WaitFor(t, w.nils.Email, 5*time.Second)
		if !strings.HasPrefix(mn.Subject, "Samandrag for dagen") {
			t.Errorf("Nils's subject %q", mn.Subject)
		}
		mustHave(t, "Nils's digest", mn.Text, "Kari Nordmann starta «"+followed.Title+"»", private.Title)
		mustNotHave(t, "Nils's digest", mn.Text, "Tema for veka")

		// Later the same Monday: nothing twice.
		if n := w.digestsAt(t, oslo(t, "2026-03-02 08:00")); n != 0 || len(w.mail.MessagesTo(w.per.Email)) != 1 {
			t.Errorf("second run on Monday queued %d, Per has %d mails", n, len(w.mail.MessagesTo(w.per.Email)))
		}
		if pending, _ := db.FindPendingMailNotifications(ctx, w.per.ID); len(pending) != 0 {
			t.Errorf("the like in the digest is still pending: %+v", pending)
		}

		// Tuesday: a new thread in the tag. Nils (daily) gets it, Per (weekly) does not.
		w.clock.Set(oslo(t, "2026-03-02 12:00"))
		tuesday := w.thread(t, w.kari, allmenning.NewThread{Title: "Skolefoto og samtykke", Tags: []string{"skole"}})
		w.digestsAt(t, oslo(t, "2026-03-03 07:10"))
		mn = w.mail.WaitFor(t, w.nils.Email, 5*time.Second)
		mustHave(t, "Nils's Tuesday digest", mn.Text, tuesday.Title)
		mustNotHave(t, "Nils's Tuesday digest", mn.Text, followed.Title, "Tema for veka")
		if len(w.mail.MessagesTo(w.per.Email)) != 1 {
			t.Error("Per (weekly) got a digest on Tuesday")
		}
		// Wednesday: nothing new for Nils, so no mail.
		w.digestsAt(t, oslo(t, "2026-03-04 07:10"))
		if got := len(w.mail.MessagesTo(w.nils.Email)); got != 2 {
			t.Errorf("Nils has %d digests after a day with nothing new, want 2", got)
		}
		// Next Monday Per gets only what is new since the last digest.
		m = func() mailtest.Message {
			w.digestsAt(t, oslo(t, "2026-03-09 07:00"))
			return w.mail.WaitFor(t, w.per.Email, 5*time.Second)
		}()
		mustHave(t, "Per's second digest", m.Text, tuesday.Title)
		mustNotHave(t, "Per's second digest", m.Text, followed.Title, question.Title, "Topic of the week")
		// The week after, with nothing new: no mail.
		w.digestsAt(t, oslo(t, "2026-03-16 07:00"))
		if got := len(w.mail.MessagesTo(w.per.Email)); got != 2 {
			t.Errorf("Per has %d digests after a week with nothing new, want 2", got)
		}
		// A digest that is unsubscribed stops.
		link := checkUnsubscribe(t, m)
		if _, err := db.Unsubscribe(ctx, allmenning.UnsubscribeKey(link[strings.LastIndex(link, "/")+1:]), w.clock.Now()); err != nil {
			t.Fatal(err)
		}
		w.clock.Set(oslo(t, "2026-03-18 12:00"))
		w.thread(t, w.kari, allmenning.NewThread{Title: "Skoleruta neste år", Tags: []string{"skole"}})
		w.digestsAt(t, oslo(t, "2026-03-23 07:00"))
		if got := len(w.mail.MessagesTo(w.per.Email)); got != 2 {
			t.Errorf("Per has %d digests after unsubscribing, want 2", got)
		}
	})
}

func TestScheduleRunsDigestOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, oslo(t, "2026-03-02 07:00"))
		if _, err := db.CreateTopic(ctx, w.editor, allmenning.NewTopic{ThreadID: w.thread(t, w.kari, allmenning.NewThread{Title: "Ukens tråd", Visibility: allmenning.VisPublic}).ID, Intro: "Les!"}); err != nil {
			t.Fatal(err)
		}
		w.digest.Schedule(w.runner)
		w.clock.Set(oslo(t, "2026-03-02 07:12"))
		w.send(t)
		w.clock.Set(oslo(t, "2026-03-02 07:25"))
		w.send(t)
		if got := len(w.mail.MessagesTo(w.per.Email)); got != 1 {
			t.Errorf("Per got %d digests from the recurring job, want 1", got)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// wakeCounter is a job queue that counts how often it is asked to wake its runner.
type wakeCounter struct {
	allmenning.JobStore
	mu    sync.Mutex
	wakes int
}

func (q *wakeCounter) Wake() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.wakes++
}

// An immediate mail is queued with its token and mark in one write, and the
// runner is woken for it at once: once per new mail, not for a replay.
func TestImmediateMailWakesRunner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, oslo(t, "2026-03-04 10:00"))
		q := &wakeCounter{JobStore: db}
		w.digest.Queue = q
		w.thread(t, w.kari, allmenning.NewThread{Title: "Beredskapsplan", Body: "Hva mener @" + w.per.Handle + "?"})
		if q.wakes != 1 {
			t.Errorf("the runner was woken %d times, want 1", q.wakes)
		}
		list, _, err := db.FindNotifications(ctx, allmenning.ViewerOf(w.per), 0, 10)
		if err != nil || len(list) != 1 || list[0].MailedAt == nil {
			t.Fatalf("Per's notifications %+v, %v: want one, marked mailed", list, err)
		}
		list[0].MailedAt = nil // handled again: the job is queued already
		if err := w.digest.MailNotification(ctx, list[0]); err != nil {
			t.Fatal(err)
		}
		if q.wakes != 1 {
			t.Errorf("a replayed notification woke the runner again (%d)", q.wakes)
		}
		w.send(t)
		if got := len(w.mail.MessagesTo(w.per.Email)); got != 1 {
			t.Errorf("Per got %d mails, want 1", got)
		}
	})
}
