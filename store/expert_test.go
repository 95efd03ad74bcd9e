package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func setExperts(t *testing.T, db *store.DB, area int64, members ...*allmenning.Member) {
	t.Helper()
	var list []int64
	for _, m := range members {
		list = append(list, m.ID)
	}
	if err := db.SetExperts(ctx, area, list); err != nil {
		t.Fatalf("set experts of %d: %v", area, err)
	}
}

func memberNames(list []*allmenning.Member) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m.Name)
	}
	return out
}

func requestExpert(t *testing.T, db *store.DB, asker *allmenning.Member, id int64) *allmenning.Question {
	t.Helper()
	q, err := db.RequestExpert(ctx, asker, id)
	if err != nil {
		t.Fatalf("request expert for %d: %v", id, err)
	}
	return q
}

func TestExperts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		etikk, operativ := areaID(t, db, "etikk"), areaID(t, db, "operativ")
		setExperts(t, db, etikk, f.berit)
		setExperts(t, db, operativ, f.ola, f.mona)

		e, err := db.FindExperts(ctx, etikk)
		if err != nil {
			t.Fatal(err)
		}
		if e.AreaID != etikk || !slices.Equal(memberNames(e.Experts), []string{"Berit Berg"}) ||
			!slices.Equal(memberNames(e.ParentExperts), []string{"Mona Moe", "Ola Olsen"}) || e.ExpertCount != 3 ||
			e.ResponseDays != allmenning.DefaultResponseDays || e.OwnResponseDays != 0 || !e.Inherited {
			t.Errorf("experts of etikk = %+v", e)
		}
		if !e.ParentExperts[0].IsModerator() {
			t.Errorf("experts come without their roles: %+v", e.ParentExperts[0])
		}
		days := func(want, own int, inherited bool) {
			t.Helper()
			e, err := db.FindExperts(ctx, etikk)
			if err != nil || e.ResponseDays != want || e.OwnResponseDays != own || e.Inherited != inherited {
				t.Errorf("response days = %+v, %v; want %d (own %d, inherited %v)", e, err, want, own, inherited)
			}
		}
		if err := db.SetResponseDays(ctx, operativ, 3); err != nil {
			t.Fatal(err)
		}
		days(3, 0, true)
		if err := db.SetResponseDays(ctx, etikk, 1); err != nil {
			t.Fatal(err)
		}
		days(1, 1, false)
		if err := db.SetResponseDays(ctx, etikk, 0); err != nil {
			t.Fatal(err)
		}
		days(3, 0, true)
		wantCode(t, db.SetResponseDays(ctx, etikk, allmenning.MaxResponseDays+1), allmenning.EINVALID, "response_days", "error.area.response_days_invalid")
		wantCode(t, db.SetResponseDays(ctx, etikk, -1), allmenning.EINVALID, "response_days", "error.area.response_days_invalid")
		wantCode(t, db.SetResponseDays(ctx, 999999, 2), allmenning.ENOTFOUND, "", "")

		wantCode(t, db.SetExperts(ctx, etikk, []int64{f.berit.ID, 999999}), allmenning.EINVALID, "experts", "error.member.not_found")
		wantCode(t, db.SetExperts(ctx, 999999, []int64{f.berit.ID}), allmenning.ENOTFOUND, "", "")
		if e, _ := db.FindExperts(ctx, etikk); !slices.Equal(memberNames(e.Experts), []string{"Berit Berg"}) {
			t.Errorf("failed SetExperts changed the experts: %v", memberNames(e.Experts))
		}
		setExperts(t, db, etikk, f.berit, f.anne, f.berit)
		if e, _ := db.FindExperts(ctx, etikk); !slices.Equal(memberNames(e.Experts), []string{"Anne Aune", "Berit Berg"}) || e.ExpertCount != 4 {
			t.Errorf("experts after adding Anne = %v (%d)", memberNames(e.Experts), e.ExpertCount)
		}
		setExperts(t, db, etikk, f.anne)
		if e, _ := db.FindExperts(ctx, etikk); !slices.Equal(memberNames(e.Experts), []string{"Anne Aune"}) {
			t.Errorf("experts after replacing = %v", memberNames(e.Experts))
		}
		// A top-level area has no parent experts.
		if e, err := db.FindExperts(ctx, operativ); err != nil || len(e.ParentExperts) != 0 || e.ExpertCount != 2 || e.ResponseDays != 3 || e.Inherited {
			t.Errorf("experts of operativ = %+v, %v", e, err)
		}
		if _, err := db.FindExperts(ctx, 999999); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown area: %v", err)
		}
		for _, c := range []struct {
			m    *allmenning.Member
			want []int64
		}{{f.ola, []int64{operativ}}, {f.anne, []int64{etikk}}, {f.berit, []int64{}}} {
			if got, err := db.FindExpertAreaIDs(ctx, c.m.ID); err != nil || !slices.Equal(got, c.want) {
				t.Errorf("areas of %s = %v, %v; want %v", c.m.Name, got, err, c.want)
			}
		}

		qe := f.question(t, f.berit, allmenning.NewThread{Area: "etikk"})
		qk := f.question(t, f.berit, allmenning.NewThread{Area: "krise"})
		for _, c := range []struct {
			m      *allmenning.Member
			thread int64
			want   bool
		}{
			{f.anne, qe.ID, true},   // designated for etikk
			{f.ola, qe.ID, true},    // designated for the parent
			{f.berit, qe.ID, false}, // no longer
			{f.ola, qk.ID, false},
		} {
			if got, err := db.IsExpert(ctx, c.m.ID, c.thread); err != nil || got != c.want {
				t.Errorf("IsExpert(%s, %d) = %v, %v; want %v", c.m.Name, c.thread, got, err, c.want)
			}
		}
		if _, err := db.IsExpert(ctx, f.ola.ID, 999999); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("IsExpert of an unknown thread: %v", err)
		}
		setExperts(t, db, etikk)
		if e, _ := db.FindExperts(ctx, etikk); len(e.Experts) != 0 || e.Experts == nil {
			t.Errorf("experts after clearing = %v", e.Experts)
		}
	})
}

