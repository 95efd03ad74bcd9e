package demo

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/markdown"
	"github.com/allmenning/allmenning/password"
	"github.com/allmenning/allmenning/store"
)

// parentOf maps a leaf area's slug to its top-level area's slug.
func parentOf() map[string]string {
	p := map[string]string{}
	for _, a := range allmenning.DefaultAreas {
		for _, c := range a.Children {
			p[c.Slug] = a.Slug
		}
	}
	return p
}

// expertOf reports whether email is an expert of the area with the given
// slug: designated for it or for its parent.
func expertOf(email, area string) bool {
	parent := parentOf()[area]
	for _, e := range Experts {
		if (e.Area == area || e.Area == parent) && slices.Contains(e.Emails, email) {
			return true
		}
	}
	return false
}

// responseDays is the promised response time of a leaf area, as the store computes it.
func responseDays(area string) int {
	if d, ok := ResponseDays[area]; ok {
		return d
	}
	if d, ok := ResponseDays[parentOf()[area]]; ok {
		return d
	}
	return allmenning.DefaultResponseDays
}

func TestQuestionsContent(t *testing.T) {
	if n := len(Questions); n < 15 || n > 25 {
		t.Errorf("%d questions, want 15–25", n)
	}
	people := peopleByEmail()
	known := func(where, email string) {
		t.Helper()
		if _, ok := people[email]; !ok {
			t.Errorf("%s: %s is not a demo member", where, email)
		}
	}
	terms := map[string]bool{}
	for _, f := range allmenning.DefaultFacets {
		for _, term := range f.Terms {
			terms[term] = true
		}
	}
	leaves := leafAreas()
	titles := map[string]bool{}
	for _, th := range Threads {
		titles[th.Title] = true
	}
	areas := map[string]bool{}
	var faq, accepted, duplicates, comments, downvotes int
	for _, q := range Questions {
		if titles[q.Title] {
			t.Errorf("title %q used twice", q.Title)
		}
		titles[q.Title] = true
		known(q.Title, q.Author)
		if !leaves[q.Area] {
			t.Errorf("%q: area %q is not a leaf", q.Title, q.Area)
		}
		areas[q.Area] = true
		for _, tag := range q.Tags {
			if !terms[tag] {
				t.Errorf("%q: tag %q is not a term", q.Title, tag)
			}
		}
		nt := allmenning.NewThread{Kind: allmenning.KindQuestion, Title: q.Title, Body: q.Body, Area: q.Area, Tags: q.Tags, Visibility: q.Visibility}
		if err := nt.Validate(); err != nil {
			t.Errorf("%q: %v", q.Title, err)
		}
		if q.Visibility == allmenning.VisMunicipality && (len(q.Answers) > 0 || q.Expert) {
			// Every demo municipality has one demo member: nobody else could answer.
			t.Errorf("%q is for one municipality but has answers or asks for experts", q.Title)
		}
		if q.ClaimedBy != "" && (!q.Expert || !expertOf(q.ClaimedBy, q.Area)) {
			t.Errorf("%q: claimed by %s, who is not an expert of %s, or no expert was asked", q.Title, q.ClaimedBy, q.Area)
		}
		if q.Accepted < 0 || q.Accepted > len(q.Answers) {
			t.Errorf("%q: accepted answer %d of %d", q.Title, q.Accepted, len(q.Answers))
		}
		if q.Accepted > 0 {
			accepted++
		}
		if q.FAQ {
			faq++
			if q.Accepted == 0 {
				t.Errorf("%q is in the FAQ without an accepted answer", q.Title)
			}
		}
		if q.Duplicate != "" {
			duplicates++
			if !slices.ContainsFunc(Questions, func(o SeedQuestion) bool { return o.Title == q.Duplicate && o.Duplicate == "" }) {
				t.Errorf("%q duplicates %q, which is not an original question", q.Title, q.Duplicate)
			}
		}
		last := 0.0
		for n, a := range q.Answers {
			where := fmt.Sprintf("%q answer %d", q.Title, n+1)
			known(where, a.Author)
			if a.Hours <= last {
				t.Errorf("%s: %v working hours, not after the answer before (%v)", where, a.Hours, last)
			}
			last = a.Hours
			voted := map[string]bool{}
			for _, v := range append(slices.Clone(a.Up), a.Down...) {
				known(where+" voter", v)
				if v == a.Author || voted[v] {
					t.Errorf("%s: %s votes on their own answer or twice", where, v)
				}
				voted[v] = true
			}
			downvotes += len(a.Down)
			for _, c := range a.Comments {
				known(where+" comment", c.Author)
				comments++
				if _, err := allmenning.NormalizeComment(c.Body); err != nil {
					t.Errorf("%s: comment %q: %v", where, c.Body, err)
				}
			}
		}
	}
	if faq < 2 || accepted < 10 || duplicates < 1 || comments < 5 || downvotes < 1 {
		t.Errorf("faq %d, accepted %d, duplicates %d, comments %d, downvotes %d", faq, accepted, duplicates, comments, downvotes)
	}
	if len(areas) < 7 {
		t.Errorf("questions in %d areas, want at least 7", len(areas))
	}
	for _, e := range Experts {
		for _, email := range e.Emails {
			known("expert of "+e.Area, email)
		}
	}
	if got := ExpertAreas(eirik); !slices.Equal(got, []string{"Arkivering", "Juridisk"}) {
		t.Errorf("ExpertAreas(eirik) = %v", got)
	}
	if got := ExpertAreas(kari); len(got) != 0 {
		t.Errorf("ExpertAreas(kari) = %v", got)
	}
}

