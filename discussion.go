package allmenning

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Visibility says who may see a thread and everything in it.
type Visibility string

const (
	VisMunicipality Visibility = "municipality" // members of the author's municipality
	VisMembers      Visibility = "members"      // every member
	VisPublic       Visibility = "public"       // anyone, also without logging in
)

// Visibilities in order from narrowest to widest.
var Visibilities = []Visibility{VisMunicipality, VisMembers, VisPublic}

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool {
	return v == VisMunicipality || v == VisMembers || v == VisPublic
}

// CanSee reports whether viewer may see an item with visibility v that
// belongs to municipality. This is the one rule; stores express the same
// rule in SQL through Viewer.
func CanSee(viewer *Member, v Visibility, municipality string) bool {
	switch v {
	case VisPublic:
		return true
	case VisMembers:
		return viewer != nil && viewer.Status == StatusActive
	case VisMunicipality:
		return viewer != nil && viewer.Status == StatusActive && viewer.Municipality == municipality
	}
	return false
}

// Viewer is what a store needs to filter by visibility: who is looking.
type Viewer struct {
	MemberID     int64  // 0 for anonymous visitors
	Municipality string // the viewer's municipality; "" for anonymous
	Moderator    bool   // may see deleted posts
}

// ViewerOf returns the Viewer for a member, or the anonymous Viewer for nil.
func ViewerOf(m *Member) Viewer {
	if m == nil || m.Status != StatusActive {
		return Viewer{}
	}
	return Viewer{MemberID: m.ID, Municipality: m.Municipality, Moderator: m.IsModerator()}
}

// Anonymous reports whether nobody is logged in.
func (v Viewer) Anonymous() bool { return v.MemberID == 0 }

// Area is a knowledge area; areas form a two-level tree.
type Area struct {
	ID          int64      `json:"id"`
	ParentID    int64      `json:"parent_id,omitempty"`
	Slug        string     `json:"slug"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Position    int        `json:"position"`
	ArchivedAt  *time.Time `json:"archived_at,omitempty"`
	Children    []*Area    `json:"children,omitempty"`
	ThreadCount int        `json:"thread_count"` // visible to the viewer, filled by lists
}

// NewArea is an area to create or the new values of one.
type NewArea struct {
	ParentID    int64
	Slug        string
	Name        string
	Description string
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// slugLetters spell the Norwegian and Sámi letters in ASCII.
var slugLetters = strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a", "é", "e", "á", "a", "č", "c", "đ", "d", "ŋ", "n", "š", "s", "ŧ", "t", "ž", "z")

// Slugify makes a URL-safe slug from a Norwegian name.
func Slugify(s string) string {
	s = slugLetters.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Validate normalises a and reports what is wrong with it.
func (a *NewArea) Validate() error {
	fe := FieldErrors{}
	a.Name = strings.Join(strings.Fields(a.Name), " ")
	a.Description = strings.TrimSpace(a.Description)
	if a.Slug == "" {
		a.Slug = Slugify(a.Name)
	}
	if n := utf8.RuneCountInString(a.Name); n == 0 {
		fe.Add("name", "error.area.name_required")
	} else if n > 80 {
		fe.Add("name", "error.area.name_long")
	}
	if !slugRe.MatchString(a.Slug) || len(a.Slug) > 80 {
		fe.Add("slug", "error.area.slug_invalid")
	}
	if utf8.RuneCountInString(a.Description) > 500 {
		fe.Add("description", "error.area.description_long")
	}
	return fe.Err()
}

// Kinds of thread.
const (
	KindDiscussion = "discussion"
	KindQuestion   = "question"
)

// Thread is a discussion (or, later, a question) with its first post.
type Thread struct {
	ID             int64      `json:"id"`
	Kind           string     `json:"kind"`
	AreaID         int64      `json:"area_id"`
	AreaSlug       string     `json:"area"`
	AreaName       string     `json:"area_name"`
	AuthorID       int64      `json:"author_id"`
	AuthorName     string     `json:"author_name"`
	Municipality   string     `json:"municipality"` // the author's municipality when posted
	Title          string     `json:"title"`
	Body           string     `json:"body"`      // Markdown
	BodyHTML       string     `json:"body_html"` // rendered and sanitised
	Visibility     Visibility `json:"visibility"`
	Tags           []*Tag     `json:"tags"`
	ReplyCount     int        `json:"reply_count"`
	LikeCount      int        `json:"like_count"`
	ReadCount      int        `json:"read_count"` // unique readers in the requested period
	CreatedAt      time.Time  `json:"created_at"`
	EditedAt       *time.Time `json:"edited_at,omitempty"`
	LastActivityAt time.Time  `json:"last_activity_at"`
	DeletedAt      *time.Time `json:"deleted_at,omitempty"`

	// For the viewer.
	LikedByMe   bool `json:"liked_by_me"`
	UnreadCount int  `json:"unread_count"` // replies since the viewer last read; -1 when never read
	FirstUnread int  `json:"first_unread"` // number of the first unread reply, 0 when none
}

// Reply is a post in a thread. Number counts from 1 within the thread.
type Reply struct {
	ID         int64      `json:"id"`
	ThreadID   int64      `json:"thread_id"`
	Number     int        `json:"number"`
	AuthorID   int64      `json:"author_id"`
	AuthorName string     `json:"author_name"`
	Body       string     `json:"body"`
	BodyHTML   string     `json:"body_html"`
	ReplyToID  int64      `json:"reply_to_id,omitempty"`
	ReplyToNum int        `json:"reply_to_number,omitempty"`
	LikeCount  int        `json:"like_count"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"`
	DeletedAt  *time.Time `json:"deleted_at,omitempty"`
	LikedByMe  bool       `json:"liked_by_me"`
}

