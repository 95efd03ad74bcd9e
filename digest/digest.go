// Package digest sends notifications by e-mail: one mail at once for the
// kinds a member wants immediately, and the daily or weekly digest, which
// leads with the topic of the week, then the best new threads in what the
// member follows, unanswered questions matching the member's competences and
// the notifications collected for it. Mails are queued as jobs (one per
// notification and one per member and period, never twice), are rendered in
// the member's language with a plain-text and an HTML part, carry a one-click
// unsubscribe link (RFC 8058) and hold only what the member may see: every
// thread is loaded again as the recipient sees it.
package digest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/jobs"
)

// KindDigest is the recurring job that queues the digests that are due.
const KindDigest = "digest.enqueue"

// DigestInterval is how often the recurring job looks for due digests.
const DigestInterval = 10 * time.Minute

// Windows after 07:00 in which due digests are made: a digest is not sent in
// the afternoon to a member who joined that day, and a server that was down
// on Monday morning catches up on Monday, not on Thursday.
const (
	dailyWindow  = 12 * time.Hour
	weeklyWindow = 24 * time.Hour
)

// How much a digest holds at most.
const (
	maxThreads   = 8
	maxQuestions = 5
	batchSize    = 200
)

// Store is what the package needs: e-mail preferences, topics, the job
// queue, members, discussions and notifications.
type Store interface {
	allmenning.MailPrefStore
	allmenning.TopicStore
	EnqueueJob(ctx context.Context, j allmenning.NewJob) (id int64, created bool, err error)
	FindMemberByID(ctx context.Context, id int64) (*allmenning.Member, error)
	FindThreadByID(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Thread, error)
	// FindReplyHead finds a reply as FindReplyByID does, in one query: its
	// thread without what only pages show (tags, likes, unread marks).
	FindReplyHead(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Reply, *allmenning.Thread, error)
	FindFollowedThreads(ctx context.Context, v allmenning.Viewer, memberID int64, since time.Time, limit int) ([]*allmenning.Thread, error)
	FindPendingMailNotifications(ctx context.Context, memberID int64) ([]*allmenning.Notification, error)
	MarkNotificationsMailed(ctx context.Context, ids []int64, at time.Time) error
	// QueueNotificationMails stores the unsubscribe tokens, queues the mail
	// jobs and marks the notifications mailed in one transaction, and
	// returns how many jobs are new.
	QueueNotificationMails(ctx context.Context, mails []allmenning.NotificationMail) (int, error)
}

