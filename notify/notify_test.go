package notify_test

// Who hears of what, on both databases, through the real discussion service
// publishing to the real notification service.

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/discuss"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/notify"
	"github.com/allmenning/allmenning/store"
)

var ctx = context.Background()

// errLog records what the service logs at error level.
type errLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errLog) Enabled(_ context.Context, level slog.Level) bool { return level >= slog.LevelError }
func (l *errLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Message)
	return nil
}
func (l *errLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errLog) WithGroup(string) slog.Handler      { return l }

// fx: Anne, Berit and Kari in Trondheim (5001), Ola in Bergen (4601), Per in
// Oslo (0301), Mona a moderator in Bergen.
type fx struct {
	db                                *store.DB
	ds                                *discuss.Service
	ns                                *notify.Service
	log                               *errLog
	anne, berit, kari, ola, per, mona *allmenning.Member
	created                           []*allmenning.Notification
}

func setup(t *testing.T, db *store.DB) *fx {
	t.Helper()
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	f := &fx{db: db, log: &errLog{}}
	member := func(email, name, muni string) *allmenning.Member {
		m, err := db.CreateMember(ctx, allmenning.NewMember{Email: email, Name: name, Municipality: muni, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	f.anne = member("anne@trondheim.kommune.no", "Anne Aune", "5001")
	f.berit = member("berit@trondheim.kommune.no", "Berit Berg", "5001")
	f.kari = member("kari@trondheim.kommune.no", "Kari Kvam", "5001")
	f.ola = member("ola@bergen.kommune.no", "Ola Olsen", "4601")
	f.per = member("per@oslo.kommune.no", "Per Pettersen", "0301")
	mona := member("mona@bergen.kommune.no", "Mona Moe", "4601")
	if err := db.GrantRole(ctx, mona.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.mona, err = db.FindMemberByID(ctx, mona.ID); err != nil {
		t.Fatal(err)
	}
	f.ds = discuss.New(db)
	f.ns = notify.New(db, slog.New(f.log))
	f.ns.Created = func(_ context.Context, ns []*allmenning.Notification) { f.created = append(f.created, ns...) }
	f.ds.Events = f.ns
	t.Cleanup(func() {
		if len(f.log.msgs) > 0 {
			t.Errorf("the service logged errors: %v", f.log.msgs)
		}
	})
	return f
}

func (f *fx) follow(t *testing.T, m *allmenning.Member, kind, ref string) {
	t.Helper()
	if _, err := f.ns.Follow(ctx, m, allmenning.FollowRef{Kind: kind, Ref: ref}, true); err != nil {
		t.Fatalf("%s follows %s %s: %v", m.Name, kind, ref, err)
	}
}

func (f *fx) mute(t *testing.T, m *allmenning.Member, kind string, id int64) {
	t.Helper()
	if _, err := f.ns.Mute(ctx, m, notify.Ref(kind, id), true); err != nil {
		t.Fatalf("%s mutes %s %d: %v", m.Name, kind, id, err)
	}
}

func (f *fx) thread(t *testing.T, author *allmenning.Member, area string, vis allmenning.Visibility, body string, tags ...string) *allmenning.Thread {
	t.Helper()
	th, err := f.ds.CreateThread(ctx, author, allmenning.NewThread{Title: "Tråd om " + area, Body: body, Area: area, Visibility: vis, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func (f *fx) reply(t *testing.T, author *allmenning.Member, threadID int64, to int, body string) *allmenning.Reply {
	t.Helper()
	r, err := f.ds.Reply(ctx, author, threadID, allmenning.NewReply{Body: body, ReplyTo: to})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// inbox is a member's notifications as "kind thread/reply actor×count".
func (f *fx) inbox(t *testing.T, m *allmenning.Member) []string {
	t.Helper()
	list, _, err := f.ns.Notifications(ctx, m, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range list {
		s := fmt.Sprintf("%s t%d", n.Kind, n.ThreadID)
		if n.ReplyID != 0 {
			s += fmt.Sprintf("/r%d", n.ReplyID)
		}
		if n.ActorName != "" {
			s += " " + strings.Fields(n.ActorName)[0]
		}
		if n.ActorCount != 1 {
			s += fmt.Sprintf("×%d", n.ActorCount)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func (f *fx) want(t *testing.T, step string, m *allmenning.Member, want ...string) {
	t.Helper()
	got := f.inbox(t, m)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %s has %q, want %q", step, m.Name, got, want)
	}
}

func tid(th *allmenning.Thread) string { return fmt.Sprintf("t%d", th.ID) }

func TestNewThread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.follow(t, f.berit, allmenning.FollowArea, "etikk") // by slug
		f.follow(t, f.ola, allmenning.FollowTag, "jul")      // by slug
		f.follow(t, f.per, allmenning.FollowMember, fmt.Sprint(f.anne.ID))
		f.follow(t, f.kari, allmenning.FollowArea, "operativ") // etikk's parent
		f.follow(t, f.anne, allmenning.FollowArea, "etikk")    // her own threads never notify her
		f.follow(t, f.mona, allmenning.FollowArea, "krise")    // elsewhere

		th := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Hva mener @"+f.berit.Handle+"?", "jul")
		f.want(t, "members-only", f.berit, "mention "+tid(th)+" Anne") // one notification, the strongest reason
		f.want(t, "members-only", f.ola, "new_thread "+tid(th)+" Anne")
		f.want(t, "members-only", f.per, "new_thread "+tid(th)+" Anne")
		f.want(t, "members-only", f.kari, "new_thread "+tid(th)+" Anne")
		f.want(t, "members-only", f.anne)
		f.want(t, "members-only", f.mona)

		// A municipality-only thread notifies nobody outside Trondheim,
		// however they follow it, and mentioning them changes nothing.
		muni := f.thread(t, f.anne, "etikk", allmenning.VisMunicipality, "Internt, @"+f.ola.Handle+" og @"+f.per.Handle, "jul")
		f.want(t, "municipality-only", f.berit, "mention "+tid(th)+" Anne", "new_thread "+tid(muni)+" Anne")
		f.want(t, "municipality-only", f.kari, "new_thread "+tid(th)+" Anne", "new_thread "+tid(muni)+" Anne")
		f.want(t, "municipality-only", f.ola, "new_thread "+tid(th)+" Anne")
		f.want(t, "municipality-only", f.per, "new_thread "+tid(th)+" Anne")

		// The author follows what she started.
		follows, err := f.ns.Follows(ctx, f.anne)
		if err != nil {
			t.Fatal(err)
		}
		var threads []int64
		for _, fl := range follows {
			if fl.Kind == allmenning.FollowThread {
				threads = append(threads, fl.ID)
			}
		}
		slices.Sort(threads)
		if !slices.Equal(threads, []int64{th.ID, muni.ID}) {
			t.Errorf("Anne follows threads %v, want %d and %d", threads, th.ID, muni.ID)
		}
		// The hook heard of each notification as it was made.
		if len(f.created) != 6 {
			t.Errorf("Created was called %d times, want 6", len(f.created))
		}
		for _, n := range f.created {
			if n.ID == 0 || n.ThreadTitle == "" {
				t.Errorf("Created got %+v, want a stored notification with its thread's title", n)
			}
		}
	})
}

func TestReplies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		th := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Første innlegg")
		r1 := f.reply(t, f.berit, th.ID, 0, "Svar fra Berit")
		f.want(t, "first reply", f.anne, fmt.Sprintf("reply %s/r%d Berit", tid(th), r1.ID))
		f.want(t, "first reply", f.berit)

		// Ola answers Berit: she is told (she follows the thread since she
		// replied, and wrote the post), and so is Anne, who follows it.
		r2 := f.reply(t, f.ola, th.ID, r1.Number, "Svar til Berit, @"+f.kari.Handle+" ser du?")
		f.want(t, "reply to a reply", f.berit, fmt.Sprintf("reply %s/r%d Ola", tid(th), r2.ID))
		f.want(t, "reply to a reply", f.anne, fmt.Sprintf("reply %s/r%d Berit", tid(th), r1.ID), fmt.Sprintf("reply %s/r%d Ola", tid(th), r2.ID))
		f.want(t, "reply to a reply", f.kari, fmt.Sprintf("mention %s/r%d Ola", tid(th), r2.ID))
		f.want(t, "reply to a reply", f.ola)

		// A question's asker hears of answers as answers.
		q, err := f.ds.CreateThread(ctx, f.per, allmenning.NewThread{Kind: allmenning.KindQuestion, Title: "Hvordan arkiverer dere?", Body: "Spørsmål", Area: "arkivering"})
		if err != nil {
			t.Fatal(err)
		}
		a := f.reply(t, f.anne, q.ID, 0, "Slik gjør vi det")
		f.want(t, "answer", f.per, fmt.Sprintf("answer %s/r%d Anne", tid(q), a.ID))

		// Muting the thread silences it; muting a member silences them.
		f.mute(t, f.anne, allmenning.MuteThread, th.ID)
		f.mute(t, f.berit, allmenning.MuteMember, f.kari.ID)
		r3 := f.reply(t, f.kari, th.ID, r1.Number, "Kari svarer Berit")
		f.want(t, "muted", f.anne, fmt.Sprintf("reply %s/r%d Berit", tid(th), r1.ID), fmt.Sprintf("reply %s/r%d Ola", tid(th), r2.ID))
		f.want(t, "muted", f.berit, fmt.Sprintf("reply %s/r%d Ola", tid(th), r2.ID))
		f.want(t, "muted", f.ola, fmt.Sprintf("reply %s/r%d Kari", tid(th), r3.ID))
		// Unmuting brings the notifications back for what follows.
		if _, err := f.ns.Mute(ctx, f.anne, notify.Ref(allmenning.MuteThread, th.ID), false); err != nil {
			t.Fatal(err)
		}
		r4 := f.reply(t, f.per, th.ID, 0, "Per svarer")
		if got := f.inbox(t, f.anne); !slices.Contains(got, fmt.Sprintf("reply %s/r%d Per", tid(th), r4.ID)) {
			t.Errorf("after unmuting Anne has %q", got)
		}
	})
}

func TestLikesGrouped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		th := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Lik meg")
		r := f.reply(t, f.berit, th.ID, 0, "Et svar")
		like := func(m *allmenning.Member, kind string, id int64, on bool) {
			t.Helper()
			if _, err := f.ds.Like(ctx, m, kind, id, on); err != nil {
				t.Fatal(err)
			}
		}
		like(f.berit, allmenning.PostThread, th.ID, true)
		like(f.kari, allmenning.PostThread, th.ID, true)
		like(f.ola, allmenning.PostThread, th.ID, true)
		like(f.kari, allmenning.PostThread, th.ID, false) // unliking and liking again counts Kari once
		like(f.kari, allmenning.PostThread, th.ID, true)
		like(f.per, allmenning.PostThread, th.ID, true)
		like(f.anne, allmenning.PostReply, r.ID, true)
		f.want(t, "grouped", f.anne, fmt.Sprintf("like %s Per×4", tid(th)), fmt.Sprintf("reply %s/r%d Berit", tid(th), r.ID))
		f.want(t, "grouped", f.berit, fmt.Sprintf("like %s/r%d Anne", tid(th), r.ID))

		list, unread, err := f.ns.Notifications(ctx, f.anne, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if unread != 2 {
			t.Errorf("unread = %d, want 2", unread)
		}
		// Once read, the next like starts a new group.
		var likeID int64
		for _, n := range list {
			if n.Kind == allmenning.NotifyLike {
				likeID = n.ID
			}
		}
		n, err := f.ns.Open(ctx, f.anne, likeID)
		if err != nil || n.ReadAt == nil || notify.Link(n) != fmt.Sprintf("/diskusjoner/%d", th.ID) {
			t.Fatalf("Open = %+v, %v", n, err)
		}
		if c, _ := f.ns.Unread(ctx, f.anne); c != 1 {
			t.Errorf("unread after opening one = %d, want 1", c)
		}
		if _, err := f.ns.Open(ctx, f.berit, likeID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("Berit opening Anne's notification: %v, want not found", err)
		}
		f.mute(t, f.anne, allmenning.MuteMember, f.ola.ID)
		like(f.ola, allmenning.PostThread, th.ID, false)
		like(f.ola, allmenning.PostThread, th.ID, true) // muted
		like(f.mona, allmenning.PostThread, th.ID, true)
		f.want(t, "after reading", f.anne, fmt.Sprintf("like %s Per×4", tid(th)), fmt.Sprintf("like %s Mona", tid(th)), fmt.Sprintf("reply %s/r%d Berit", tid(th), r.ID))

		if k, err := f.ns.MarkAllRead(ctx, f.anne); err != nil || k != 2 {
			t.Errorf("MarkAllRead = %d, %v; want 2", k, err)
		}
		if c, _ := f.ns.Unread(ctx, f.anne); c != 0 {
			t.Errorf("unread after marking all = %d", c)
		}
		if c, _ := f.ns.Unread(ctx, f.berit); c != 1 {
			t.Errorf("Berit's unread = %d after Anne marked hers, want 1", c)
		}
	})
}

func TestQuestionEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		q, err := f.ds.CreateThread(ctx, f.per, allmenning.NewThread{Kind: allmenning.KindQuestion, Title: "Hvem svarer på dette?", Body: "Spørsmål", Area: "arkivering"})
		if err != nil {
			t.Fatal(err)
		}
		area, err := db.FindAreaBySlug(ctx, "arkivering")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetExperts(ctx, area.ID, []int64{f.ola.ID, f.per.ID}); err != nil {
			t.Fatal(err)
		}
		a := f.reply(t, f.berit, q.ID, 0, "Et svar")
		events := []allmenning.Event{
			{Kind: allmenning.EventAnswerAccepted, ActorID: f.per.ID, ThreadID: q.ID, ReplyID: a.ID},
			{Kind: allmenning.EventExpertRequested, ActorID: f.per.ID, ThreadID: q.ID},
			{Kind: allmenning.EventEscalated, ThreadID: q.ID},
		}
		for _, e := range events {
			f.ns.Publish(ctx, e)
		}
		f.want(t, "accepted", f.berit, fmt.Sprintf("accepted %s/r%d Per", tid(q), a.ID))
		f.want(t, "expert queue", f.ola, fmt.Sprintf("expert_queue %s Per", tid(q)))
		f.want(t, "escalation", f.mona, "escalation "+tid(q))
		// Per asked and is an expert: his own request does not notify him.
		f.want(t, "asker", f.per, fmt.Sprintf("answer %s/r%d Berit", tid(q), a.ID))
		// An event handled twice notifies once.
		f.ns.Publish(ctx, events[0])
		f.want(t, "replayed", f.berit, fmt.Sprintf("accepted %s/r%d Per", tid(q), a.ID))
	})
}

