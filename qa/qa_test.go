package qa_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/discuss"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/qa"
	"github.com/allmenning/allmenning/store"
)

var ctx = context.Background()

// recorder keeps the events published.
type recorder struct {
	mu     sync.Mutex
	events []allmenning.Event
}

func (r *recorder) Publish(_ context.Context, e allmenning.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) kinds(threadID int64) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		if e.ThreadID == threadID {
			out = append(out, e.Kind)
		}
	}
	return out
}

type fixture struct {
	db     *store.DB
	qa     *qa.Service
	events *recorder
	// asker and voter in Trondheim, expert of juridisk in Oslo, a moderator in Bergen.
	asker, voter, expert, outsider, mod *allmenning.Member
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	ev := &recorder{}
	d := discuss.New(db)
	d.Events = ev
	s := qa.New(d, db)
	s.Events = ev
	f := &fixture{db: db, qa: s, events: ev}
	mk := func(email, name, muni string, grants ...allmenning.Grant) *allmenning.Member {
		m, err := db.CreateMember(ctx, allmenning.NewMember{Email: email, Name: name, Municipality: muni, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range grants {
			if err := db.GrantRole(ctx, m.ID, g); err != nil {
				t.Fatal(err)
			}
		}
		m, err = db.FindMemberByID(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	f.asker = mk("asker@trondheim.kommune.no", "Åse Asker", "5001")
	f.voter = mk("vera@trondheim.kommune.no", "Vera Velger", "5001")
	f.expert = mk("erik@oslo.kommune.no", "Erik Ekspert", "0301")
	f.outsider = mk("ola@oslo.kommune.no", "Ola Utenfor", "0301")
	f.mod = mk("mona@bergen.kommune.no", "Mona Moderator", "4601", allmenning.Grant{Role: allmenning.RoleModerator})
	area, err := db.FindAreaBySlug(ctx, "juridisk")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetExperts(ctx, area.ID, []int64{f.expert.ID}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) setLevel(t *testing.T, m *allmenning.Member, level int) {
	t.Helper()
	if err := f.db.SetTrustOverride(ctx, m.ID, &level); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) ask(t *testing.T, title string, vis allmenning.Visibility, expert bool) *allmenning.Question {
	t.Helper()
	q, err := f.qa.Ask(ctx, f.asker, allmenning.NewThread{Title: title, Body: "Hva sier loven om dette?", Area: "juridisk", Visibility: vis}, expert)
	if err != nil {
		t.Fatalf("ask %q: %v", title, err)
	}
	return q
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := allmenning.ErrorCode(err); got != code || err == nil {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func TestAskWithExpertAnswerAndAccept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		asked := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC) // a Wednesday before Easter
		db.SetClock(func() time.Time { return asked })

		q := f.ask(t, "Kan vi slette kommentarer på Facebook?", allmenning.VisMembers, true)
		if !q.ExpertRequested || q.DueAt == nil {
			t.Fatalf("question asked for an expert answer has ExpertRequested %v, DueAt %v", q.ExpertRequested, q.DueAt)
		}
		if want := allmenning.DueAt(asked, allmenning.DefaultResponseDays); !q.DueAt.Equal(want) {
			t.Errorf("due %v, want %v (two working days, Easter skipped)", q.DueAt, want)
		}
		if got := f.events.kinds(q.ID); strings.Join(got, ",") != "thread.created,expert.requested" {
			t.Errorf("events after asking = %v", got)
		}

		// Without the tick the question is not in the queue.
		plain := f.ask(t, "Skal vi arkivere meldinger i Messenger?", allmenning.VisMembers, false)
		if plain.ExpertRequested {
			t.Error("a question without the tick asked for an expert answer")
		}

		queue, err := f.qa.ExpertQueue(ctx, f.expert, allmenning.ExpertQueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(queue) != 1 || queue[0].ID != q.ID {
			t.Fatalf("expert queue = %v, want the one question", ids(queue))
		}
		_, err = f.qa.ExpertQueue(ctx, f.voter, allmenning.ExpertQueueFilter{})
		wantCode(t, "a member who is no expert opens the queue", err, allmenning.EFORBIDDEN)

		_, err = f.qa.Claim(ctx, f.voter, q.ID, true)
		wantCode(t, "a non-expert claims", err, allmenning.EFORBIDDEN)
		claimed, err := f.qa.Claim(ctx, f.expert, q.ID, true)
		if err != nil || claimed.ClaimedBy != f.expert.ID {
			t.Fatalf("expert claims: %v, claimed by %d", err, claimed.ClaimedBy)
		}

		// A member answers first; the clock runs on until the expert answers.
		db.SetClock(func() time.Time { return asked.Add(time.Hour) })
		first, err := f.qa.Answer(ctx, f.voter, q.ID, "Jeg tror det går fint.")
		if err != nil {
			t.Fatal(err)
		}
		db.SetClock(func() time.Time { return asked.Add(2 * time.Hour) })
		expertAnswer, err := f.qa.Answer(ctx, f.expert, q.ID, "Ja, når kommentaren er ulovlig eller bryter retningslinjene.")
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.qa.Question(ctx, f.asker, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Question.ExpertAnswerID != expertAnswer.ID || v.Question.ExpertAnsweredAt == nil {
			t.Errorf("expert answer %d not recorded: %+v", expertAnswer.ID, v.Question)
		}
		if queue, _ := f.qa.ExpertQueue(ctx, f.expert, allmenning.ExpertQueueFilter{}); len(queue) != 0 {
			t.Errorf("answered question still waits in the queue: %v", ids(queue))
		}

		// Voting: the first answer gets an upvote from the expert, so it
		// comes first until the expert's answer is accepted.
		if _, err := f.qa.Vote(ctx, f.expert, first.ID, allmenning.VoteUp); err != nil {
			t.Fatal(err)
		}
		v, _ = f.qa.Question(ctx, f.asker, q.ID)
		if v.Answers[0].ID != first.ID || v.Answers[0].Votes.Score != 1 {
			t.Fatalf("answers before accepting: first %d score %d, want %d with score 1", v.Answers[0].ID, v.Answers[0].Votes.Score, first.ID)
		}

		_, err = f.qa.Accept(ctx, f.voter, expertAnswer.ID)
		wantCode(t, "a member who did not ask accepts", err, allmenning.EFORBIDDEN)
		accepted, err := f.qa.Accept(ctx, f.asker, expertAnswer.ID)
		if err != nil || accepted.AcceptedAnswerID != expertAnswer.ID {
			t.Fatalf("asker accepts: %v", err)
		}
		v, _ = f.qa.Question(ctx, f.asker, q.ID)
		if v.Answers[0].ID != expertAnswer.ID || !v.Answers[0].Accepted || !v.Answers[0].Expert {
			t.Errorf("accepted expert answer is not first and marked: %+v", v.Answers[0])
		}
		if got := f.events.kinds(q.ID); !contains(got, "answer.accepted") {
			t.Errorf("events = %v, want answer.accepted", got)
		}
		rep, err := f.qa.Reputation(ctx, f.asker, f.expert.ID, 0, 10)
		if err != nil || rep.Total != 15 {
			t.Errorf("expert's reputation after an accepted answer = %v (%v), want 15", rep, err)
		}
		if _, err := f.qa.Unaccept(ctx, f.voter, q.ID); allmenning.ErrorCode(err) != allmenning.EFORBIDDEN {
			t.Errorf("a member who did not ask unaccepts: %v", err)
		}
		if un, err := f.qa.Unaccept(ctx, f.mod, q.ID); err != nil || un.AcceptedAnswerID != 0 {
			t.Errorf("moderator unaccepts: %v", err)
		}

		// SLA report for moderators only: one request, answered on time.
		_, err = f.qa.SLAReport(ctx, f.expert, allmenning.SLAFilter{})
		wantCode(t, "an expert opens the SLA report", err, allmenning.EFORBIDDEN)
		rpt, err := f.qa.SLAReport(ctx, f.mod, allmenning.SLAFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if rpt.Total.Count != 1 || rpt.Total.OnTime != 1 || len(rpt.Experts) != 1 || rpt.Experts[0].Name != "Erik Ekspert" {
			t.Errorf("SLA report = %+v", rpt)
		}
	})
}

func TestVotesAndTrustLevels(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q := f.ask(t, "Hvordan svarer vi på innsynskrav i Facebook-meldinger?", allmenning.VisMembers, false)
		a, err := f.qa.Answer(ctx, f.expert, q.ID, "Som andre innsynskrav.")
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.qa.Vote(ctx, f.voter, a.ID, allmenning.VoteDown)
		wantCode(t, "level 0 votes down", err, allmenning.EFORBIDDEN)
		if score, err := f.qa.Vote(ctx, f.voter, a.ID, allmenning.VoteUp); err != nil || score != 1 {
			t.Fatalf("level 0 votes up: score %d, %v", score, err)
		}
		f.setLevel(t, f.voter, 1)
		if score, err := f.qa.Vote(ctx, f.voter, a.ID, allmenning.VoteDown); err != nil || score != -1 {
			t.Fatalf("level 1 votes down: score %d, %v", score, err)
		}
		_, err = f.qa.Vote(ctx, f.expert, a.ID, allmenning.VoteUp)
		wantCode(t, "voting on one's own answer", err, allmenning.EFORBIDDEN)
		_, err = f.qa.Vote(ctx, nil, a.ID, allmenning.VoteUp)
		wantCode(t, "anonymous vote", err, allmenning.EUNAUTHORIZED)

		// Level 0 may have at most two links in a question, answer or comment.
		links := "Se https://a.example, https://b.example og https://c.example."
		_, err = f.qa.Ask(ctx, f.voter, allmenning.NewThread{Title: "Tre lenker i et spørsmål", Body: links, Area: "juridisk"}, false)
		if err != nil { // the voter is at level 1 now
			t.Fatalf("level 1 asks with three links: %v", err)
		}
		f.setLevel(t, f.voter, 0)
		_, err = f.qa.Ask(ctx, f.voter, allmenning.NewThread{Title: "Tre lenker i et spørsmål", Body: links, Area: "juridisk"}, false)
		wantCode(t, "level 0 asks with three links", err, allmenning.EINVALID)
		if allmenning.Fields(err)["body"] != "error.trust.too_many_links" {
			t.Errorf("fields = %v", allmenning.Fields(err))
		}
		_, err = f.qa.Answer(ctx, f.voter, q.ID, links)
		wantCode(t, "level 0 answers with three links", err, allmenning.EINVALID)
		_, err = f.qa.Comment(ctx, f.voter, a.ID, links)
		wantCode(t, "level 0 comments with three links", err, allmenning.EINVALID)
		if c, err := f.qa.Comment(ctx, f.voter, a.ID, "Takk, se https://lovdata.no"); err != nil || c.Body != "Takk, se https://lovdata.no" {
			t.Fatalf("comment with one link: %v", err)
		}
		// Discussions are held to the same limits.
		_, err = f.qa.Discuss.CreateThread(ctx, f.voter, allmenning.NewThread{Title: "Diskusjon med lenker", Body: links, Area: "etikk"})
		wantCode(t, "level 0 starts a discussion with three links", err, allmenning.EINVALID)
		if _, err := f.qa.Discuss.CreateThread(ctx, f.mod, allmenning.NewThread{Title: "Moderator med lenker", Body: links, Area: "etikk"}); err != nil {
			t.Errorf("a moderator is not limited: %v", err)
		}

		// Editing others' posts needs level 3.
		_, err = f.qa.Discuss.EditThread(ctx, f.voter, q.ID, allmenning.ThreadUpdate{Title: q.Title, Body: "Rettet skrivefeil."})
		wantCode(t, "level 0 edits another's question", err, allmenning.EFORBIDDEN)
		f.setLevel(t, f.voter, 2)
		_, err = f.qa.Discuss.EditReply(ctx, f.voter, a.ID, "Som andre innsynskrav, se offentleglova.")
		wantCode(t, "level 2 edits another's answer", err, allmenning.EFORBIDDEN)
		f.setLevel(t, f.voter, 3)
		if r, err := f.qa.Discuss.EditReply(ctx, f.voter, a.ID, "Som andre innsynskrav, se offentleglova."); err != nil || !strings.Contains(r.Body, "offentleglova") {
			t.Fatalf("level 3 edits another's answer: %v", err)
		}

		// Likes earn reputation, and unliking takes it back.
		before := repTotal(t, f, f.asker.ID)
		if n, err := f.qa.Like(ctx, f.voter, allmenning.PostThread, q.ID, true); err != nil || n != 1 {
			t.Fatalf("like: %d %v", n, err)
		}
		if got := repTotal(t, f, f.asker.ID); got != before+10 {
			t.Errorf("reputation after a like = %d, want %d", got, before+10)
		}
		if _, err := f.qa.Like(ctx, f.voter, allmenning.PostThread, q.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := repTotal(t, f, f.asker.ID); got != before {
			t.Errorf("reputation after unliking = %d, want %d", got, before)
		}
	})
}

func TestVisibilityAndFAQ(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		db.SetClock(func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) })
		secret := f.ask(t, "Hemmelig spørsmål om personvern i Trondheim", allmenning.VisMunicipality, true)
		open := f.ask(t, "Åpent spørsmål om personvern i kommunen", allmenning.VisMembers, true)

		// The expert in Oslo sees only the open question in the queue, in
		// similar questions and in lists.
		queue, err := f.qa.ExpertQueue(ctx, f.expert, allmenning.ExpertQueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(queue) != 1 || queue[0].ID != open.ID {
			t.Errorf("Oslo expert's queue = %v, want only %d", ids(queue), open.ID)
		}
		sim, err := f.qa.Similar(ctx, f.outsider, "personvern")
		if err != nil {
			t.Fatal(err)
		}
		if len(sim) != 1 || sim[0].ID != open.ID {
			t.Errorf("similar for Oslo = %v, want only %d", ids(sim), open.ID)
		}
		if sim, _ := f.qa.Similar(ctx, f.voter, "personvern"); len(sim) != 2 {
			t.Errorf("similar for Trondheim = %v, want both", ids(sim))
		}
		_, err = f.qa.Question(ctx, f.outsider, secret.ID)
		wantCode(t, "Oslo opens Trondheim's question", err, allmenning.ENOTFOUND)
		_, err = f.qa.Question(ctx, nil, secret.ID)
		wantCode(t, "anonymous opens a members' question", err, allmenning.EUNAUTHORIZED)

		// Escalation publishes an event per overdue question, once.
		late := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
		esc, err := f.qa.EscalateOverdue(ctx, late)
		if err != nil || len(esc) != 2 {
			t.Fatalf("escalated %v, %v; want both", ids(esc), err)
		}
		if again, _ := f.qa.EscalateOverdue(ctx, late); len(again) != 0 {
			t.Errorf("escalated again: %v", ids(again))
		}
		if got := f.events.kinds(secret.ID); !contains(got, "expert.escalated") {
			t.Errorf("events of the secret question = %v", got)
		}

		// FAQ: moderators promote questions with an accepted answer.
		for _, q := range []*allmenning.Question{secret, open} {
			a, err := f.qa.Answer(ctx, f.voter, q.ID, "Slik gjør vi det.")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.qa.Accept(ctx, f.asker, a.ID); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, "a member promotes", f.qa.AddFAQ(ctx, f.asker, open.ID), allmenning.EFORBIDDEN)
		if err := f.qa.AddFAQ(ctx, f.mod, open.ID); err != nil {
			t.Fatal(err)
		}
		// The moderator in Bergen cannot see the Trondheim question at all.
		wantCode(t, "moderator of another municipality promotes a private question", f.qa.AddFAQ(ctx, f.mod, secret.ID), allmenning.ENOTFOUND)
		faq, err := f.qa.FAQ(ctx, f.outsider, open.AreaID)
		if err != nil || len(faq) != 1 || faq[0].Question.ID != open.ID || faq[0].Answer == nil {
			t.Fatalf("FAQ for Oslo = %+v, %v", faq, err)
		}
		if v, err := f.qa.Question(ctx, f.asker, open.ID); err != nil || !v.InFAQ {
			t.Errorf("question page does not know it is in the FAQ: %v", err)
		}
		if err := f.qa.RemoveFAQ(ctx, f.mod, open.ID); err != nil {
			t.Fatal(err)
		}
		if faq, _ := f.qa.FAQ(ctx, f.outsider, open.AreaID); len(faq) != 0 {
			t.Errorf("FAQ after removing = %d entries", len(faq))
		}

		// Duplicates: moderators only.
		_, err = f.qa.MarkDuplicate(ctx, f.asker, open.ID, secret.ID)
		wantCode(t, "a member marks a duplicate", err, allmenning.EFORBIDDEN)
	})
}

func TestSortAnswers(t *testing.T) {
	del := time.Now()
	mk := func(n, score int, accepted bool, deleted bool) *qa.Answer {
		a := &qa.Answer{Reply: &allmenning.Reply{ID: int64(n), Number: n}, Accepted: accepted}
		a.Votes.Score = score
		if deleted {
			a.DeletedAt = &del
		}
		return a
	}
	list := []*qa.Answer{mk(1, 5, false, true), mk(2, 1, false, false), mk(3, 4, false, false), mk(4, -1, true, false), mk(5, 4, false, false)}
	qa.SortAnswers(list)
	var got []int
	for _, a := range list {
		got = append(got, a.Number)
	}
	want := []int{4, 3, 5, 2, 1} // accepted, then by score (ties oldest first), deleted last
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

func repTotal(t *testing.T, f *fixture, id int64) int {
	t.Helper()
	r, err := f.qa.Reputation(ctx, f.mod, id, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	return r.Total
}

func ids(qs []*allmenning.Question) []int64 {
	var out []int64
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