// Service composes and queues notification mail and digests.
type Service struct {
	Store   Store
	Catalog *i18n.Catalog
	BaseURL string // public address for links, no trailing slash
	// UnsubscribeMailto, when set (an address), is offered in
	// List-Unsubscribe as well as the one-click link.
	UnsubscribeMailto string
	// Queue, when set, receives the mail jobs instead of Store (the job
	// runner's store, which wakes the runner at once). The mail of a single
	// notification is queued through Store, in one transaction with what
	// else it writes; Queue, when it can, is then told to wake the runner.
	Queue interface {
		EnqueueJob(ctx context.Context, j allmenning.NewJob) (int64, bool, error)
	}
	Log *slog.Logger
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// viewer is how a recipient sees content in mail: never deleted posts, not
// even for moderators.
func viewer(m *allmenning.Member) allmenning.Viewer {
	v := allmenning.ViewerOf(m)
	v.Moderator = false
	return v
}

// Scheduler runs a function at an interval on one node (jobs.Runner).
type Scheduler interface {
	Every(kind string, interval time.Duration, h func(ctx context.Context, now time.Time) error)
}

// Schedule registers the recurring job that queues due digests.
func (s *Service) Schedule(r Scheduler) {
	r.Every(KindDigest, DigestInterval, func(ctx context.Context, now time.Time) error {
		_, err := s.EnqueueDue(ctx, now)
		return err
	})
}

// NotificationsCreated queues the immediate mails of new notifications
// whose recipients want their kind at once. It is notify.Service's Created
// hook: errors are logged, never returned to the action that caused them.
func (s *Service) NotificationsCreated(ctx context.Context, ns []*allmenning.Notification) {
	if err := s.MailNotifications(ctx, ns); err != nil {
		s.log().ErrorContext(ctx, "immediate mail failed", "notifications", len(ns), "err", err)
	}
}

// MailNotification queues the mail of one notification (MailNotifications).
func (s *Service) MailNotification(ctx context.Context, n *allmenning.Notification) error {
	return s.MailNotifications(ctx, []*allmenning.Notification{n})
}

// MailNotifications queues the mail of each notification, once, and marks
// it mailed. Nothing is sent for a notification whose member does not want
// its kind at once, is not active, or may no longer see the post. What the
// mails need is read in one snapshot and they are queued in one write:
// this runs for every batch of new replies, and SQLite has a single writer.
func (s *Service) MailNotifications(ctx context.Context, ns []*allmenning.Notification) error {
	var mails []allmenning.NotificationMail
	now := s.now()
	errs := allmenning.EachInSnapshot(ctx, s.Store, ns, func(ctx context.Context, n *allmenning.Notification) error {
		mail, ok, err := s.notificationMail(ctx, n, now)
		if err != nil { // the others are still mailed
			return fmt.Errorf("notification %d: %w", n.ID, err)
		}
		if ok {
			mails = append(mails, mail)
		}
		return nil
	})
	if len(mails) == 0 {
		return errors.Join(errs...)
	}
	created, err := s.Store.QueueNotificationMails(ctx, mails)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if w, ok := s.Queue.(interface{ Wake() }); ok && created > 0 {
		w.Wake()
	}
	return errors.Join(errs...)
}

// notificationMail renders the mail of one notification; ok is false when
// none is to be sent.
func (s *Service) notificationMail(ctx context.Context, n *allmenning.Notification, now time.Time) (_ allmenning.NotificationMail, ok bool, _ error) {
	if n.MailedAt != nil {
		return allmenning.NotificationMail{}, false, nil
	}
	prefs, err := s.Store.FindMailPrefs(ctx, n.MemberID)
	if err != nil || prefs.For(n.Kind) != allmenning.MailImmediate {
		return allmenning.NotificationMail{}, false, err
	}
	m, err := s.Store.FindMemberByID(ctx, n.MemberID)
	if err != nil || m.Status != allmenning.StatusActive {
		return allmenning.NotificationMail{}, false, err
	}
	item, ok, err := s.loadItem(ctx, m, n)
	if err != nil || !ok {
		return allmenning.NotificationMail{}, false, err
	}
	secret, hash := allmenning.NewUnsubscribeSecret(now)
	mail, err := s.renderNotification(m, item, s.BaseURL+"/avmeld/"+secret)
	if err != nil {
		return allmenning.NotificationMail{}, false, err
	}
	payload, err := json.Marshal(mail)
	if err != nil {
		return allmenning.NotificationMail{}, false, err
	}
	return allmenning.NotificationMail{
		Token:          allmenning.UnsubscribeToken{Hash: hash, MemberID: m.ID, What: n.Kind, CreatedAt: now},
		Job:            allmenning.NewJob{Kind: jobs.KindMail, Key: "mail:notification:" + strconv.FormatInt(n.ID, 10), Payload: payload, RunAt: now},
		NotificationID: n.ID,
		At:             now,
	}, true, nil
}

func (s *Service) enqueue(ctx context.Context, key string, mail allmenning.Mail, now time.Time) error {
	payload, err := json.Marshal(mail)
	if err != nil {
		return err
	}
	j := allmenning.NewJob{Kind: jobs.KindMail, Key: key, Payload: payload, RunAt: now}
	if s.Queue != nil {
		_, _, err = s.Queue.EnqueueJob(ctx, j)
	} else {
		_, _, err = s.Store.EnqueueJob(ctx, j)
	}
	return err
}

// item is a notification with its post as the recipient sees it.
type item struct {
	N      *allmenning.Notification
	Thread *allmenning.Thread
	Reply  *allmenning.Reply // nil for the thread itself
	Actor  string
}

// loadItem loads a notification's thread and reply as m sees them; ok is
// false when m may not see them (any more), or they were deleted.
func (s *Service) loadItem(ctx context.Context, m *allmenning.Member, n *allmenning.Notification) (*item, bool, error) {
	v := viewer(m)
	var t *allmenning.Thread
	var r *allmenning.Reply
	var err error
	if n.ReplyID != 0 {
		// The reply comes with its thread, both as m sees them.
		r, t, err = s.Store.FindReplyHead(ctx, v, n.ReplyID)
	} else {
		t, err = s.Store.FindThreadByID(ctx, v, n.ThreadID)
	}
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	if t.ID != n.ThreadID || t.DeletedAt != nil || !allmenning.CanSee(m, t.Visibility, t.Municipality) {
		return nil, false, nil
	}
	if r != nil && r.DeletedAt != nil {
		return nil, false, nil
	}
	it := &item{N: n, Thread: t, Reply: r, Actor: n.ActorName}
	if it.Actor == "" && n.ActorID != 0 {
		if a, err := s.Store.FindMemberByID(ctx, n.ActorID); err == nil {
			it.Actor = a.Name
		}
	}
	return it, true, nil
}

// unsubscribeLink makes a new one-click unsubscribe link for what (a kind or
// the digest).
func (s *Service) unsubscribeLink(ctx context.Context, memberID int64, what string, now time.Time) (string, error) {
	secret, hash := allmenning.NewUnsubscribeSecret(now)
	if err := s.Store.CreateUnsubscribeToken(ctx, allmenning.UnsubscribeToken{Hash: hash, MemberID: memberID, What: what, CreatedAt: now}); err != nil {
		return "", err
	}
	return s.BaseURL + "/avmeld/" + secret, nil
}

// Digest is what one member's digest holds, in the order it is shown.
type Digest struct {
	Member    *allmenning.Member
	Frequency string
	Since     time.Time
	// Topic is the topic of the week when it was picked since the last
	// digest and the member may see it.
	Topic         *allmenning.Topic
	Threads       []*allmenning.Thread // new in what the member follows, best first
	Questions     []*allmenning.Thread // unanswered, matching the member's competences
	Notifications []*item              // collected for the digest, oldest first
	carried       []int64              // notifications about threads listed above
}

// Empty reports whether there is nothing new: then no digest is sent.
func (d *Digest) Empty() bool {
	return d.Topic == nil && len(d.Threads) == 0 && len(d.Questions) == 0 && len(d.Notifications) == 0
}

// Compose collects a member's digest of what is new since a time.
func (s *Service) Compose(ctx context.Context, m *allmenning.Member, frequency string, since time.Time) (*Digest, error) {
	v := viewer(m)
	d := &Digest{Member: m, Frequency: frequency, Since: since}
	// The topic of the week leads the first digest after it was picked; it
	// is not repeated in later ones.
	topic, err := s.Store.FindCurrentTopic(ctx, v)
	if err == nil && topic.Thread != nil && visible(m, topic.Thread) && topic.CreatedAt.After(since) {
		d.Topic = topic
	} else if err != nil && allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
		return nil, err
	}
	seen := map[int64]bool{}
	if d.Topic != nil {
		seen[d.Topic.ThreadID] = true
	}
	threads, err := s.Store.FindFollowedThreads(ctx, v, m.ID, since, maxThreads+1)
	if err != nil {
		return nil, err
	}
	for _, t := range threads {
		if !seen[t.ID] && visible(m, t) && len(d.Threads) < maxThreads {
			d.Threads = append(d.Threads, t)
			seen[t.ID] = true
		}
	}
	questions, err := s.Store.FindUnansweredMatching(ctx, v, m.ID, m.Competences, since, maxQuestions+len(seen))
	if err != nil {
		return nil, err
	}
	for _, q := range questions {
		if !seen[q.ID] && visible(m, q) && len(d.Questions) < maxQuestions {
			d.Questions = append(d.Questions, q)
			seen[q.ID] = true
		}
	}
	prefs, err := s.Store.FindMailPrefs(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	pending, err := s.Store.FindPendingMailNotifications(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, n := range pending {
		if prefs.For(n.Kind) != allmenning.MailDigest {
			continue
		}
		if n.Kind == allmenning.NotifyNewThread && seen[n.ThreadID] {
			// Listed above already; carried (and marked mailed) without a second line.
			d.carried = append(d.carried, n.ID)
			continue
		}
		it, ok, err := s.loadItem(ctx, m, n)
		if err != nil {
			return nil, err
		}
		if ok {
			d.Notifications = append(d.Notifications, it)
		}
	}
	return d, nil
}

// visible checks once more, in Go, what the store returned: a mail must
// never carry a thread its recipient may not see.
func visible(m *allmenning.Member, t *allmenning.Thread) bool {
	return t.DeletedAt == nil && allmenning.CanSee(m, t.Visibility, t.Municipality)
}

// pendingIDs returns the ids of the notifications a digest carries.
func (d *Digest) pendingIDs() []int64 {
	ids := append([]int64(nil), d.carried...)
	for _, it := range d.Notifications {
		ids = append(ids, it.N.ID)
	}
	return ids
}

// EnqueueDue queues the digests that are due at now: daily ones from 07:00
// each day, weekly ones from Monday 07:00 (Norwegian time), each member once
// per period. A member with nothing new gets no mail. It returns how many
// digests it queued.
func (s *Service) EnqueueDue(ctx context.Context, now time.Time) (int, error) {
	sent := 0
	for _, freq := range []string{allmenning.DigestDaily, allmenning.DigestWeekly} {
		period, start := allmenning.DigestPeriod(freq, now, i18n.Oslo)
		window := dailyWindow
		if freq == allmenning.DigestWeekly {
			window = weeklyWindow
		}
		if now.Sub(start) >= window {
			continue
		}
		var after int64
		for {
			due, err := s.Store.FindDueDigests(ctx, freq, period, after, batchSize)
			if err != nil {
				return sent, err
			}
			for _, d := range due {
				after = d.MemberID
				ok, err := s.sendDigest(ctx, d, period, start, now)
				if err != nil {
					// One member's failure must not hold back the others;
					// the period is not recorded, so the next run tries again.
					s.log().ErrorContext(ctx, "digest failed", "member", d.MemberID, "err", err)
					continue
				}
				if ok {
					sent++
				}
			}
			if len(due) < batchSize {
				break
			}
		}
	}
	return sent, nil
}

// sendDigest makes one member's digest of a period: queues the mail when
// there is something new, marks the notifications it carries mailed and
// records the period.
func (s *Service) sendDigest(ctx context.Context, due allmenning.DigestDue, period string, start, now time.Time) (bool, error) {
	m, err := s.Store.FindMemberByID(ctx, due.MemberID)
	if err != nil {
		return false, err
	}
	since := PreviousStart(due.Frequency, start)
	if due.LastSentAt != nil {
		since = *due.LastSentAt
	}
	d, err := s.Compose(ctx, m, due.Frequency, since)
	if err != nil {
		return false, err
	}
	if d.Empty() {
		return false, s.Store.RecordDigest(ctx, m.ID, period, nil)
	}
	link, err := s.unsubscribeLink(ctx, m.ID, allmenning.UnsubscribeDigest, now)
	if err != nil {
		return false, err
	}
	mail, err := s.renderDigest(m, d, link, now)
	if err != nil {
		return false, err
	}
	if err := s.enqueue(ctx, fmt.Sprintf("mail:digest:%d:%s", m.ID, period), mail, now); err != nil {
		return false, err
	}
	if ids := d.pendingIDs(); len(ids) > 0 {
		if err := s.Store.MarkNotificationsMailed(ctx, ids, now); err != nil {
			return false, err
		}
	}
	return true, s.Store.RecordDigest(ctx, m.ID, period, &now)
}

// PreviousStart is where a member's first digest starts: one period before
// the current period's start.
func PreviousStart(frequency string, start time.Time) time.Time {
	if frequency == allmenning.DigestDaily {
		return start.AddDate(0, 0, -1)
	}
	return start.AddDate(0, 0, -7)
}

// Preview is what a member would get if their digest were made now,
// without sending or recording anything: the mail (nil when nothing is new)
// and the digest. The unsubscribe link is a placeholder.
func (s *Service) Preview(ctx context.Context, m *allmenning.Member, now time.Time) (*allmenning.Mail, *Digest, error) {
	prefs, err := s.Store.FindMailPrefs(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	freq := prefs.Digest
	calc := freq
	if calc == allmenning.DigestNever {
		calc = allmenning.DigestWeekly
	}
	_, start := allmenning.DigestPeriod(calc, now, i18n.Oslo)
	since := PreviousStart(calc, start)
	last, err := s.Store.FindLastDigest(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	if last != nil {
		since = *last
	}
	d, err := s.Compose(ctx, m, freq, since)
	if err != nil {
		return nil, nil, err
	}
	if d.Empty() {
		return nil, d, nil
	}
	mail, err := s.renderDigest(m, d, s.BaseURL+"/avmeld/EKSEMPEL", now)
	if err != nil {
		return nil, nil, err
	}
	return &mail, d, nil
}