// Deleted threads drop out of the list and the count; a failing event is
// logged and fails nothing.
func TestInvisibleAndFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.follow(t, f.berit, allmenning.FollowArea, "etikk")
		th := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Snart borte")
		if c, _ := f.ns.Unread(ctx, f.berit); c != 1 {
			t.Fatalf("unread = %d, want 1", c)
		}
		if _, err := f.ds.SetThreadDeleted(ctx, f.anne, th.ID, true); err != nil {
			t.Fatal(err)
		}
		f.want(t, "deleted", f.berit)
		if c, _ := f.ns.Unread(ctx, f.berit); c != 0 {
			t.Errorf("unread after deletion = %d, want 0", c)
		}
		// Replies in a deleted thread reach nobody.
		f.ns.Publish(ctx, allmenning.Event{Kind: allmenning.EventLiked, ActorID: f.kari.ID, ThreadID: th.ID, At: time.Now()})
		f.want(t, "like of deleted", f.anne)

		f.ns.Publish(ctx, allmenning.Event{Kind: allmenning.EventReplyCreated, ActorID: f.anne.ID, ThreadID: 999999, ReplyID: 1})
		if len(f.log.msgs) != 1 {
			t.Errorf("an event on a missing thread logged %v, want one error", f.log.msgs)
		}
		f.log.msgs = nil
	})
}