func TestRequestExpertAndClaim(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-04-16 10:00")) // the Wednesday before Easter 2025
		etikk := areaID(t, db, "etikk")
		setExperts(t, db, etikk, f.berit)
		setExperts(t, db, areaID(t, db, "operativ"), f.ola)
		q := f.question(t, f.anne, allmenning.NewThread{Area: "etikk"})

		got := requestExpert(t, db, f.anne, q.ID)
		if !got.ExpertRequested || got.ExpertRequestedAt == nil || !got.ExpertRequestedAt.Equal(c.now()) ||
			got.DueAt == nil || !got.DueAt.Equal(osloTime(t, "2025-04-23 10:00")) {
			t.Fatalf("requested = %+v (due %v)", got, got.DueAt)
		}
		c.add(48 * time.Hour)
		if again := requestExpert(t, db, f.anne, q.ID); !again.DueAt.Equal(*got.DueAt) || !again.ExpertRequestedAt.Equal(*got.ExpertRequestedAt) {
			t.Errorf("asking again moved the due time to %v", again.DueAt)
		}
		// The area's own response time; asked on langfredag.
		if err := db.SetResponseDays(ctx, etikk, 1); err != nil {
			t.Fatal(err)
		}
		q2 := f.question(t, f.anne, allmenning.NewThread{Area: "etikk"})
		if got := requestExpert(t, db, f.anne, q2.ID); !got.DueAt.Equal(osloTime(t, "2025-04-22 16:00")) {
			t.Errorf("asked on langfredag with one day: due %v", got.DueAt.In(oslo))
		}

		claim := func(m *allmenning.Member, id int64, on bool, code string) *allmenning.Question {
			t.Helper()
			got, err := db.ClaimQuestion(ctx, m, id, on)
			if allmenning.ErrorCode(err) != code {
				t.Fatalf("%s claims %d (%v): %v, want %q", m.Name, id, on, err, code)
			}
			return got
		}
		got = claim(f.berit, q.ID, true, "")
		if got.ClaimedBy != f.berit.ID || got.ClaimedByName != "Berit Berg" || got.ClaimedAt == nil || !got.ClaimedAt.Equal(c.now()) {
			t.Errorf("claimed = %+v", got)
		}
		c.add(time.Hour)
		if got := claim(f.berit, q.ID, true, ""); !got.ClaimedAt.Equal(c.now().Add(-time.Hour)) {
			t.Errorf("claiming again moved the claim to %v", got.ClaimedAt)
		}
		claim(f.ola, q.ID, true, allmenning.ECONFLICT)
		claim(f.anne, q.ID, true, allmenning.EFORBIDDEN)
		claim(f.ola, q.ID, false, allmenning.ECONFLICT)
		if got := claim(f.berit, q.ID, false, ""); got.ClaimedBy != 0 || got.ClaimedAt != nil || got.ClaimedByName != "" {
			t.Errorf("released = %+v", got)
		}
		claim(f.berit, q.ID, false, "")
		if got := claim(f.ola, q.ID, true, ""); got.ClaimedBy != f.ola.ID {
			t.Errorf("parent expert's claim = %+v", got)
		}

		plain := f.question(t, f.anne, allmenning.NewThread{Area: "etikk"})
		claim(f.berit, plain.ID, true, allmenning.EINVALID)
		d := f.thread(t, f.anne, allmenning.NewThread{Area: "etikk"})
		claim(f.berit, d.ID, true, allmenning.ENOTFOUND)
		private := f.question(t, f.anne, allmenning.NewThread{Area: "etikk", Visibility: allmenning.VisMunicipality})
		requestExpert(t, db, f.anne, private.ID)
		claim(f.ola, private.ID, true, allmenning.ENOTFOUND)
		claim(f.berit, private.ID, true, "")

		for _, c := range []struct {
			name string
			m    *allmenning.Member
			id   int64
			code string
		}{
			{"discussion", f.anne, d.ID, allmenning.ENOTFOUND},
			{"invisible", f.ola, private.ID, allmenning.ENOTFOUND},
			{"anonymous", nil, q.ID, allmenning.EUNAUTHORIZED},
		} {
			if _, err := db.RequestExpert(ctx, c.m, c.id); allmenning.ErrorCode(err) != c.code {
				t.Errorf("request %s: %v, want %s", c.name, err, c.code)
			}
		}
		if err := db.DeleteThread(ctx, f.mona, plain.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RequestExpert(ctx, f.mona, plain.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("request on a deleted question: %v", err)
		}
	})
}

func TestRecordExpertAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-03-03 09:00"))
		setExperts(t, db, areaID(t, db, "etikk"), f.berit)
		setExperts(t, db, areaID(t, db, "operativ"), f.ola)
		q := f.question(t, f.anne, allmenning.NewThread{Area: "etikk"})
		requestExpert(t, db, f.anne, q.ID)
		record := func(r *allmenning.Reply, want bool) {
			t.Helper()
			got, err := db.RecordExpertAnswer(ctx, r.ID)
			if err != nil || got != want {
				t.Errorf("record reply %d by %s = %v, %v; want %v", r.ID, r.AuthorName, got, err, want)
			}
		}
		c.add(time.Hour)
		record(f.reply(t, f.anne, q.ID, "Asker svarer selv"), false)
		record(f.reply(t, f.mona, q.ID, "Moderator, ikke ekspert"), false)
		if got := getQuestion(t, db, f.same, q.ID); got.ExpertAnsweredAt != nil {
			t.Errorf("clock stopped by a non-expert: %+v", got)
		}
		c.add(time.Hour)
		gone := f.reply(t, f.berit, q.ID, "Slettes før det telles")
		if err := db.DeleteReply(ctx, f.berit, gone.ID); err != nil {
			t.Fatal(err)
		}
		record(gone, false)
		c.add(time.Hour)
		r := f.reply(t, f.berit, q.ID, "Ekspertsvar")
		c.add(time.Hour) // recorded later: the reply's time counts
		record(r, true)
		got := getQuestion(t, db, f.same, q.ID)
		if got.ExpertAnsweredAt == nil || !got.ExpertAnsweredAt.Equal(r.CreatedAt) || got.ExpertAnsweredBy != f.berit.ID || got.ExpertAnswerID != r.ID {
			t.Errorf("expert answer = %+v at %v", got, got.ExpertAnsweredAt)
		}
		record(r, false)
		record(f.reply(t, f.ola, q.ID, "Andre ekspert"), false)
		if got := getQuestion(t, db, f.same, q.ID); got.ExpertAnswerID != r.ID {
			t.Errorf("second expert answer replaced the first: %+v", got)
		}
		d := f.thread(t, f.anne, allmenning.NewThread{Area: "etikk"})
		record(f.reply(t, f.berit, d.ID, "Svar i diskusjon"), false)
		// An expert's answer to a question that did not ask is noted too.
		plain := f.question(t, f.anne, allmenning.NewThread{Area: "juridisk"})
		record(f.reply(t, f.ola, plain.ID, "Uoppfordret"), true)
		if _, err := db.RecordExpertAnswer(ctx, 999999); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown reply: %v", err)
		}
	})
}