func TestQuestionsRender(t *testing.T) {
	md := markdown.New()
	none := func(string) (int64, bool) { return 0, false }
	for _, q := range Questions {
		bodies := []string{q.Body}
		for _, a := range q.Answers {
			bodies = append(bodies, a.Body)
		}
		for i, b := range bodies {
			res, err := md.Render(b, none)
			if err != nil || res.HTML == "" {
				t.Errorf("%q body %d: %v", q.Title, i, err)
			}
			nr := allmenning.NewReply{Body: b}
			if err := nr.Validate(); err != nil {
				t.Errorf("%q body %d: %v", q.Title, i, err)
			}
		}
	}
}

// slaOutcome is what the SLA report makes of an expert question at now.
func slaOutcome(q SeedQuestion, i int, now time.Time) string {
	asked, answers := questionTimes(q, i, now)
	due := allmenning.DueAt(asked, responseDays(q.Area))
	for n, a := range q.Answers {
		if expertOf(a.Author, q.Area) {
			if answers[n].After(due) {
				return "late"
			}
			return "on time"
		}
	}
	if now.After(due) {
		return "overdue"
	}
	return "pending"
}

// Whatever the day the demo is loaded, the expert questions come out the
// same: answered in time, answered late, waiting within time, and overdue;
// and nothing is dated after the load.
func TestQuestionsSLAOutcomesEveryDay(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Oslo")
	var want map[string]string
	for day := time.Date(2025, 1, 1, 0, 0, 0, 0, loc); day.Year() < 2028; day = day.AddDate(0, 0, 1) {
		for _, hour := range []int{0, 15} {
			now := day.Add(time.Duration(hour)*time.Hour + 17*time.Minute)
			got := map[string]string{}
			for i, q := range Questions {
				asked, answers := questionTimes(q, i, now)
				if !asked.Before(now) {
					t.Fatalf("now %v: %q asked at %v", now, q.Title, asked)
				}
				for n, a := range answers {
					if !a.Before(now) {
						t.Fatalf("now %v: %q answer %d at %v, after the load", now, q.Title, n+1, a)
					}
				}
				if q.Expert {
					got[q.Title] = slaOutcome(q, i, now)
				}
			}
			if want == nil {
				want = got
				counts := map[string]int{}
				for _, o := range got {
					counts[o]++
				}
				if counts["on time"] < 6 || counts["late"] < 3 || counts["pending"] < 2 || counts["overdue"] < 2 {
					t.Fatalf("outcomes %v", counts)
				}
				t.Logf("outcomes %v", counts)
				continue
			}
			for title, o := range got {
				if want[title] != o {
					t.Errorf("now %v: %q is %s, at the first day %s", now, title, o, want[title])
				}
			}
		}
	}
}