// Follow validation: kinds, ids, visibility and oneself.
func TestFollowRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		muni := f.thread(t, f.anne, "etikk", allmenning.VisMunicipality, "Internt")
		tests := []struct {
			who        *allmenning.Member
			kind, ref  string
			code, name string
		}{
			{f.berit, "area", "etikk", "", "Etikk"},
			{f.berit, "area", "999999", allmenning.ENOTFOUND, ""},
			{f.berit, "area", "finnes-ikke", allmenning.ENOTFOUND, ""},
			{f.berit, "tag", "Jul", "", "Jul"},
			{f.berit, "tag", "nisse", allmenning.ENOTFOUND, ""},
			{f.berit, "thread", fmt.Sprint(muni.ID), "", "Tråd om etikk"},
			{f.ola, "thread", fmt.Sprint(muni.ID), allmenning.ENOTFOUND, ""},
			{f.ola, "thread", "abc", allmenning.EINVALID, ""},
			{f.ola, "member", fmt.Sprint(f.ola.ID), allmenning.EINVALID, ""},
			{f.ola, "member", fmt.Sprint(f.anne.ID), "", "Anne Aune"},
			{f.ola, "member", "999999", allmenning.ENOTFOUND, ""},
			{f.ola, "group", "1", allmenning.EINVALID, ""},
			{f.ola, "area", "", allmenning.EINVALID, ""},
			{nil, "area", "etikk", allmenning.EUNAUTHORIZED, ""},
		}
		for _, tt := range tests {
			got, err := f.ns.Follow(ctx, tt.who, allmenning.FollowRef{Kind: tt.kind, Ref: tt.ref}, true)
			if code := allmenning.ErrorCode(err); code != tt.code {
				t.Errorf("follow %s %q: code %q (%v), want %q", tt.kind, tt.ref, code, err, tt.code)
			} else if err == nil && got.Name != tt.name {
				t.Errorf("follow %s %q: name %q, want %q", tt.kind, tt.ref, got.Name, tt.name)
			}
		}
		// Areas by id and by slug are the same follow.
		area, _ := db.FindAreaBySlug(ctx, "etikk")
		f.follow(t, f.berit, "area", fmt.Sprint(area.ID))
		list, _ := f.ns.Follows(ctx, f.berit)
		if len(list) != 3 {
			t.Errorf("Berit follows %d things, want 3 (area, tag, thread)", len(list))
		}
		if _, err := f.ns.Follow(ctx, f.berit, allmenning.FollowRef{Kind: "area", Ref: "etikk"}, false); err != nil {
			t.Fatal(err)
		}
		list, _ = f.ns.Follows(ctx, f.berit)
		if len(list) != 2 || list[0].Kind != "tag" {
			t.Errorf("after unfollowing the area Berit follows %+v", list)
		}
	})
}

