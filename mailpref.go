package allmenning

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// E-mail settings of one kind of notification.
const (
	MailOff       = "off"       // no e-mail
	MailImmediate = "immediate" // one e-mail as soon as it happens
	MailDigest    = "digest"    // collected in the digest
)

// How often the digest comes.
const (
	DigestDaily  = "daily"  // every day at 07:00 in Norway
	DigestWeekly = "weekly" // Monday at 07:00 in Norway
	DigestNever  = "never"
)

// MailKinds are the kinds of notification a member chooses e-mail for, in
// the order the settings page shows them. They are the kinds of the
// notifications table.
var MailKinds = []string{NotifyMention, NotifyReply, NotifyAnswer, NotifyAccepted, NotifyExpertQueue, NotifyEscalation, NotifyLike, NotifyNewThread}

// MailSettings lists the settings of one kind, in the order they are offered.
var MailSettings = []string{MailImmediate, MailDigest, MailOff}

// DigestFrequencies lists the digest frequencies, in the order they are offered.
var DigestFrequencies = []string{DigestDaily, DigestWeekly, DigestNever}

// DigestHour is the hour (Norwegian time) the digest is sent.
const DigestHour = 7

// UnsubscribeDigest is what an unsubscribe token names when it stops the digest
// rather than one kind of notification.
const UnsubscribeDigest = "digest"

// MailPrefs are a member's e-mail choices. Kinds holds a setting for every
// kind in MailKinds.
type MailPrefs struct {
	MemberID int64             `json:"member_id"`
	Kinds    map[string]string `json:"kinds"`
	Digest   string            `json:"digest"`
}

// DefaultMailSetting is the setting of a kind a member has not chosen:
// mentions and direct replies come at once, the rest in the digest.
func DefaultMailSetting(kind string) string {
	switch kind {
	case NotifyMention, NotifyReply, NotifyAnswer:
		return MailImmediate
	}
	return MailDigest
}

// DefaultMailPrefs are the choices of a member who has made none.
func DefaultMailPrefs(memberID int64) *MailPrefs {
	p := &MailPrefs{MemberID: memberID, Kinds: map[string]string{}, Digest: DigestWeekly}
	for _, k := range MailKinds {
		p.Kinds[k] = DefaultMailSetting(k)
	}
	return p
}

// For returns the setting of kind, the default when none is stored, and
// MailOff for a kind that is not known.
func (p *MailPrefs) For(kind string) string {
	if !slices.Contains(MailKinds, kind) {
		return MailOff
	}
	if v, ok := p.Kinds[kind]; ok {
		return v
	}
	return DefaultMailSetting(kind)
}

// Validate fills missing kinds with their defaults and reports settings
// that are not known; the field of a kind is "kind_<kind>".
func (p *MailPrefs) Validate() error {
	fe := FieldErrors{}
	if p.Kinds == nil {
		p.Kinds = map[string]string{}
	}
	for k, v := range p.Kinds {
		if !slices.Contains(MailKinds, k) {
			fe.Add("kind_"+k, "mail.pref.error.kind")
		} else if !slices.Contains(MailSettings, v) {
			fe.Add("kind_"+k, "mail.pref.error.setting")
		}
	}
	for _, k := range MailKinds {
		if _, ok := p.Kinds[k]; !ok {
			p.Kinds[k] = DefaultMailSetting(k)
		}
	}
	if p.Digest == "" {
		p.Digest = DigestWeekly
	}
	if !slices.Contains(DigestFrequencies, p.Digest) {
		fe.Add("digest", "mail.pref.error.digest")
	}
	return fe.Err()
}

// ValidUnsubscribe reports whether what names something one can unsubscribe
// from: a kind of notification or the digest.
func ValidUnsubscribe(what string) bool {
	return what == UnsubscribeDigest || slices.Contains(MailKinds, what)
}

// UnsubscribeToken is a one-click unsubscribe link's secret: it identifies
// the member and what the link stops. Only its key (UnsubscribeKey) is stored.
type UnsubscribeToken struct {
	Hash      string // UnsubscribeKey of the secret
	MemberID  int64
	What      string // a kind of MailKinds, or UnsubscribeDigest
	CreatedAt time.Time
	UsedAt    *time.Time
}

// Unsubscribe links. Every mail gets a link of its own, so there are as
// many as mails sent, and each is looked up by its stored key. A key that
// is only a hash lands each new link on a random page of an index that soon
// outgrows every cache (1.4 million links after the load benchmark's
// runs); so the secret starts with the time it was made, and so does the
// key: new keys go to the index's end, where the pages are at hand.
const unsubscribeStampLen = 12 // hex digits of Unix milliseconds, enough until the year 10889