func TestExpertQueueAndEscalation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-04-14 09:00")) // Monday before Easter 2025
		setExperts(t, db, areaID(t, db, "etikk"), f.berit)
		setExperts(t, db, areaID(t, db, "operativ"), f.ola)
		ask := func(author *allmenning.Member, area string, vis allmenning.Visibility, when string) *allmenning.Thread {
			t.Helper()
			c.set(osloTime(t, when))
			q := f.question(t, author, allmenning.NewThread{Area: area, Visibility: vis})
			requestExpert(t, db, author, q.ID)
			return q
		}
		qa := ask(f.ola, "etikk", "", "2025-04-14 09:00")                          // due Wed 16 09:00
		qc := ask(f.anne, "etikk", allmenning.VisMunicipality, "2025-04-15 12:00") // due Tue 22 12:00 (Easter)
		qb := ask(f.ola, "juridisk", "", "2025-04-16 10:00")                       // due Wed 23 10:00
		qd := ask(f.ola, "beredskap", "", "2025-04-16 10:00")                      // due Wed 23 10:00
		dup := ask(f.ola, "etikk", "", "2025-04-14 10:00")
		if _, err := db.MarkDuplicate(ctx, f.mona, dup.ID, qa.ID); err != nil {
			t.Fatal(err)
		}
		gone := ask(f.ola, "etikk", "", "2025-04-14 10:00")
		if err := db.DeleteThread(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		f.question(t, f.ola, allmenning.NewThread{Area: "etikk"}) // asks for no expert
		for q, due := range map[*allmenning.Thread]string{qa: "2025-04-16 09:00", qc: "2025-04-22 12:00", qb: "2025-04-23 10:00", qd: "2025-04-23 10:00"} {
			if got := getQuestion(t, db, f.same, q.ID); !got.DueAt.Equal(osloTime(t, due)) {
				t.Errorf("question %d due %v, want %s", q.ID, got.DueAt.In(oslo), due)
			}
		}

		c.set(osloTime(t, "2025-04-22 13:00"))
		queue := func(name string, v allmenning.Viewer, filter allmenning.ExpertQueueFilter, want []*allmenning.Thread, escalated ...*allmenning.Thread) []*allmenning.Question {
			t.Helper()
			list, err := db.FindExpertQueue(ctx, v, filter)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := questionIDs(list); !slices.Equal(got, ids(want...)) {
				t.Errorf("%s: queue %v, want %v", name, got, ids(want...))
			}
			esc := ids(escalated...)
			for _, q := range list {
				if q.Escalated != slices.Contains(esc, q.ID) {
					t.Errorf("%s: question %d escalated %v", name, q.ID, q.Escalated)
				}
			}
			return list
		}
		queue("Berit's areas", f.same, allmenning.ExpertQueueFilter{ExpertID: f.berit.ID}, []*allmenning.Thread{qa, qc}, qa, qc)
		queue("Ola's areas with children, not Trondheim's", f.other, allmenning.ExpertQueueFilter{ExpertID: f.ola.ID}, []*allmenning.Thread{qa, qb}, qa)
		queue("krise", f.mod, allmenning.ExpertQueueFilter{Area: "krise"}, []*allmenning.Thread{qd})
		queue("everything Bergen sees", f.mod, allmenning.ExpertQueueFilter{}, []*allmenning.Thread{qa, qb, qd}, qa)
		queue("operativ for Trondheim", f.same, allmenning.ExpertQueueFilter{Area: "operativ"}, []*allmenning.Thread{qa, qc, qb}, qa, qc)
		queue("limit", f.same, allmenning.ExpertQueueFilter{Limit: 2}, []*allmenning.Thread{qa, qc}, qa, qc)
		queue("anonymous", f.anon, allmenning.ExpertQueueFilter{}, nil)
		queue("Anne is no expert", f.same, allmenning.ExpertQueueFilter{ExpertID: f.anne.ID}, nil)

		escalate := func(when string, want ...*allmenning.Thread) {
			t.Helper()
			list, err := db.EscalateOverdue(ctx, osloTime(t, when))
			if err != nil {
				t.Fatal(err)
			}
			if got := questionIDs(list); !slices.Equal(got, ids(want...)) {
				t.Errorf("escalated at %s: %v, want %v", when, got, ids(want...))
			}
			for _, q := range list {
				if !q.Escalated || q.EscalatedAt == nil || !q.EscalatedAt.Equal(osloTime(t, when)) || q.Title == "" {
					t.Errorf("escalated question = %+v", q)
				}
			}
		}
		escalate("2025-04-16 09:00")     // exactly due is not overdue
		escalate("2025-04-22 12:00", qa) // qc is due exactly now
		escalate("2025-04-22 12:01", qc) // returned whoever may see it
		escalate("2025-04-22 13:00")     // nothing new
		if got := getQuestion(t, db, f.same, qa.ID); got.EscalatedAt == nil || !got.EscalatedAt.Equal(osloTime(t, "2025-04-22 12:00")) {
			t.Errorf("qa escalated at %v", got.EscalatedAt)
		}

		// An expert answers qa: it leaves the queue, or shows as answered.
		c.set(osloTime(t, "2025-04-22 13:30"))
		r := f.reply(t, f.berit, qa.ID, "Endelig et ekspertsvar")
		if ok, err := db.RecordExpertAnswer(ctx, r.ID); err != nil || !ok {
			t.Fatalf("record: %v, %v", ok, err)
		}
		queue("Berit's after answering", f.same, allmenning.ExpertQueueFilter{ExpertID: f.berit.ID}, []*allmenning.Thread{qc}, qc)
		list := queue("Berit's with answered", f.same, allmenning.ExpertQueueFilter{ExpertID: f.berit.ID, Answered: true}, []*allmenning.Thread{qa, qc}, qc)
		if list[0].EscalatedAt == nil || list[0].ExpertAnsweredAt == nil {
			t.Errorf("answered escalated question = %+v", list[0])
		}
		escalate("2025-04-24 08:00", qb, qd)
	})
}

func TestSLARecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-01-06 09:00"))
		setExperts(t, db, areaID(t, db, "etikk"), f.berit)
		setExperts(t, db, areaID(t, db, "operativ"), f.ola)
		ask := func(author *allmenning.Member, area string, vis allmenning.Visibility, when string) *allmenning.Thread {
			t.Helper()
			c.set(osloTime(t, when))
			q := f.question(t, author, allmenning.NewThread{Area: area, Visibility: vis})
			requestExpert(t, db, author, q.ID)
			return q
		}
		answer := func(expert *allmenning.Member, q *allmenning.Thread, when string) {
			t.Helper()
			c.set(osloTime(t, when))
			r := f.reply(t, expert, q.ID, "Ekspertsvar")
			if ok, err := db.RecordExpertAnswer(ctx, r.ID); err != nil || !ok {
				t.Fatalf("record: %v, %v", ok, err)
			}
		}
		q1 := ask(f.ola, "etikk", "", "2025-04-16 10:00") // Easter 2025
		answer(f.berit, q1, "2025-04-22 10:00")           // on time, 8 working hours
		q2 := ask(f.anne, "juridisk", "", "2026-04-01 14:00")
		answer(f.ola, q2, "2026-04-09 09:00") // late, 19 working hours
		q3 := ask(f.ola, "etikk", "", "2027-03-25 09:00")
		f.reply(t, f.anne, q3.ID, "Ikke ekspert") // does not stop the clock
		answer(f.berit, q3, "2027-03-30 12:00")   // 4 working hours
		q4 := ask(f.anne, "etikk", allmenning.VisMunicipality, "2028-04-12 12:00")
		if _, err := db.ClaimQuestion(ctx, f.berit, q4.ID, true); err != nil {
			t.Fatal(err)
		}
		q5 := ask(f.ola, "beredskap", "", "2028-04-19 09:00")
		dup := ask(f.ola, "etikk", "", "2028-04-19 09:00")
		if _, err := db.MarkDuplicate(ctx, f.mona, dup.ID, q5.ID); err != nil {
			t.Fatal(err)
		}

		records := func(v allmenning.Viewer, filter allmenning.SLAFilter, want ...*allmenning.Thread) []allmenning.SLARecord {
			t.Helper()
			list, err := db.FindSLARecords(ctx, v, filter)
			if err != nil {
				t.Fatal(err)
			}
			got := []int64{}
			for _, r := range list {
				got = append(got, r.ThreadID)
			}
			if !slices.Equal(got, ids(want...)) {
				t.Errorf("records %+v: %v, want %v", filter, got, ids(want...))
			}
			return list
		}
		all := records(f.same, allmenning.SLAFilter{}, q1, q2, q3, q4, q5)
		r1 := all[0]
		if r1.AreaName != "Etikk" || !r1.Posted.Equal(osloTime(t, "2025-04-16 10:00")) || !r1.Due.Equal(osloTime(t, "2025-04-23 10:00")) ||
			r1.Answered == nil || !r1.Answered.Equal(osloTime(t, "2025-04-22 10:00")) || r1.ExpertID != f.berit.ID || r1.ExpertName != "Berit Berg" {
			t.Errorf("first record = %+v", r1)
		}
		if r4 := all[3]; r4.Answered != nil || r4.ExpertID != f.berit.ID || r4.ExpertName != "Berit Berg" {
			t.Errorf("claimed record = %+v", r4)
		}
		if r5 := all[4]; r5.ExpertID != 0 || r5.ExpertName != "" || r5.Answered != nil {
			t.Errorf("unclaimed record = %+v", r5)
		}
		records(f.other, allmenning.SLAFilter{}, q1, q2, q3, q5)
		records(f.anon, allmenning.SLAFilter{})
		records(f.same, allmenning.SLAFilter{From: osloTime(t, "2026-01-01 00:00"), To: osloTime(t, "2028-01-01 00:00")}, q2, q3)
		records(f.same, allmenning.SLAFilter{From: osloTime(t, "2025-04-16 10:00"), To: osloTime(t, "2026-04-01 14:00")}, q1)
		records(f.same, allmenning.SLAFilter{Area: "operativ"}, q1, q2, q3, q4)
		records(f.same, allmenning.SLAFilter{Area: "krise"}, q5)
		records(f.same, allmenning.SLAFilter{ExpertID: f.berit.ID}, q1, q3, q4)
		records(f.same, allmenning.SLAFilter{ExpertID: f.ola.ID}, q2)

		rep := allmenning.BuildSLAReport(all, osloTime(t, "2028-04-20 12:00"))
		want := allmenning.SLARow{Count: 5, Answered: 3, OnTime: 2, Late: 2, Pending: 1, Median: 8, P90: 19, OnTimeShare: 0.5}
		if rep.Total != want {
			t.Errorf("total row = %+v, want %+v", rep.Total, want)
		}
		if len(rep.Areas) != 3 || rep.Areas[1].Name != "Etikk" || rep.Areas[1].Count != 3 || rep.Areas[1].Median != 4 || rep.Areas[1].P90 != 8 {
			t.Errorf("area rows = %+v", rep.Areas)
		}
		if len(rep.Experts) != 2 || rep.Experts[0].Key != f.berit.ID || rep.Experts[0].Count != 3 || rep.Experts[0].Late != 1 ||
			rep.Experts[1].Key != f.ola.ID || rep.Experts[1].Late != 1 || rep.Experts[1].Median != 19 {
			t.Errorf("expert rows = %+v", rep.Experts)
		}
	})
}
