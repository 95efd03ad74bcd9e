package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
	"github.com/allmenning/allmenning/workday"
)

// *store.DB is a QuestionStore.
var _ allmenning.QuestionStore = (*store.DB)(nil)

var oslo = workday.Norway().Loc

// osloTime parses "2025-04-16 10:00" in Norway.
func osloTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// question creates a question by author; empty fields as for thread.
func (f *fixture) question(t *testing.T, author *allmenning.Member, n allmenning.NewThread) *allmenning.Thread {
	t.Helper()
	n.Kind = allmenning.KindQuestion
	return f.thread(t, author, n)
}

// member creates another member.
func (f *fixture) member(t *testing.T, name, municipality string) *allmenning.Member {
	t.Helper()
	return mustMember(t, f.db, allmenning.Slugify(name)+"@example.kommune.no", name, municipality)
}

func areaID(t *testing.T, db *store.DB, slug string) int64 {
	t.Helper()
	a, err := db.FindAreaBySlug(ctx, slug)
	if err != nil {
		t.Fatalf("area %s: %v", slug, err)
	}
	return a.ID
}

func getQuestion(t *testing.T, db *store.DB, v allmenning.Viewer, id int64) *allmenning.Question {
	t.Helper()
	q, err := db.FindQuestion(ctx, v, id)
	if err != nil {
		t.Fatalf("find question %d: %v", id, err)
	}
	return q
}

func vote(t *testing.T, db *store.DB, m *allmenning.Member, replyID int64, value int) int {
	t.Helper()
	score, err := db.SetVote(ctx, m, replyID, value)
	if err != nil {
		t.Fatalf("%s votes %d on %d: %v", m.Name, value, replyID, err)
	}
	return score
}

// rep returns a member's total reputation, checking that it is the sum of the history.
func rep(t *testing.T, db *store.DB, memberID int64) int {
	t.Helper()
	r, err := db.FindReputation(ctx, allmenning.Viewer{}, memberID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, e := range r.Events {
		sum += e.Points
	}
	if r.Count <= 100 && sum != r.Total {
		t.Errorf("member %d: total %d but history sums to %d", memberID, r.Total, sum)
	}
	return r.Total
}

func questionIDs(list []*allmenning.Question) []int64 {
	out := []int64{}
	for _, q := range list {
		out = append(out, q.ID)
	}
	return out
}

func TestFindQuestion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q := f.question(t, f.anne, allmenning.NewThread{Title: "Hvordan arkiverer dere Facebook?", Visibility: allmenning.VisMunicipality})
		pub := f.question(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisPublic})
		d := f.thread(t, f.anne, allmenning.NewThread{})

		got := getQuestion(t, db, f.same, q.ID)
		if got.Thread == nil || got.ID != q.ID || got.Title != q.Title || got.Kind != allmenning.KindQuestion || got.AcceptedAnswerID != 0 ||
			got.DuplicateOf != 0 || got.ExpertRequested || got.DueAt != nil || got.ClaimedBy != 0 || got.ExpertAnsweredAt != nil ||
			got.EscalatedAt != nil || got.Escalated || got.Tags == nil || got.UnreadCount != -1 {
			t.Errorf("question = %+v", got)
		}
		for _, c := range []struct {
			name string
			v    allmenning.Viewer
			id   int64
		}{
			{"other municipality, private", f.other, q.ID},
			{"anonymous, private", f.anon, q.ID},
			{"discussion", f.same, d.ID},
			{"unknown", f.same, 999999},
		} {
			_, err := db.FindQuestion(ctx, c.v, c.id)
			if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("%s: %v, want not found", c.name, err)
			}
		}
		if got := getQuestion(t, db, f.anon, pub.ID); got.ID != pub.ID || got.UnreadCount != 0 {
			t.Errorf("anonymous public question = %+v", got)
		}
		if err := db.DeleteThread(ctx, f.mona, pub.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindQuestion(ctx, f.same, pub.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("deleted question found by a member: %v", err)
		}
		if got := getQuestion(t, db, f.mod, pub.ID); got.DeletedAt == nil {
			t.Errorf("moderator's deleted question = %+v", got)
		}
	})
}

