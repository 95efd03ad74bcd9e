package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"time"

	"github.com/allmenning/allmenning"
)

// KindMail sends one e-mail; the payload is an allmenning.Mail.
const KindMail = "mail.send"

// MailHandler sends KindMail jobs through m. The SMTP server's permanent
// refusals (5xx) are not retried; temporary ones (4xx, no connection) are.
func MailHandler(m allmenning.Mailer) Handler {
	return func(ctx context.Context, j *allmenning.Job) error {
		var msg allmenning.Mail
		if err := Decode(j, &msg); err != nil {
			return err
		}
		if msg.To == "" {
			return Permanent(errors.New("jobs: mail without recipient"))
		}
		err := m.Send(ctx, msg)
		var tp *textproto.Error
		if errors.As(err, &tp) && tp.Code >= 500 {
			return Permanent(err)
		}
		return err
	}
}

// EnqueueMail queues one e-mail. With a key (e.g. "mail:notification:42")
// the mail is sent at most once however often it is enqueued.
func EnqueueMail(ctx context.Context, s allmenning.JobStore, key string, m allmenning.Mail, runAt time.Time) error {
	if m.To == "" {
		return fmt.Errorf("jobs: mail without recipient")
	}
	return Enqueue(ctx, s, KindMail, key, m, runAt)
}

// QueueMailer is an allmenning.Mailer that queues each message as a KindMail
// job instead of sending it, so that it is retried until the SMTP server takes it.
type QueueMailer struct {
	Store allmenning.JobStore
}

// Send queues msg.
func (q QueueMailer) Send(ctx context.Context, msg allmenning.Mail) error {
	return EnqueueMail(ctx, q.Store, "", msg, time.Time{})
}
