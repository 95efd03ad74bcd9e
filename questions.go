package allmenning

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/allmenning/allmenning/workday"
)

// Questions are threads of kind "question". Their replies are the answers:
// members vote them up and down, the asker (or a moderator) accepts one, and
// short comments hang under each answer. A question may ask for an expert
// answer, which puts it in its area's expert queue with a due time counted in
// Norwegian working days.

// Question is a thread of kind question with what only questions have.
type Question struct {
	*Thread
	AcceptedAnswerID  int64      `json:"accepted_answer_id,omitempty"`
	DuplicateOf       int64      `json:"duplicate_of,omitempty"` // the original, when closed as a duplicate
	ExpertRequested   bool       `json:"expert_requested"`
	ExpertRequestedAt *time.Time `json:"expert_requested_at,omitempty"`
	DueAt             *time.Time `json:"due_at,omitempty"`
	ClaimedBy         int64      `json:"claimed_by,omitempty"`
	ClaimedByName     string     `json:"claimed_by_name,omitempty"`
	ClaimedAt         *time.Time `json:"claimed_at,omitempty"`
	ExpertAnsweredAt  *time.Time `json:"expert_answered_at,omitempty"` // the first answer by an expert of the area
	ExpertAnsweredBy  int64      `json:"expert_answered_by,omitempty"`
	ExpertAnswerID    int64      `json:"expert_answer_id,omitempty"`
	EscalatedAt       *time.Time `json:"escalated_at,omitempty"`
	// Escalated is filled by the expert queue: past due without an expert
	// answer at the store's clock, or marked escalated before.
	Escalated bool `json:"escalated"`
}

// Unanswered filters of question lists.
const (
	UnansweredNoReplies  = "no-replies"  // no (visible, not deleted) answers at all
	UnansweredNoAccepted = "no-accepted" // no accepted answer
)

// QuestionFilter selects questions. Lists are newest first.
type QuestionFilter struct {
	Area            string   // slug; includes the area's children
	Tags            []string // as ThreadFilter.Tags
	Unanswered      string   // "", UnansweredNoReplies or UnansweredNoAccepted
	ExpertRequested bool     // only questions that asked for an expert answer
	Author          int64
	Offset          int
	Limit           int
}

// QuestionPage is a page of questions with the total that match.
type QuestionPage struct {
	Questions []*Question `json:"questions"`
	Total     int         `json:"total"`
}

// Vote values. VoteNone removes a vote.
const (
	VoteDown = -1
	VoteNone = 0
	VoteUp   = 1
)

// ValidVote reports whether v is -1, 0 or +1.
func ValidVote(v int) bool { return v == VoteDown || v == VoteNone || v == VoteUp }

// AnswerVotes is an answer's score and the viewer's own vote.
type AnswerVotes struct {
	Score  int `json:"score"`
	Up     int `json:"up"`
	Down   int `json:"down"`
	MyVote int `json:"my_vote"`
}