func TestFindQuestions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
		next := func() { c.add(time.Minute) }
		none := f.question(t, f.anne, allmenning.NewThread{Area: "etikk"})
		next()
		replied := f.question(t, f.ola, allmenning.NewThread{Area: "juridisk"})
		r := f.reply(t, f.berit, replied.ID, "Et svar")
		next()
		accepted := f.question(t, f.anne, allmenning.NewThread{Area: "beredskap"})
		ra := f.reply(t, f.ola, accepted.ID, "Godtatt svar")
		if _, err := db.AcceptAnswer(ctx, f.anne, ra.ID); err != nil {
			t.Fatal(err)
		}
		next()
		private := f.question(t, f.anne, allmenning.NewThread{Area: "etikk", Visibility: allmenning.VisMunicipality})
		next()
		dup := f.question(t, f.berit, allmenning.NewThread{Area: "etikk"})
		if _, err := db.MarkDuplicate(ctx, f.mona, dup.ID, none.ID); err != nil {
			t.Fatal(err)
		}
		next()
		deletedReply := f.question(t, f.berit, allmenning.NewThread{Area: "etikk"})
		rd := f.reply(t, f.ola, deletedReply.ID, "Slettet svar")
		if _, err := db.AcceptAnswer(ctx, f.berit, rd.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteReply(ctx, f.mona, rd.ID); err != nil {
			t.Fatal(err)
		}
		next()
		expert := f.question(t, f.ola, allmenning.NewThread{Area: "beredskap"})
		if _, err := db.RequestExpert(ctx, f.ola, expert.ID); err != nil {
			t.Fatal(err)
		}
		next()
		f.thread(t, f.anne, allmenning.NewThread{Area: "etikk"}) // a discussion
		_ = r

		for _, tc := range []struct {
			name   string
			v      allmenning.Viewer
			filter allmenning.QuestionFilter
			want   []*allmenning.Thread
		}{
			{"all, newest first", f.same, allmenning.QuestionFilter{}, []*allmenning.Thread{expert, deletedReply, dup, private, accepted, replied, none}},
			{"other municipality", f.other, allmenning.QuestionFilter{}, []*allmenning.Thread{expert, deletedReply, dup, accepted, replied, none}},
			{"anonymous", f.anon, allmenning.QuestionFilter{}, nil},
			{"no replies", f.same, allmenning.QuestionFilter{Unanswered: allmenning.UnansweredNoReplies}, []*allmenning.Thread{expert, deletedReply, private, none}},
			{"no accepted", f.same, allmenning.QuestionFilter{Unanswered: allmenning.UnansweredNoAccepted}, []*allmenning.Thread{expert, deletedReply, private, replied, none}},
			{"no accepted, other municipality", f.other, allmenning.QuestionFilter{Unanswered: allmenning.UnansweredNoAccepted}, []*allmenning.Thread{expert, deletedReply, replied, none}},
			{"area with children", f.same, allmenning.QuestionFilter{Area: "krise"}, []*allmenning.Thread{expert, accepted}},
			{"area and unanswered", f.same, allmenning.QuestionFilter{Area: "krise", Unanswered: allmenning.UnansweredNoAccepted}, []*allmenning.Thread{expert}},
			{"expert requested", f.same, allmenning.QuestionFilter{ExpertRequested: true}, []*allmenning.Thread{expert}},
			{"author", f.same, allmenning.QuestionFilter{Author: f.anne.ID}, []*allmenning.Thread{private, accepted, none}},
			{"paging", f.same, allmenning.QuestionFilter{Offset: 2, Limit: 2}, []*allmenning.Thread{dup, private}},
		} {
			p, err := db.FindQuestions(ctx, tc.v, tc.filter)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			want := ids(tc.want...)
			total := len(want)
			if tc.filter.Limit > 0 {
				total = 7
			}
			if got := questionIDs(p.Questions); !slices.Equal(got, want) || p.Total != total {
				t.Errorf("%s: %v (total %d), want %v", tc.name, got, p.Total, want)
			}
		}
		p, err := db.FindQuestions(ctx, f.same, allmenning.QuestionFilter{Unanswered: allmenning.UnansweredNoAccepted, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range p.Questions {
			if q.AcceptedAnswerID != 0 {
				t.Errorf("unaccepted list has %d with accepted answer %d", q.ID, q.AcceptedAnswerID)
			}
			if q.ID == expert.ID && (!q.ExpertRequested || q.DueAt == nil) {
				t.Errorf("expert question in list = %+v", q)
			}
		}
		if q := getQuestion(t, db, f.same, dup.ID); q.DuplicateOf != none.ID {
			t.Errorf("duplicate = %+v", q)
		}
		_, err = db.FindQuestions(ctx, f.same, allmenning.QuestionFilter{Unanswered: "maybe"})
		wantCode(t, err, allmenning.EINVALID, "unanswered", "error.question.filter_invalid")
	})
}

