package allmenning

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/allmenning/allmenning/workday"
)

var osloLoc = workday.Norway().Loc

// at parses a time of day in Norway: "2025-04-16 10:00".
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, osloLoc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDueAt(t *testing.T) {
	tests := []struct {
		name   string
		posted string
		days   int
		want   string
	}{
		{"two working days in a plain week", "2025-03-04 10:00", 2, "2025-03-06 10:00"},
		{"default is two days", "2025-03-04 10:00", 0, "2025-03-06 10:00"},
		{"negative is the default", "2025-03-04 10:00", -3, "2025-03-06 10:00"},
		{"over a weekend", "2025-03-06 13:30", 2, "2025-03-10 13:30"},
		{"posted on Saturday starts Monday 08:00", "2025-03-01 12:00", 2, "2025-03-04 16:00"},
		{"posted in the evening starts next morning", "2025-03-04 19:00", 1, "2025-03-05 16:00"},
		{"posted before work starts at 08:00", "2025-03-04 06:00", 1, "2025-03-04 16:00"},
		// Easter Sunday 2025-04-20: skjærtorsdag 17, langfredag 18, 2. påskedag 21.
		{"Easter 2025", "2025-04-16 10:00", 2, "2025-04-23 10:00"},
		{"Easter 2025 posted on langfredag", "2025-04-18 11:00", 1, "2025-04-22 16:00"},
		// Easter Sunday 2026-04-05: 2, 3 and 6 April are holidays.
		{"Easter 2026", "2026-04-01 14:00", 2, "2026-04-08 14:00"},
		// Easter Sunday 2027-03-28: 25, 26 and 29 March are holidays.
		{"Easter 2027 posted on skjærtorsdag", "2027-03-25 09:00", 2, "2027-03-31 16:00"},
		// Easter Sunday 2028-04-16: 13, 14 and 17 April are holidays.
		{"Easter 2028", "2028-04-12 12:00", 2, "2028-04-19 12:00"},
		{"Kristi himmelfartsdag 2025", "2025-05-28 12:00", 2, "2025-06-02 12:00"},
		{"2. pinsedag 2026", "2026-05-22 12:00", 1, "2026-05-26 12:00"},
		{"17 May 2027 is a Monday", "2027-05-14 09:00", 1, "2027-05-18 09:00"},
		{"Christmas 2026 (julaften works)", "2026-12-22 10:00", 3, "2026-12-28 10:00"},
		{"New Year 2027", "2026-12-31 15:00", 1, "2027-01-04 15:00"},
		{"five days", "2025-03-03 08:00", 5, "2025-03-07 16:00"},
	}
	for _, tt := range tests {
		got := DueAt(at(t, tt.posted), tt.days)
		if want := at(t, tt.want); !got.Equal(want) {
			t.Errorf("%s: DueAt(%s, %d) = %s, want %s", tt.name, tt.posted, tt.days, got.In(osloLoc).Format("2006-01-02 15:04 Mon"), tt.want)
		}
	}
}