// The queries the digest, mail and the personal feed rely on.
func TestDigestAndFeedQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		start := time.Now().Add(-time.Minute)
		f.follow(t, f.berit, allmenning.FollowArea, "etikk")
		f.follow(t, f.ola, allmenning.FollowArea, "etikk")
		quiet := f.thread(t, f.anne, "etikk", allmenning.VisMembers, "Stille")
		busy := f.thread(t, f.kari, "etikk", allmenning.VisMembers, "Travel")
		muni := f.thread(t, f.anne, "etikk", allmenning.VisMunicipality, "Internt")
		own := f.thread(t, f.berit, "etikk", allmenning.VisMembers, "Egen")
		other := f.thread(t, f.anne, "krise", allmenning.VisMembers, "Annet område")
		f.reply(t, f.ola, busy.ID, 0, "Svar")
		if _, err := f.ds.Like(ctx, f.anne, allmenning.PostThread, busy.ID, true); err != nil {
			t.Fatal(err)
		}
		ids := func(list []*allmenning.Thread) []int64 {
			var out []int64
			for _, th := range list {
				out = append(out, th.ID)
			}
			return out
		}
		got, err := db.FindFollowedThreads(ctx, allmenning.ViewerOf(f.berit), f.berit.ID, start, 10)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{busy.ID, muni.ID, quiet.ID}; !slices.Equal(ids(got), want) {
			t.Errorf("Berit's digest threads %v, want %v (best first, not her own, not another area)", ids(got), want)
		}
		got, _ = db.FindFollowedThreads(ctx, allmenning.ViewerOf(f.ola), f.ola.ID, start, 10)
		if want := []int64{busy.ID, own.ID, quiet.ID}; !slices.Equal(ids(got), want) {
			t.Errorf("Ola's digest threads %v, want %v (no municipality-only thread of Trondheim)", ids(got), want)
		}
		f.mute(t, f.berit, allmenning.MuteMember, f.kari.ID)
		got, _ = db.FindFollowedThreads(ctx, allmenning.ViewerOf(f.berit), f.berit.ID, start, 10)
		if slices.Contains(ids(got), busy.ID) {
			t.Error("a muted member's thread is in the digest")
		}
		if got, _ = db.FindFollowedThreads(ctx, allmenning.ViewerOf(f.berit), f.berit.ID, time.Now().Add(time.Hour), 10); len(got) != 0 {
			t.Errorf("threads since the future: %v", ids(got))
		}

		// The personal feed: followed areas and threads, newest activity first.
		feed, err := db.FindFeedThreads(ctx, allmenning.ViewerOf(f.berit), f.berit.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{own.ID, muni.ID, quiet.ID}; !slices.Equal(ids(feed), want) {
			t.Errorf("Berit's feed %v, want %v", ids(feed), want)
		}
		f.follow(t, f.ola, allmenning.FollowThread, fmt.Sprint(other.ID))
		feed, _ = db.FindFeedThreads(ctx, allmenning.ViewerOf(f.ola), f.ola.ID, 10)
		if want := []int64{busy.ID, other.ID, own.ID, quiet.ID}; !slices.Equal(ids(feed), want) {
			t.Errorf("Ola's feed %v, want %v", ids(feed), want)
		}

		// Pending mail: unread and unmailed, oldest first; marking mailed removes them.
		pending, err := db.FindPendingMailNotifications(ctx, f.berit.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 3 || pending[0].ThreadID != quiet.ID || pending[0].ThreadTitle == "" {
			t.Fatalf("pending for Berit: %+v", pending)
		}
		if err := db.MarkNotificationsMailed(ctx, []int64{pending[0].ID}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.ns.Open(ctx, f.berit, pending[1].ID); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.FindPendingMailNotifications(ctx, f.berit.ID); len(again) != 1 || again[0].ID != pending[2].ID {
			t.Errorf("after mailing one and reading one, pending %+v", again)
		}

		// Feed tokens: one at a time, revocable.
		s1, err := f.ns.CreateFeedToken(ctx, f.berit)
		if err != nil {
			t.Fatal(err)
		}
		if m, err := f.ns.FeedMember(ctx, s1); err != nil || m.ID != f.berit.ID {
			t.Fatalf("FeedMember = %v, %v", m, err)
		}
		s2, _ := f.ns.CreateFeedToken(ctx, f.berit)
		if _, err := f.ns.FeedMember(ctx, s1); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("the replaced secret still works: %v", err)
		}
		if tok, err := f.ns.FeedToken(ctx, f.berit); err != nil || tok == nil || !strings.HasPrefix(s2, tok.Prefix) {
			t.Errorf("FeedToken = %+v, %v", tok, err)
		}
		if err := f.ns.RevokeFeedToken(ctx, f.berit); err != nil {
			t.Fatal(err)
		}
		if _, err := f.ns.FeedMember(ctx, s2); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("a revoked secret still works: %v", err)
		}
		if tok, _ := f.ns.FeedToken(ctx, f.berit); tok != nil {
			t.Errorf("a token remains after revoking: %+v", tok)
		}
	})
}