func TestVotes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q := f.question(t, f.anne, allmenning.NewThread{})
		a := f.reply(t, f.berit, q.ID, "Svaret mitt")
		b := f.reply(t, f.ola, q.ID, "Et annet svar")

		steps := []struct {
			who   *allmenning.Member
			value int
			score int
			rep   int // Berit's reputation after
		}{
			{f.ola, 1, 1, 10},
			{f.ola, 1, 1, 10}, // again: nothing changes
			{f.anne, -1, 0, 8},
			{f.ola, -1, -2, -4}, // up to down: -10, then -2
			{f.ola, 0, -1, -2},  // removed: +2
			{f.ola, 0, -1, -2},  // removing again: nothing
			{f.anne, 1, 1, 10},  // down to up: +2, +10
			{f.mona, 1, 2, 20},
		}
		for i, s := range steps {
			if got := vote(t, db, s.who, a.ID, s.value); got != s.score {
				t.Errorf("step %d: score %d, want %d", i, got, s.score)
			}
			if got := rep(t, db, f.berit.ID); got != s.rep {
				t.Errorf("step %d: Berit's reputation %d, want %d", i, got, s.rep)
			}
		}
		vote(t, db, f.berit, b.ID, -1)
		if got := rep(t, db, f.ola.ID); got != -2 {
			t.Errorf("Ola's reputation %d, want -2", got)
		}
		if got := rep(t, db, f.anne.ID); got != 0 {
			t.Errorf("voting gave the voter reputation: %d", got)
		}

		votes, err := db.FindAnswerVotes(ctx, f.same, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if va, vb := votes[a.ID], votes[b.ID]; va == nil || vb == nil || *va != (allmenning.AnswerVotes{Score: 2, Up: 2, MyVote: 0}) ||
			*vb != (allmenning.AnswerVotes{Score: -1, Down: 1, MyVote: -1}) || len(votes) != 2 {
			t.Errorf("votes for Berit = %+v / %+v", va, vb)
		}
		votes, err = db.FindAnswerVotes(ctx, f.other, q.ID)
		if err != nil || votes[a.ID].MyVote != 0 || votes[a.ID].Score != 2 || votes[b.ID].MyVote != 0 {
			t.Errorf("Bergen's votes = %v, %v", votes, err)
		}
		if _, err := db.FindAnswerVotes(ctx, f.anon, q.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("anonymous votes of a members' question: %v", err)
		}

		// What may not be voted on.
		d := f.thread(t, f.anne, allmenning.NewThread{})
		dr := f.reply(t, f.berit, d.ID, "Svar i en diskusjon")
		private := f.question(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisMunicipality})
		pr := f.reply(t, f.berit, private.ID, "Privat svar")
		gone := f.reply(t, f.berit, q.ID, "Slettes")
		if err := db.DeleteReply(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			who   *allmenning.Member
			reply int64
			value int
			code  string
		}{
			{"own answer", f.berit, a.ID, 1, allmenning.EFORBIDDEN},
			{"discussion reply", f.anne, dr.ID, 1, allmenning.EINVALID},
			{"invisible answer", f.ola, pr.ID, 1, allmenning.ENOTFOUND},
			{"deleted answer", f.anne, gone.ID, 1, allmenning.ENOTFOUND},
			{"unknown answer", f.anne, 999999, 1, allmenning.ENOTFOUND},
			{"bad value", f.anne, a.ID, 2, allmenning.EINVALID},
			{"anonymous", nil, a.ID, 1, allmenning.EUNAUTHORIZED},
		} {
			if _, err := db.SetVote(ctx, c.who, c.reply, c.value); allmenning.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if _, err := db.SetVote(ctx, f.berit, a.ID, 0); err != nil {
			t.Errorf("removing a (non-existent) vote on one's own answer: %v", err)
		}
		if _, err := db.FindAnswerVotes(ctx, f.other, private.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("votes of an invisible question: %v", err)
		}
		if got := rep(t, db, f.berit.ID); got != 20 {
			t.Errorf("failed votes changed reputation: %d", got)
		}
	})
}