func TestOverdue(t *testing.T) {
	due := at(t, "2025-04-23 10:00")
	answered := at(t, "2025-04-24 09:00")
	tests := []struct {
		name     string
		answered *time.Time
		now      string
		want     bool
	}{
		{"before due", nil, "2025-04-23 09:59", false},
		{"exactly due", nil, "2025-04-23 10:00", false},
		{"past due", nil, "2025-04-23 10:01", true},
		{"answered late stops escalation", &answered, "2025-04-25 10:00", false},
	}
	for _, tt := range tests {
		if got := Overdue(due, tt.answered, at(t, tt.now)); got != tt.want {
			t.Errorf("%s: Overdue = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The SLA clock: posted and due from DueAt, answered or not, across Easter.
func TestResponseHours(t *testing.T) {
	tests := []struct {
		posted, answered string
		want             float64
	}{
		{"2025-04-16 10:00", "2025-04-22 10:00", 8},   // Wed 6 h, then Tue after Easter 2 h
		{"2026-04-01 14:00", "2026-04-09 09:00", 19},  // 2 + 8 + 8 + 1
		{"2027-03-25 09:00", "2027-03-30 12:00", 4},   // posted on skjærtorsdag: clock starts Tuesday 08:00
		{"2028-04-12 12:00", "2028-04-19 12:00", 16},  // two working days over Easter 2028
		{"2025-03-07 15:00", "2025-03-08 11:00", 1},   // answered on Saturday: Friday's last hour
		{"2025-03-04 10:00", "2025-03-04 10:30", 0.5}, // half an hour
		{"2025-03-04 10:00", "2025-03-04 09:00", 0},   // before: nothing
	}
	for _, tt := range tests {
		if got := ResponseHours(at(t, tt.posted), at(t, tt.answered)); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ResponseHours(%s, %s) = %v, want %v", tt.posted, tt.answered, got, tt.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		values []float64
		p      float64
		want   float64
	}{
		{nil, 50, 0},
		{[]float64{7}, 50, 7},
		{[]float64{7}, 90, 7},
		{[]float64{19, 8}, 50, 8},
		{[]float64{19, 8}, 90, 19},
		{[]float64{4, 19, 8}, 50, 8},
		{[]float64{4, 19, 8}, 90, 19},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50, 5},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9},
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11}, 90, 10},
		{[]float64{3, 1, 2}, 100, 3},
		{[]float64{3, 1, 2}, 0, 1},
	}
	for _, tt := range tests {
		if got := Percentile(tt.values, tt.p); got != tt.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", tt.values, tt.p, got, tt.want)
		}
	}
	in := []float64{3, 1, 2}
	Percentile(in, 50)
	if in[0] != 3 || in[1] != 1 {
		t.Errorf("Percentile sorted its argument: %v", in)
	}
}

func TestBuildSLAReport(t *testing.T) {
	tp := func(s string) *time.Time { v := at(t, s); return &v }
	rec := func(id, area int64, areaName, posted string, answered *time.Time, expert int64, expertName string) SLARecord {
		p := at(t, posted)
		return SLARecord{ThreadID: id, AreaID: area, AreaName: areaName, Posted: p, Due: DueAt(p, 2), Answered: answered, ExpertID: expert, ExpertName: expertName}
	}
	records := []SLARecord{
		// Arkivering: on time across Easter 2025 (8 h), late across Easter 2026 (19 h).
		rec(1, 10, "Arkivering", "2025-04-16 10:00", tp("2025-04-22 10:00"), 1, "Eva Ekspert"),
		rec(2, 10, "Arkivering", "2026-04-01 14:00", tp("2026-04-09 09:00"), 2, "Per Rådgiver"),
		// Beredskap: on time at Easter 2027 (4 h); over Easter 2028 unanswered
		// and past due (claimed by Per), and one not yet due without an expert.
		rec(3, 20, "Beredskap", "2027-03-25 09:00", tp("2027-03-30 12:00"), 1, "Eva Ekspert"),
		rec(4, 20, "Beredskap", "2028-04-12 12:00", nil, 2, "Per Rådgiver"),
		rec(5, 20, "Beredskap", "2028-04-19 09:00", nil, 0, ""),
	}
	if due := records[3].Due; !due.Equal(at(t, "2028-04-19 12:00")) {
		t.Fatalf("due of record 4 = %v", due)
	}
	r := BuildSLAReport(records, at(t, "2028-04-20 12:00"))
	wantAreas := []SLARow{
		{Key: 10, Name: "Arkivering", Count: 2, Answered: 2, OnTime: 1, Late: 1, Median: 8, P90: 19, OnTimeShare: 0.5},
		{Key: 20, Name: "Beredskap", Count: 3, Answered: 1, OnTime: 1, Late: 1, Pending: 1, Median: 4, P90: 4, OnTimeShare: 0.5},
	}
	wantExperts := []SLARow{
		{Key: 1, Name: "Eva Ekspert", Count: 2, Answered: 2, OnTime: 2, Median: 4, P90: 8, OnTimeShare: 1},
		{Key: 2, Name: "Per Rådgiver", Count: 2, Answered: 1, Late: 2, Median: 19, P90: 19, OnTimeShare: 0},
	}
	wantTotal := SLARow{Count: 5, Answered: 3, OnTime: 2, Late: 2, Pending: 1, Median: 8, P90: 19, OnTimeShare: 0.5}
	compareRows(t, "areas", r.Areas, wantAreas)
	compareRows(t, "experts", r.Experts, wantExperts)
	compareRows(t, "total", []SLARow{r.Total}, []SLARow{wantTotal})

	// Exactly at the due time is on time; a minute after is late.
	p := at(t, "2025-03-03 09:00")
	due := DueAt(p, 2)
	onTime := BuildSLAReport([]SLARecord{{AreaID: 1, Posted: p, Due: due, Answered: &due}}, due)
	late := due.Add(time.Minute)
	lateRep := BuildSLAReport([]SLARecord{{AreaID: 1, Posted: p, Due: due, Answered: &late}}, late)
	if onTime.Total.OnTime != 1 || onTime.Total.Median != 16 || lateRep.Total.Late != 1 {
		t.Errorf("at due: %+v; a minute late: %+v", onTime.Total, lateRep.Total)
	}
	// Nothing: empty rows, no division by zero.
	empty := BuildSLAReport(nil, time.Now())
	if len(empty.Areas) != 0 || len(empty.Experts) != 0 || empty.Total.Count != 0 || empty.Total.OnTimeShare != 0 {
		t.Errorf("empty report = %+v", empty)
	}
	// A pending request alone decides nothing.
	pending := BuildSLAReport([]SLARecord{records[4]}, at(t, "2028-04-19 10:00"))
	if pending.Total.Pending != 1 || pending.Total.OnTimeShare != 0 || pending.Total.Median != 0 {
		t.Errorf("pending only = %+v", pending.Total)
	}
}