// A reply's fan-out is written in batches: every follower hears of it once,
// except the author, those who muted the thread or the author, and those
// who may not see the thread; handling the event again changes nothing.
func TestReplyFanOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		th := f.thread(t, f.anne, "etikk", allmenning.VisMunicipality, "Mange følger denne")
		// More followers than one INSERT takes, all in Trondheim.
		var followers []*allmenning.Member
		for i := range 23 {
			m, err := db.CreateMember(ctx, allmenning.NewMember{Email: fmt.Sprintf("f%d@trondheim.kommune.no", i),
				Name: fmt.Sprintf("Følger %d", i), Municipality: "5001", PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			f.follow(t, m, allmenning.FollowThread, fmt.Sprint(th.ID))
			followers = append(followers, m)
		}
		f.mute(t, followers[0], allmenning.MuteThread, th.ID)
		f.mute(t, followers[1], allmenning.MuteMember, f.kari.ID)
		// Ola in Bergen followed the thread before it became Trondheim's
		// own (the store takes the follow as it is: no policy here).
		if err := db.SetFollow(ctx, f.ola.ID, allmenning.FollowThread, th.ID, true); err != nil {
			t.Fatal(err)
		}
		f.follow(t, f.kari, allmenning.FollowThread, fmt.Sprint(th.ID))
		f.created = nil

		r := f.reply(t, f.kari, th.ID, 0, "Kari svarer alle, også @"+f.per.Handle)
		want := fmt.Sprintf("reply %s/r%d Kari", tid(th), r.ID)
		for i, m := range followers {
			if i < 2 {
				f.want(t, "muted", m)
			} else {
				f.want(t, "follower", m, want)
			}
		}
		f.want(t, "thread author", f.anne, want)
		f.want(t, "the reply's author", f.kari)
		f.want(t, "another municipality, following", f.ola)
		f.want(t, "another municipality, mentioned", f.per)
		if len(f.created) != 22 {
			t.Errorf("Created was called %d times, want 22 (21 followers and Anne)", len(f.created))
		}
		for _, n := range f.created {
			if n.ID == 0 || n.ThreadTitle != th.Title || n.ReplyNumber != r.Number || n.ActorName != f.kari.Name {
				t.Errorf("Created got %+v, want a stored notification of reply %d in %q by %s", n, r.Number, th.Title, f.kari.Name)
				break
			}
		}

		// The same event again: nobody is told twice.
		f.created = nil
		f.ns.Publish(ctx, allmenning.Event{Kind: allmenning.EventReplyCreated, ActorID: f.kari.ID, ThreadID: th.ID, ReplyID: r.ID, At: time.Now()})
		if len(f.created) != 0 {
			t.Errorf("the event handled twice created %d notifications", len(f.created))
		}
		f.want(t, "replayed", followers[5], want)
		f.want(t, "replayed", f.anne, want)
	})
}