// NewUnsubscribeSecret returns a new unsubscribe link's secret, made at now,
// and the key to store for it.
func NewUnsubscribeSecret(now time.Time) (secret, key string) {
	random, _ := NewSecret()
	secret = fmt.Sprintf("%0*x", unsubscribeStampLen, max(now.UnixMilli(), 0)) + "." + random
	return secret, UnsubscribeKey(secret)
}

// UnsubscribeKey returns the stored key of an unsubscribe secret: its time
// stamp and the hash of the whole secret. A secret without a stamp, as links
// were made before, is stored as its hash alone.
func UnsubscribeKey(secret string) string {
	if len(secret) > unsubscribeStampLen && secret[unsubscribeStampLen] == '.' {
		return secret[:unsubscribeStampLen+1] + HashSecret(secret)
	}
	return HashSecret(secret)
}

// NotificationMail is the immediate mail of one notification, ready to be
// queued: the unsubscribe token its link names, the mail job, and the time
// the notification is marked mailed.
type NotificationMail struct {
	Token          UnsubscribeToken
	Job            NewJob
	NotificationID int64
	At             time.Time
}

// DigestPeriod returns the period of a frequency that now falls in: its key
// (unique per period, e.g. "2026-03-02" or "2026-W10") and when it started
// (daily: 07:00 today, or yesterday before 07:00; weekly: Monday 07:00 this
// week, or the week before on Monday before 07:00), in Norwegian time. It
// returns "" for DigestNever.
func DigestPeriod(frequency string, now time.Time, loc *time.Location) (key string, start time.Time) {
	local := now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), DigestHour, 0, 0, 0, loc)
	switch frequency {
	case DigestDaily:
		if local.Before(day) {
			day = day.AddDate(0, 0, -1)
		}
		return "d" + day.Format("2006-01-02"), day
	case DigestWeekly:
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		day = day.AddDate(0, 0, -back)
		if local.Before(day) {
			day = day.AddDate(0, 0, -7)
		}
		y, w := day.ISOWeek()
		return fmt.Sprintf("w%04d-%02d", y, w), day
	}
	return "", time.Time{}
}

// DigestDue is a member whose digest of the current period has not been made.
type DigestDue struct {
	MemberID   int64
	Frequency  string
	LastSentAt *time.Time // the last digest actually sent, nil when none
}

// MailPrefStore keeps e-mail preferences, unsubscribe tokens and the
// digest's bookkeeping.
type MailPrefStore interface {
	// FindMailPrefs returns a member's choices, with defaults for what is not stored.
	FindMailPrefs(ctx context.Context, memberID int64) (*MailPrefs, error)
	SaveMailPrefs(ctx context.Context, p *MailPrefs) error

	CreateUnsubscribeToken(ctx context.Context, t UnsubscribeToken) error
	FindUnsubscribeToken(ctx context.Context, hash string) (*UnsubscribeToken, error)
	// Unsubscribe turns off what the token names (the kind, or the digest)
	// and notes the use; using a token again changes nothing and is no error.
	Unsubscribe(ctx context.Context, hash string, now time.Time) (*UnsubscribeToken, error)

	// FindDueDigests returns active members with the frequency whose digest of
	// the period (DigestPeriod's key) has not been made, by id after afterID,
	// at most limit.
	FindDueDigests(ctx context.Context, frequency, period string, afterID int64, limit int) ([]DigestDue, error)
	// RecordDigest notes that the period's digest of the member was made;
	// sentAt is nil when there was nothing new and no mail was sent.
	RecordDigest(ctx context.Context, memberID int64, period string, sentAt *time.Time) error
	// FindLastDigest returns when the member's last digest was sent (nil: never).
	FindLastDigest(ctx context.Context, memberID int64) (*time.Time, error)

	// FindUnansweredMatching returns questions created since, without
	// answers, visible to v, not by the member, whose tags or title match
	// one of the competences; newest first, at most limit.
	FindUnansweredMatching(ctx context.Context, v Viewer, memberID int64, competences []string, since time.Time, limit int) ([]*Thread, error)
}

// AuthorizeMail decides the actions of e-mail settings and the topic of the
// week, like Authorize: a member edits their own settings; moderators and
// operators (the editors) pick the topic of the week.
func AuthorizeMail(actor *Member, action Action, target Target) error {
	if actor != nil && actor.Status != StatusActive {
		return Errorf(EFORBIDDEN, "error.suspended")
	}
	switch action {
	case ActEditMailPrefs:
		if err := requireMember(actor); err != nil {
			return err
		}
		if target.Member == nil || target.Member.ID == actor.ID {
			return nil
		}
	case ActPickTopic:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsModerator() {
			return nil
		}
	default:
		return Authorize(actor, action, target)
	}
	return Errorf(EFORBIDDEN, "error.forbidden")
}

// Actions decided by AuthorizeMail.
const (
	ActEditMailPrefs Action = "mail.prefs"
	ActPickTopic     Action = "topic.pick"
)