// Many members voting on one answer at once: the score and the reputation
// (with its daily cap) come out exact, and so do their removals.
func TestVotesConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.useClock(osloTime(t, "2025-03-04 10:00"))
		q := f.question(t, f.anne, allmenning.NewThread{})
		a1 := f.reply(t, f.berit, q.ID, "Første svar")
		a2 := f.reply(t, f.berit, q.ID, "Andre svar")
		const n = 15
		voters := make([]*allmenning.Member, n)
		for i := range voters {
			voters[i] = f.member(t, fmt.Sprintf("Velger Nummer %d", i), "4601")
		}
		run := func(value int) {
			done := make(chan error, 2*n+10)
			for i, v := range voters {
				go func() { _, err := db.SetVote(ctx, v, a1.ID, value); done <- err }()
				go func() { _, err := db.SetVote(ctx, voters[(i+1)%n], a2.ID, value); done <- err }()
			}
			// The same member sending the same vote ten times at once.
			for range 10 {
				go func() { _, err := db.SetVote(ctx, f.ola, a1.ID, value); done <- err }()
			}
			for range 2*n + 10 {
				if err := <-done; err != nil {
					t.Errorf("vote %d: %v", value, err)
				}
			}
		}
		run(1)
		votes, err := db.FindAnswerVotes(ctx, f.same, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if votes[a1.ID].Score != n+1 || votes[a2.ID].Score != n {
			t.Errorf("scores %d and %d, want %d and %d", votes[a1.ID].Score, votes[a2.ID].Score, n+1, n)
		}
		// 31 upvotes are 310 points: the cap keeps 200, in 20 full events.
		if got := rep(t, db, f.berit.ID); got != allmenning.ReputationDailyCap {
			t.Errorf("Berit's reputation %d, want the cap %d", got, allmenning.ReputationDailyCap)
		}
		r, err := db.FindReputation(ctx, f.same, f.berit.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		full, zero := 0, 0
		for _, e := range r.Events {
			switch e.Points {
			case 10:
				full++
			case 0:
				zero++
			default:
				t.Errorf("event of %d points", e.Points)
			}
		}
		if full != 20 || zero != 11 || r.Count != 31 || r.Today != 200 {
			t.Errorf("%d full and %d empty events, count %d, today %d", full, zero, r.Count, r.Today)
		}
		run(0)
		votes, _ = db.FindAnswerVotes(ctx, f.same, q.ID)
		if len(votes) != 0 {
			t.Errorf("votes left: %v", votes)
		}
		if got := rep(t, db, f.berit.ID); got != 0 {
			t.Errorf("after removing every vote Berit has %d", got)
		}
	})
}

func TestAcceptAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q := f.question(t, f.anne, allmenning.NewThread{})
		rb := f.reply(t, f.berit, q.ID, "Berits svar")
		ro := f.reply(t, f.ola, q.ID, "Olas svar")
		ra := f.reply(t, f.anne, q.ID, "Mitt eget svar")
		reps := func(step string, anne, berit, ola, mona int) {
			t.Helper()
			for _, c := range []struct {
				m    *allmenning.Member
				want int
			}{{f.anne, anne}, {f.berit, berit}, {f.ola, ola}, {f.mona, mona}} {
				if got := rep(t, db, c.m.ID); got != c.want {
					t.Errorf("%s: %s has %d, want %d", step, c.m.Name, got, c.want)
				}
			}
		}
		accept := func(by *allmenning.Member, reply int64) *allmenning.Question {
			t.Helper()
			got, err := db.AcceptAnswer(ctx, by, reply)
			if err != nil {
				t.Fatalf("%s accepts %d: %v", by.Name, reply, err)
			}
			if got.AcceptedAnswerID != reply {
				t.Errorf("accepted %d, want %d", got.AcceptedAnswerID, reply)
			}
			return got
		}
		accept(f.anne, rb.ID)
		reps("Anne accepts Berit's", 2, 15, 0, 0)
		accept(f.anne, rb.ID)
		reps("again", 2, 15, 0, 0)
		accept(f.anne, ro.ID)
		reps("Anne switches to Ola's", 2, 0, 15, 0)
		accept(f.mona, rb.ID)
		reps("moderator switches to Berit's", 0, 15, 0, 0)
		accept(f.anne, ra.ID)
		reps("Anne accepts her own", 0, 0, 0, 0)
		accept(f.anne, rb.ID)
		reps("back to Berit's", 2, 15, 0, 0)
		got, err := db.UnacceptAnswer(ctx, f.anne, q.ID)
		if err != nil || got.AcceptedAnswerID != 0 {
			t.Fatalf("unaccept: %+v, %v", got, err)
		}
		reps("unaccepted", 0, 0, 0, 0)
		if _, err := db.UnacceptAnswer(ctx, f.anne, q.ID); err != nil {
			t.Errorf("unaccepting again: %v", err)
		}
		reps("unaccepted again", 0, 0, 0, 0)

		// The accepted answer counts only while it is not deleted.
		accept(f.anne, ro.ID)
		if err := db.DeleteReply(ctx, f.mona, ro.ID); err != nil {
			t.Fatal(err)
		}
		if q := getQuestion(t, db, f.same, q.ID); q.AcceptedAnswerID != 0 {
			t.Errorf("deleted accepted answer still accepted: %d", q.AcceptedAnswerID)
		}
		if err := db.RestoreReply(ctx, ro.ID); err != nil {
			t.Fatal(err)
		}
		if q := getQuestion(t, db, f.same, q.ID); q.AcceptedAnswerID != ro.ID {
			t.Errorf("restored accepted answer: %d", q.AcceptedAnswerID)
		}

		d := f.thread(t, f.anne, allmenning.NewThread{})
		dr := f.reply(t, f.berit, d.ID, "Svar i diskusjon")
		private := f.question(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisMunicipality})
		pr := f.reply(t, f.berit, private.ID, "Privat")
		if _, err := db.AcceptAnswer(ctx, f.anne, dr.ID); allmenning.ErrorCode(err) != allmenning.EINVALID {
			t.Errorf("accepting in a discussion: %v", err)
		}
		if _, err := db.AcceptAnswer(ctx, f.mona, pr.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("accepting in an invisible question: %v", err)
		}
		if _, err := db.UnacceptAnswer(ctx, f.ola, private.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unaccepting in an invisible question: %v", err)
		}
		if _, err := db.UnacceptAnswer(ctx, f.anne, d.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unaccepting in a discussion: %v", err)
		}
		if _, err := db.AcceptAnswer(ctx, nil, rb.ID); allmenning.ErrorCode(err) != allmenning.EUNAUTHORIZED {
			t.Errorf("anonymous accept: %v", err)
		}
	})
}