// AnswerComment is a short comment on an answer.
type AnswerComment struct {
	ID         int64     `json:"id"`
	ReplyID    int64     `json:"answer_id"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// CommentMaxLength is the longest comment on an answer, in characters.
const CommentMaxLength = 600

// NormalizeComment trims a comment and reports what is wrong with it.
func NormalizeComment(body string) (string, error) {
	body = strings.TrimSpace(body)
	fe := FieldErrors{}
	if body == "" {
		fe.Add("body", "error.comment.body_required")
	} else if utf8.RuneCountInString(body) > CommentMaxLength {
		fe.Add("body", "error.comment.body_long")
	}
	return body, fe.Err()
}

// FAQEntry is a question promoted into an area's FAQ, with its accepted answer.
type FAQEntry struct {
	AreaID   int64     `json:"area_id"`
	Position int       `json:"position"`
	Question *Question `json:"question"`
	Answer   *Reply    `json:"answer"` // the accepted answer; nil when it was unaccepted since
}

// Expert answers.

// DefaultResponseDays is the response time promised in an area that sets none.
const DefaultResponseDays = 2

// MaxResponseDays bounds what an operator may promise.
const MaxResponseDays = 30

// ExpertArea is an area's experts and promised response time.
type ExpertArea struct {
	AreaID int64 `json:"area_id"`
	// ResponseDays is the promise in force: the area's own, else its
	// parent's, else DefaultResponseDays. OwnResponseDays is 0 when the area
	// sets none.
	ResponseDays    int       `json:"response_days"`
	OwnResponseDays int       `json:"own_response_days"`
	Experts         []*Member `json:"experts"`           // designated for this area
	ParentExperts   []*Member `json:"parent_experts"`    // designated for the parent area, who answer here too
	ExpertCount     int       `json:"expert_count"`      // len(Experts) + len(ParentExperts), counted once each
	Inherited       bool      `json:"inherits_response"` // ResponseDays comes from the parent or the default
}

// DueAt is when an expert answer to a question asked at posted is due:
// days working days later on the Norwegian calendar (weekends and public
// holidays skipped; a question asked outside working hours starts counting
// at the next working moment). days ≤ 0 means DefaultResponseDays.
func DueAt(posted time.Time, days int) time.Time {
	if days <= 0 {
		days = DefaultResponseDays
	}
	return workday.Norway().AddWorkingDays(posted, days)
}

// Overdue reports whether a question with an expert request is past due at
// now without an expert answer: the condition for escalation.
func Overdue(due time.Time, expertAnswered *time.Time, now time.Time) bool {
	return expertAnswered == nil && now.After(due)
}

// ExpertQueueFilter selects the expert queue.
type ExpertQueueFilter struct {
	Area     string // slug; includes the area's children
	ExpertID int64  // the areas this member is an expert of (with their children)
	// Answered includes questions an expert has answered; by default the
	// queue holds only those still waiting.
	Answered bool
	Limit    int
}

// SLA reporting.

// SLARecord is one expert request: the raw material of the SLA report.
type SLARecord struct {
	ThreadID int64      `json:"thread_id"`
	AreaID   int64      `json:"area_id"`
	AreaName string     `json:"area_name"`
	Posted   time.Time  `json:"posted"` // when the expert answer was requested
	Due      time.Time  `json:"due"`
	Answered *time.Time `json:"answered,omitempty"` // the first answer by an expert
	// ExpertID is the expert who answered first, else the expert who
	// claimed the question, else 0.
	ExpertID   int64  `json:"expert_id,omitempty"`
	ExpertName string `json:"expert_name,omitempty"`
}

// SLAFilter selects SLA records by when the answer was requested.
type SLAFilter struct {
	Area     string // slug; includes the area's children
	ExpertID int64
	From, To time.Time // From inclusive, To exclusive; zero for open
}

// SLARow is one line of the SLA report, for an area or an expert.
type SLARow struct {
	Key      int64  `json:"id"` // area id or expert id (0: no expert)
	Name     string `json:"name"`
	Count    int    `json:"count"`    // expert requests
	Answered int    `json:"answered"` // with an expert answer
	OnTime   int    `json:"on_time"`  // answered no later than due
	Late     int    `json:"late"`     // answered after due, or unanswered and past due
	Pending  int    `json:"pending"`  // unanswered and not yet due
	// Median and P90 are response times in working hours of the answered
	// requests (nearest rank); 0 when none is answered.
	Median float64 `json:"median_hours"`
	P90    float64 `json:"p90_hours"`
	// OnTimeShare is OnTime / (OnTime + Late): the share of decided
	// requests answered in time; 0 when none is decided.
	OnTimeShare float64 `json:"on_time_share"`
}

// SLAReport is the report per area and per expert.
type SLAReport struct {
	Areas   []SLARow `json:"areas"`
	Experts []SLARow `json:"experts"`
	Total   SLARow   `json:"total"`
}

// ResponseHours is the working time from posted to answered, in hours.
func ResponseHours(posted, answered time.Time) float64 {
	return workday.Norway().WorkingHours(posted, answered)
}

// Percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// values: the smallest value with at least p % of the values at or below
// it. 0 for no values.
func Percentile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

// BuildSLAReport summarises records at now: per area (by area id, ordered by
// name), per expert (records without an expert are left out; ordered by
// name) and in total.
func BuildSLAReport(records []SLARecord, now time.Time) SLAReport {
	cal := workday.Norway()
	type acc struct {
		row   SLARow
		hours []float64
	}
	add := func(a *acc, r SLARecord) {
		a.row.Count++
		switch {
		case r.Answered != nil:
			a.row.Answered++
			a.hours = append(a.hours, cal.WorkingHours(r.Posted, *r.Answered))
			if r.Answered.After(r.Due) {
				a.row.Late++
			} else {
				a.row.OnTime++
			}
		case now.After(r.Due):
			a.row.Late++
		default:
			a.row.Pending++
		}
	}
	finish := func(a *acc) SLARow {
		row := a.row
		row.Median = round2(Percentile(a.hours, 50))
		row.P90 = round2(Percentile(a.hours, 90))
		if d := row.OnTime + row.Late; d > 0 {
			row.OnTimeShare = float64(row.OnTime) / float64(d)
		}
		return row
	}
	areas, experts := map[int64]*acc{}, map[int64]*acc{}
	total := &acc{}
	for _, r := range records {
		a := areas[r.AreaID]
		if a == nil {
			a = &acc{row: SLARow{Key: r.AreaID, Name: r.AreaName}}
			areas[r.AreaID] = a
		}
		add(a, r)
		add(total, r)
		if r.ExpertID != 0 {
			e := experts[r.ExpertID]
			if e == nil {
				e = &acc{row: SLARow{Key: r.ExpertID, Name: r.ExpertName}}
				experts[r.ExpertID] = e
			}
			add(e, r)
		}
	}
	rows := func(m map[int64]*acc) []SLARow {
		out := make([]SLARow, 0, len(m))
		for _, a := range m {
			out = append(out, finish(a))
		}
		slices.SortFunc(out, func(a, b SLARow) int {
			if c := strings.Compare(a.Name, b.Name); c != 0 {
				return c
			}
			return cmp.Compare(a.Key, b.Key)
		})
		return out
	}
	return SLAReport{Areas: rows(areas), Experts: rows(experts), Total: finish(total)}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
