package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/web"
)

// escalationInterval is how often overdue expert questions are looked for;
// a question is escalated at most this long after its due time.
const escalationInterval = 5 * time.Minute

// scheduleEscalation makes the job runner escalate overdue expert questions:
// once per interval across all nodes, each question once, its area's
// moderators notified through the questions service's events.
func scheduleEscalation(r *jobs.Runner, srv *web.Server, log *slog.Logger) {
	q := srv.Questions()
	if q == nil {
		return
	}
	r.Every("expert.escalate", escalationInterval, func(ctx context.Context, _ time.Time) error {
		list, err := q.EscalateOverdue(ctx, q.Now())
		if err != nil {
			return err
		}
		if len(list) > 0 {
			log.InfoContext(ctx, "expert questions escalated", "count", len(list))
		}
		return nil
	})
}