// The daily cap, across votes of several kinds, with a partly capped award
// taken back exactly, and accepted answers exempt; a new day starts afresh.
func TestReputationDailyCapStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-03-04 09:00"))
		voters := []*allmenning.Member{f.anne, f.ola, f.mona, f.member(t, "Kari Kvam", "0301"), f.member(t, "Per Pran", "0301")}
		q := f.question(t, f.anne, allmenning.NewThread{})
		answers := make([]*allmenning.Reply, 6)
		for i := range answers {
			answers[i] = f.reply(t, f.berit, q.ID, fmt.Sprintf("Svar %d", i))
		}
		type key struct{ voter, answer int }
		n := 0
		up := func(k key, wantTotal int) {
			t.Helper()
			c.add(time.Minute)
			vote(t, db, voters[k.voter], answers[k.answer].ID, 1)
			n++
			if got := rep(t, db, f.berit.ID); got != wantTotal {
				t.Fatalf("after upvote %d: %d, want %d", n, got, wantTotal)
			}
		}
		keys := []key{}
		for a := range answers {
			for v := range voters {
				keys = append(keys, key{v, a})
			}
		}
		for i := range 19 {
			up(keys[i], 10*(i+1))
		}
		c.add(time.Minute)
		vote(t, db, voters[0], answers[5].ID, -1) // 188
		up(keys[19], 198)
		up(keys[20], 200) // partly capped: +2
		up(keys[21], 200) // capped: 0
		// Taking back the partial award takes back 2, which makes room for 2.
		c.add(time.Minute)
		vote(t, db, voters[keys[20].voter], answers[keys[20].answer].ID, 0)
		if got := rep(t, db, f.berit.ID); got != 198 {
			t.Errorf("after taking back the partial award: %d, want 198", got)
		}
		// Taking back the capped one takes back nothing.
		vote(t, db, voters[keys[21].voter], answers[keys[21].answer].ID, 0)
		if got := rep(t, db, f.berit.ID); got != 198 {
			t.Errorf("after taking back the capped award: %d, want 198", got)
		}
		up(keys[22], 200)
		// Accepted answers are exempt.
		c.add(time.Minute)
		if _, err := db.AcceptAnswer(ctx, f.anne, answers[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := rep(t, db, f.berit.ID); got != 215 {
			t.Errorf("after acceptance: %d, want 215", got)
		}
		r, err := db.FindReputation(ctx, f.same, f.berit.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r.Today != 200 || r.Total != 215 {
			t.Errorf("today %d, total %d", r.Today, r.Total)
		}
		// Midnight in Norway (23:00 UTC in winter) starts a new day.
		c.set(osloTime(t, "2025-03-05 00:01"))
		up(keys[23], 225)
		r, _ = db.FindReputation(ctx, f.same, f.berit.ID, 0, 0)
		if r.Today != 10 {
			t.Errorf("today after midnight %d, want 10", r.Today)
		}
		// Undoing yesterday's full award on the new day takes back 10.
		c.add(time.Minute)
		vote(t, db, voters[keys[0].voter], answers[keys[0].answer].ID, 0)
		if got := rep(t, db, f.berit.ID); got != 215 {
			t.Errorf("after undoing yesterday's vote: %d, want 215", got)
		}
	})
}

func TestAnswerComments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q := f.question(t, f.anne, allmenning.NewThread{})
		a := f.reply(t, f.berit, q.ID, "Svar")
		b := f.reply(t, f.ola, q.ID, "Annet svar")
		c1, err := db.AddAnswerComment(ctx, f.ola, a.ID, "  Gjelder dette også nynorsk?  ")
		if err != nil {
			t.Fatal(err)
		}
		if c1.ID == 0 || c1.ReplyID != a.ID || c1.AuthorID != f.ola.ID || c1.AuthorName != "Ola Olsen" || c1.Body != "Gjelder dette også nynorsk?" || c1.CreatedAt.IsZero() {
			t.Errorf("comment = %+v", c1)
		}
		c2, err := db.AddAnswerComment(ctx, f.anne, a.ID, "Ja.")
		if err != nil {
			t.Fatal(err)
		}
		c3, err := db.AddAnswerComment(ctx, f.anne, b.ID, "Takk!")
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.FindAnswerComments(ctx, f.other, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || len(list[a.ID]) != 2 || list[a.ID][0].ID != c1.ID || list[a.ID][1].ID != c2.ID || len(list[b.ID]) != 1 || list[b.ID][0].ID != c3.ID {
			t.Errorf("comments = %+v", list)
		}
		if err := db.DeleteReply(ctx, f.mona, b.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.FindAnswerComments(ctx, f.same, q.ID); len(list[b.ID]) != 0 || len(list[a.ID]) != 2 {
			t.Errorf("comments on a deleted answer shown to a member: %v", list)
		}
		if list, _ := db.FindAnswerComments(ctx, f.mod, q.ID); len(list[b.ID]) != 1 {
			t.Errorf("moderator does not see comments on a deleted answer: %v", list)
		}

		private := f.question(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisMunicipality})
		pa := f.reply(t, f.berit, private.ID, "Privat svar")
		d := f.thread(t, f.anne, allmenning.NewThread{})
		da := f.reply(t, f.berit, d.ID, "Diskusjonssvar")
		for _, c := range []struct {
			name   string
			author *allmenning.Member
			reply  int64
			body   string
			code   string
		}{
			{"empty", f.ola, a.ID, "  ", allmenning.EINVALID},
			{"too long", f.ola, a.ID, strings.Repeat("ø", allmenning.CommentMaxLength+1), allmenning.EINVALID},
			{"invisible", f.ola, pa.ID, "Hei", allmenning.ENOTFOUND},
			{"deleted answer", f.anne, b.ID, "Hei", allmenning.ENOTFOUND},
			{"discussion", f.anne, da.ID, "Hei", allmenning.EINVALID},
			{"anonymous", nil, a.ID, "Hei", allmenning.EUNAUTHORIZED},
		} {
			if _, err := db.AddAnswerComment(ctx, c.author, c.reply, c.body); allmenning.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if _, err := db.FindAnswerComments(ctx, f.other, private.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("comments of an invisible question: %v", err)
		}
	})
}