// Post kinds, for likes and revisions.
const (
	PostThread = "thread"
	PostReply  = "reply"
)

// Revision is one saved version of a thread or reply; the first is the original.
type Revision struct {
	ID         int64     `json:"id"`
	PostKind   string    `json:"post_kind"`
	PostID     int64     `json:"post_id"`
	Number     int       `json:"number"`
	EditorID   int64     `json:"editor_id"`
	EditorName string    `json:"editor_name"`
	Title      string    `json:"title,omitempty"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Limits on posts.
const (
	TitleMaxLength = 200
	BodyMaxLength  = 50000
)

// NewThread is what a member submits to start a thread.
type NewThread struct {
	Kind       string
	Title      string
	Body       string
	Area       string // slug or id
	Tags       []string
	Visibility Visibility
}

// Validate normalises t and reports what is wrong with it.
func (t *NewThread) Validate() error {
	fe := FieldErrors{}
	if t.Kind == "" {
		t.Kind = KindDiscussion
	}
	t.Title = strings.Join(strings.Fields(t.Title), " ")
	t.Body = strings.TrimSpace(t.Body)
	if t.Visibility == "" {
		t.Visibility = VisMembers
	}
	validateTitle(fe, t.Title)
	validateBody(fe, t.Body)
	if strings.TrimSpace(t.Area) == "" {
		fe.Add("area", "error.thread.area_required")
	}
	if !t.Visibility.Valid() {
		fe.Add("visibility", "error.thread.visibility_invalid")
	}
	if len(t.Tags) > 10 {
		fe.Add("tags", "error.thread.tags_many")
	}
	return fe.Err()
}

func validateTitle(fe FieldErrors, title string) {
	n := utf8.RuneCountInString(title)
	if n == 0 {
		fe.Add("title", "error.thread.title_required")
	} else if n < 5 {
		fe.Add("title", "error.thread.title_short")
	} else if n > TitleMaxLength {
		fe.Add("title", "error.thread.title_long")
	}
}

func validateBody(fe FieldErrors, body string) {
	if body == "" {
		fe.Add("body", "error.post.body_required")
	} else if utf8.RuneCountInString(body) > BodyMaxLength {
		fe.Add("body", "error.post.body_long")
	}
}

// ThreadUpdate is an edit of a thread's first post.
type ThreadUpdate struct {
	Title string
	Body  string
	Tags  []string // nil keeps the tags
}

// Validate normalises u and reports what is wrong with it.
func (u *ThreadUpdate) Validate() error {
	fe := FieldErrors{}
	u.Title = strings.Join(strings.Fields(u.Title), " ")
	u.Body = strings.TrimSpace(u.Body)
	validateTitle(fe, u.Title)
	validateBody(fe, u.Body)
	return fe.Err()
}

// NewReply is a reply; ReplyTo is the number of the reply answered, 0 for the thread.
type NewReply struct {
	Body    string
	ReplyTo int
}

// Validate normalises r and reports what is wrong with it.
func (r *NewReply) Validate() error {
	fe := FieldErrors{}
	r.Body = strings.TrimSpace(r.Body)
	validateBody(fe, r.Body)
	if r.ReplyTo < 0 {
		fe.Add("reply_to", "error.reply.reply_to_invalid")
	}
	return fe.Err()
}

// Orders of thread lists.
const (
	SortLatest     = "latest"      // newest activity first
	SortActive     = "active"      // most replies in the period
	SortMostRead   = "most-read"   // most unique readers in the period
	SortTop        = "top"         // most likes and replies in the period
	SortNewThreads = "new-threads" // newest threads first
)

// Periods for "most read" and "top".
const (
	PeriodWeek  = "week"
	PeriodMonth = "month"
	PeriodYear  = "year"
	PeriodAll   = "all"
)

// PeriodStart returns the start of a period ending at now, zero for all time.
func PeriodStart(period string, now time.Time) time.Time {
	switch period {
	case PeriodWeek:
		return now.AddDate(0, 0, -7)
	case PeriodMonth:
		return now.AddDate(0, -1, 0)
	case PeriodYear:
		return now.AddDate(-1, 0, 0)
	}
	return time.Time{}
}

// ThreadFilter selects and orders threads. Tags are term slugs: a thread
// matches when, for every facet named, it has at least one of the terms
// given in that facet (AND across facets, OR within one).
type ThreadFilter struct {
	Kind         string
	Area         string // slug; includes the area's children
	Tags         []string
	Municipality string
	Author       int64
	Sort         string
	Period       string
	Unread       bool // only threads with replies the viewer has not read
	Since        time.Time
	Offset       int
	Limit        int
	NoTotal      bool // the page's Total is not needed: it is left 0 and not counted
}

// ThreadPage is a page of threads with the total that match.
type ThreadPage struct {
	Threads []*Thread `json:"threads"`
	Total   int       `json:"total"`
}

// Facet is a dimension of the taxonomy (rolle, høytid, fagområde …).
type Facet struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Position int    `json:"position"`
	Tags     []*Tag `json:"tags"`
}

// Tag is a term in a facet.
type Tag struct {
	ID        int64    `json:"id"`
	FacetID   int64    `json:"facet_id"`
	FacetSlug string   `json:"facet"`
	Slug      string   `json:"slug"`
	Name      string   `json:"name"`
	Synonyms  []string `json:"synonyms,omitempty"`
	Count     int      `json:"count"` // threads the term would leave in the current filter
}

// SearchQuery is a search from the one search box.
type SearchQuery struct {
	Text         string
	Type         string // "thread", "reply", "member" or "" for all
	Area         string
	Tags         []string
	Municipality string
	From, To     time.Time
	Offset       int
	Limit        int
}

// SearchResult is one hit.
type SearchResult struct {
	Type     string    `json:"type"` // thread, reply or member
	ID       int64     `json:"id"`
	ThreadID int64     `json:"thread_id,omitempty"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	Snippet  string    `json:"snippet"` // HTML: escaped text with <mark> around matched words
	Date     time.Time `json:"date"`
	Rank     float64   `json:"-"`
}

// SearchResults is a page of hits with the total. Search counts and ranks
// a bounded number of matches: when there are more, Total is that bound and
// TotalCapped is true ("over 1 000 hits"); the pages reach that far.
type SearchResults struct {
	Results     []*SearchResult `json:"results"`
	Total       int             `json:"total"`
	TotalCapped bool            `json:"total_capped,omitempty"`
}