// Loaded into a real database, the questions give the expert queue and the
// SLA report real figures, and loading again changes nothing.
func TestLoadQuestionsStore(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
			t.Fatal(err)
		}
		accounts := &account.Service{Store: db, Password: password.Params{Memory: 1024, Time: 1, Threads: 1}}
		if _, err := Load(ctx, accounts); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if _, err := LoadThreads(ctx, db, db, now); err != nil {
			t.Fatal(err)
		}
		n, err := LoadQuestions(ctx, db, db, now)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(Questions) {
			t.Fatalf("created %d questions, want %d", n, len(Questions))
		}
		if n, err := LoadQuestions(ctx, db, db, now); err != nil || n != 0 {
			t.Fatalf("second load: %d, %v", n, err)
		}
		byEmail := map[string]*allmenning.Member{}
		for _, p := range People {
			m, err := db.FindMemberByEmail(ctx, p.Email)
			if err != nil {
				t.Fatal(err)
			}
			byEmail[p.Email] = m
		}
		mod := allmenning.ViewerOf(byEmail[ola])
		page, err := db.FindQuestions(ctx, mod, allmenning.QuestionFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		// The moderator in Oslo sees all but the one question for Lillestrøm.
		if page.Total != len(Questions)-1 {
			t.Errorf("moderator sees %d questions, want %d", page.Total, len(Questions)-1)
		}
		if threads, err := db.FindThreads(ctx, mod, allmenning.ThreadFilter{Kind: allmenning.KindDiscussion, Limit: 1}); err != nil || threads.Total == 0 {
			t.Errorf("discussions after loading questions: %v, %v", threads, err)
		}
		first := page.Questions[len(page.Questions)-1]
		if days := time.Since(first.CreatedAt).Hours() / 24; days < 150 {
			t.Errorf("the oldest question is %.0f days old: the store clock was not used", days)
		}

		records, err := db.FindSLARecords(ctx, mod, allmenning.SLAFilter{})
		if err != nil {
			t.Fatal(err)
		}
		rep := allmenning.BuildSLAReport(records, now)
		tot := rep.Total
		if tot.Count != 16 || tot.OnTime != 8 || tot.Late != 6 || tot.Pending != 2 || tot.Answered != 12 {
			t.Errorf("SLA total %+v", tot)
		}
		if tot.Median <= 0 || tot.P90 < tot.Median || tot.OnTimeShare <= 0.5 || tot.OnTimeShare >= 1 {
			t.Errorf("SLA figures %+v", tot)
		}
		if len(rep.Areas) < 6 || len(rep.Experts) < 6 {
			t.Errorf("SLA report has %d areas and %d experts", len(rep.Areas), len(rep.Experts))
		}

		// The queue: the two waiting questions and the two overdue ones,
		// overdue flagged, soonest due first.
		queue, err := db.FindExpertQueue(ctx, mod, allmenning.ExpertQueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		escalated := 0
		for _, q := range queue {
			if q.Escalated {
				escalated++
			}
		}
		if len(queue) != 4 || escalated != 2 {
			t.Errorf("expert queue has %d questions, %d escalated; want 4 and 2", len(queue), escalated)
		}
		lars := byEmail[lars]
		mine, err := db.FindExpertQueue(ctx, allmenning.ViewerOf(lars), allmenning.ExpertQueueFilter{ExpertID: lars.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 2 {
			t.Errorf("Lars (krise) has %d questions in his queue, want 2", len(mine))
		}

		// Accepted answers, votes, comments and reputation.
		withAccepted, err := db.FindQuestions(ctx, mod, allmenning.QuestionFilter{Unanswered: allmenning.UnansweredNoAccepted, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		accepted := 0
		for _, q := range Questions {
			if q.Accepted > 0 {
				accepted++
			}
		}
		// Duplicates are not listed as unanswered.
		if want := len(Questions) - 1 - accepted - 1; withAccepted.Total != want {
			t.Errorf("%d questions without an accepted answer, want %d", withAccepted.Total, want)
		}
		rep2, err := db.FindReputation(ctx, mod, byEmail[eirik].ID, 0, 5)
		if err != nil {
			t.Fatal(err)
		}
		if rep2.Total < 100 {
			t.Errorf("Eirik's reputation %d, want at least 100", rep2.Total)
		}
		for _, p := range People {
			for _, q := range Questions {
				for _, a := range q.Answers {
					if slices.Contains(a.Down, p.Email) {
						if st, err := db.FindTrustLevel(ctx, byEmail[p.Email].ID); err != nil || st.Level < allmenning.TrustLevelDownvote {
							t.Errorf("%s votes down at trust level %v (%v)", p.Email, st, err)
						}
					}
				}
			}
		}
		original := page.Questions[0]
		for _, q := range page.Questions {
			if q.Title == "Må vi arkivere private meldinger fra innbyggere på Facebook?" {
				original = q
			}
		}
		if original.AcceptedAnswerID == 0 || !original.ExpertRequested || original.ExpertAnsweredAt == nil || original.ExpertAnsweredAt.After(*original.DueAt) {
			t.Errorf("the archive question: %+v", original)
		}
		comments, err := db.FindAnswerComments(ctx, mod, original.ID)
		if err != nil || len(comments[original.AcceptedAnswerID]) != 2 {
			t.Errorf("comments on the accepted answer: %v, %v", comments, err)
		}
		votes, err := db.FindAnswerVotes(ctx, mod, original.ID)
		if err != nil || votes[original.AcceptedAnswerID] == nil || votes[original.AcceptedAnswerID].Score != 4 {
			t.Errorf("votes on the accepted answer: %v, %v", votes, err)
		}
		var dup *allmenning.Question
		all, _ := db.FindQuestions(ctx, mod, allmenning.QuestionFilter{Area: "arkivering", Limit: 100})
		for _, q := range all.Questions {
			if q.DuplicateOf != 0 {
				dup = q
			}
		}
		if dup == nil || dup.DuplicateOf != original.ID {
			t.Errorf("duplicate = %+v", dup)
		}
		arkiv, err := db.FindAreaBySlug(ctx, "arkivering")
		if err != nil {
			t.Fatal(err)
		}
		faq, err := db.FindFAQ(ctx, mod, arkiv.ID)
		if err != nil || len(faq) != 2 || faq[0].Question.ID != original.ID || faq[0].Answer == nil {
			t.Errorf("FAQ of arkivering: %v, %v", faq, err)
		}
		krise, err := db.FindAreaBySlug(ctx, "beredskap")
		if err != nil {
			t.Fatal(err)
		}
		if e, err := db.FindExperts(ctx, krise.ID); err != nil || e.ResponseDays != 1 || len(e.ParentExperts) != 1 || e.ParentExperts[0].ID != lars.ID {
			t.Errorf("experts of beredskap: %+v, %v", e, err)
		}
	})
}