func TestMarkDuplicate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		orig := f.question(t, f.anne, allmenning.NewThread{})
		dup := f.question(t, f.ola, allmenning.NewThread{})
		dup2 := f.question(t, f.berit, allmenning.NewThread{})
		private := f.question(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisMunicipality})
		d := f.thread(t, f.anne, allmenning.NewThread{})

		q, err := db.MarkDuplicate(ctx, f.mona, dup.ID, orig.ID)
		if err != nil || q.DuplicateOf != orig.ID {
			t.Fatalf("mark: %+v, %v", q, err)
		}
		// A duplicate of a duplicate points to the original.
		if q, err = db.MarkDuplicate(ctx, f.mona, dup2.ID, dup.ID); err != nil || q.DuplicateOf != orig.ID {
			t.Errorf("duplicate of a duplicate: %+v, %v", q, err)
		}
		for _, c := range []struct {
			name     string
			by       *allmenning.Member
			id, orig int64
			code     string
		}{
			{"itself", f.mona, orig.ID, orig.ID, allmenning.EINVALID},
			{"back to itself through a duplicate", f.mona, orig.ID, dup.ID, allmenning.EINVALID},
			{"invisible original", f.mona, orig.ID, private.ID, allmenning.EINVALID},
			{"discussion as original", f.mona, orig.ID, d.ID, allmenning.EINVALID},
			{"unknown original", f.mona, orig.ID, 999999, allmenning.EINVALID},
			{"invisible question", f.mona, private.ID, orig.ID, allmenning.ENOTFOUND},
			{"discussion", f.anne, d.ID, orig.ID, allmenning.ENOTFOUND},
			{"anonymous", nil, dup.ID, orig.ID, allmenning.EUNAUTHORIZED},
		} {
			if _, err := db.MarkDuplicate(ctx, c.by, c.id, c.orig); allmenning.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if q, err := db.MarkDuplicate(ctx, f.anne, private.ID, orig.ID); err != nil || q.DuplicateOf != orig.ID {
			t.Errorf("a member of the municipality marks (policy decides who may): %+v, %v", q, err)
		}
		if q, err = db.MarkDuplicate(ctx, f.mona, dup.ID, 0); err != nil || q.DuplicateOf != 0 {
			t.Errorf("reopen: %+v, %v", q, err)
		}
	})
}