func compareRows(t *testing.T, what string, got, want []SLARow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows %+v, want %d", what, len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s row %d:\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

func TestNormalizeComment(t *testing.T) {
	long := make([]rune, CommentMaxLength+1)
	for i := range long {
		long[i] = 'å'
	}
	tests := []struct {
		in, want, err string
	}{
		{"  Takk, dette hjalp!  ", "Takk, dette hjalp!", ""},
		{" \n ", "", "error.comment.body_required"},
		{string(long), "", "error.comment.body_long"},
		{string(long[:CommentMaxLength]), string(long[:CommentMaxLength]), ""},
	}
	for _, tt := range tests {
		got, err := NormalizeComment(tt.in)
		if tt.err != "" {
			if Fields(err)["body"] != tt.err {
				t.Errorf("NormalizeComment(%.20q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeComment(%.20q) = %.20q, %v", tt.in, got, err)
		}
	}
}

func TestValidVote(t *testing.T) {
	for v, want := range map[int]bool{-2: false, -1: true, 0: true, 1: true, 2: false} {
		if ValidVote(v) != want {
			t.Errorf("ValidVote(%d) = %v", v, !want)
		}
	}
}

// A question is its thread with the question's fields beside, in one JSON object.
func TestQuestionJSON(t *testing.T) {
	due := time.Date(2025, 4, 23, 8, 0, 0, 0, time.UTC)
	q := &Question{Thread: &Thread{ID: 7, Kind: KindQuestion, Title: "Et spørsmål"}, AcceptedAnswerID: 12, ExpertRequested: true, DueAt: &due}
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["id"] != 7.0 || m["title"] != "Et spørsmål" || m["accepted_answer_id"] != 12.0 || m["expert_requested"] != true ||
		m["due_at"] != "2025-04-23T08:00:00Z" || m["kind"] != "question" {
		t.Errorf("JSON = %s", b)
	}
	if _, ok := m["claimed_by"]; ok {
		t.Errorf("unset claim in JSON: %s", b)
	}
}
