package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/notify"
	"github.com/allmenning/allmenning/store"
)

// recorder keeps the events a discussion service publishes, to hand them
// over later in one batch.
type recorder struct{ events []allmenning.Event }

func (r *recorder) Publish(_ context.Context, e allmenning.Event) { r.events = append(r.events, e) }

// A batch is told exactly what its events one by one would tell: each
// recipient once per event, by the most important reason, the actor never,
// muted members not; an event heard twice in one batch notifies once, and
// one that cannot be read is reported without losing the others.
func TestNotifyAllBatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		rec := &recorder{}
		f.ds.Events = rec
		f.follow(t, f.berit, allmenning.FollowArea, "etikk")
		th := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Første innlegg")
		r1 := f.reply(t, f.berit, th.ID, 0, "Svar fra Berit")
		r2 := f.reply(t, f.ola, th.ID, r1.Number, "Til Berit, og @"+f.kari.Handle)
		if err := db.SetFollow(ctx, f.anne.ID, allmenning.FollowThread, th.ID, true); err != nil {
			t.Fatal(err)
		}
		f.mute(t, f.per, allmenning.MuteThread, th.ID)
		r3 := f.reply(t, f.kari, th.ID, 0, "Kari svarer, @"+f.per.Handle)
		events := append(rec.events, rec.events[len(rec.events)-1],
			allmenning.Event{Kind: allmenning.EventReplyCreated, ActorID: f.anne.ID, ThreadID: 999999, ReplyID: 1, At: time.Now()})
		f.want(t, "before the batch", f.anne)

		created, err := f.ns.NotifyAll(ctx, events)
		if err == nil {
			t.Error("an event on a missing thread was not reported")
		}
		r := func(rep *allmenning.Reply, actor string) string {
			return fmt.Sprintf("reply %s/r%d %s", tid(th), rep.ID, actor)
		}
		// Who follows is read when the batch is handled: Ola and Kari, who
		// replied later, hear of Berit's reply too.
		f.want(t, "batch", f.anne, r(r1, "Berit"), r(r2, "Ola"), r(r3, "Kari"))
		f.want(t, "batch", f.berit, "new_thread "+tid(th)+" Anne", r(r2, "Ola"), r(r3, "Kari"))
		f.want(t, "batch", f.kari, r(r1, "Berit"), fmt.Sprintf("mention %s/r%d Ola", tid(th), r2.ID))
		f.want(t, "batch", f.ola, r(r1, "Berit"), r(r3, "Kari"))
		f.want(t, "batch", f.per)
		if len(created) != 10 || len(f.created) != 10 {
			t.Errorf("NotifyAll returned %d and Created got %d notifications, want 10", len(created), len(f.created))
		}
		// The actors follow the thread they replied to.
		for _, m := range []*allmenning.Member{f.berit, f.ola, f.kari} {
			follows, _, err := db.FollowStates(ctx, m.ID, []allmenning.FollowRef{notify.Ref(allmenning.FollowThread, th.ID)})
			if err != nil || !follows[notify.Ref(allmenning.FollowThread, th.ID)] {
				t.Errorf("%s does not follow the thread after the batch (%v)", m.Name, err)
			}
		}
	})
}

// The Dispatcher hands events over after Publish returns, in batches, and
// loses none: Wait sees them handled, and Close handles what is queued.
func TestDispatcher(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		th := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Mange svar")
		d := notify.NewDispatcher(f.ns)
		f.ds.Events = d
		var wg sync.WaitGroup
		members := []*allmenning.Member{f.berit, f.kari, f.ola, f.per}
		for _, m := range members {
			wg.Go(func() {
				for i := range 5 {
					if _, err := f.ds.Reply(ctx, m, th.ID, allmenning.NewReply{Body: fmt.Sprintf("Svar %d fra %s", i, m.Name)}); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		d.Wait()
		if got := len(f.inbox(t, f.anne)); got != 20 {
			t.Errorf("after Wait Anne has %d notifications, want 20", got)
		}

		// What is queued when the Dispatcher closes is still handled, and
		// an event published after Close is handled at once.
		last := f.reply(t, f.berit, th.ID, 0, "Siste før stengning")
		d.Close()
		after := f.reply(t, f.kari, th.ID, 0, "Etter stengning")
		got := f.inbox(t, f.anne)
		for _, r := range []*allmenning.Reply{last, after} {
			want := fmt.Sprintf("reply %s/r%d", tid(th), r.ID)
			found := false
			for _, g := range got {
				found = found || len(g) >= len(want) && g[:len(want)] == want
			}
			if !found {
				t.Errorf("reply %d was not notified across Close: Anne has %q", r.Number, got)
			}
		}
	})
}