func TestFindSimilarQuestions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		pub := allmenning.VisPublic
		both := f.question(t, f.anne, allmenning.NewThread{Title: "Arkivering av Facebook-kommentarer", Visibility: pub})
		fb := f.question(t, f.ola, allmenning.NewThread{Title: "Hvem svarer på Facebook i helgene?", Visibility: pub})
		arkiv := f.question(t, f.berit, allmenning.NewThread{Title: "Arkivering av pressemeldinger", Body: "Ikke noe om sosiale medier."})
		f.question(t, f.ola, allmenning.NewThread{Title: "Beredskapsplan for flom", Body: "Facebook og arkivering nevnes bare i teksten."})
		private := f.question(t, f.anne, allmenning.NewThread{Title: "Facebook-arkivering i Trondheim", Visibility: allmenning.VisMunicipality})
		f.thread(t, f.anne, allmenning.NewThread{Title: "Arkivering av Facebook er en diskusjon"})
		gone := f.question(t, f.anne, allmenning.NewThread{Title: "Slettet: arkivering av Facebook"})
		if err := db.DeleteThread(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		dup := f.question(t, f.berit, allmenning.NewThread{Title: "Arkivering av Facebook-kommentarer igjen"})
		if _, err := db.MarkDuplicate(ctx, f.mona, dup.ID, both.ID); err != nil {
			t.Fatal(err)
		}

		similar := func(v allmenning.Viewer, title string, limit int) []int64 {
			t.Helper()
			list, err := db.FindSimilarQuestions(ctx, v, title, limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range list {
				if q.Thread == nil || q.Title == "" {
					t.Errorf("similar question not filled: %+v", q)
				}
			}
			return questionIDs(list)
		}
		got := similar(f.same, "Hvordan arkivere kommentarer på Facebook?", 0)
		if len(got) != 4 || got[0] != both.ID || !sameSet(got, ids(both, fb, arkiv, private)) {
			t.Errorf("similar for Trondheim = %v, want %v first, then %v", got, both.ID, ids(fb, arkiv, private))
		}
		if got := similar(f.other, "Hvordan arkivere kommentarer på Facebook?", 0); len(got) != 3 || got[0] != both.ID || !sameSet(got, ids(both, fb, arkiv)) {
			t.Errorf("similar for Bergen = %v", got)
		}
		if got := similar(f.anon, "facebook", 0); !sameSet(got, ids(both, fb)) {
			t.Errorf("similar for anonymous = %v", got)
		}
		if got := similar(f.same, "Facebook arkivering", 2); len(got) != 2 {
			t.Errorf("limit 2 gave %v", got)
		}
		if got := similar(f.same, "og i på", 0); len(got) != 0 {
			t.Errorf("stop words only gave %v", got)
		}
		if got := similar(f.same, "flom", 0); len(got) != 1 {
			t.Errorf("flom gave %v", got)
		}
	})
}

func sameSet(a, b []int64) bool { return slices.Equal(sortedIDs(a), sortedIDs(b)) }

// Acceptances and votes crossing between two members at once neither
// deadlock nor lose points: each total is the sum of its history.
func TestReputationConcurrentMixed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q1 := f.question(t, f.anne, allmenning.NewThread{})
		q2 := f.question(t, f.berit, allmenning.NewThread{})
		a1 := f.reply(t, f.berit, q1.ID, "Berit svarer Anne")
		a2 := f.reply(t, f.anne, q2.ID, "Anne svarer Berit")
		b1 := f.reply(t, f.ola, q1.ID, "Ola svarer Anne")
		b2 := f.reply(t, f.ola, q2.ID, "Ola svarer Berit")
		const rounds = 8
		errs := make(chan error, 8*rounds)
		run := func(fn func(i int) error) {
			go func() {
				for i := range rounds {
					if err := fn(i); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		run(func(i int) error {
			_, err := db.AcceptAnswer(ctx, f.anne, []int64{a1.ID, b1.ID}[i%2])
			return err
		})
		run(func(i int) error {
			_, err := db.AcceptAnswer(ctx, f.berit, []int64{a2.ID, b2.ID}[i%2])
			return err
		})
		run(func(i int) error { _, err := db.SetVote(ctx, f.ola, a1.ID, 1-i%2); return err })
		run(func(i int) error { _, err := db.SetVote(ctx, f.ola, a2.ID, 1-i%2); return err })
		run(func(i int) error { _, err := db.SetVote(ctx, f.mona, a1.ID, 1-2*(i%2)); return err })
		run(func(i int) error { _, err := db.SetVote(ctx, f.anne, b1.ID, 1-i%2); return err })
		for range 6 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		// Final state: a1 and a2 not accepted (b1, b2 are), Ola's and Anne's
		// votes removed, Mona's vote on a1 down.
		if got := rep(t, db, f.berit.ID); got != -2+2 {
			t.Errorf("Berit has %d, want 0 (-2 from Mona, +2 for accepting)", got)
		}
		if got := rep(t, db, f.anne.ID); got != 2 {
			t.Errorf("Anne has %d, want 2", got)
		}
		if got := rep(t, db, f.ola.ID); got != 30 {
			t.Errorf("Ola has %d, want 30", got)
		}
	})
}
