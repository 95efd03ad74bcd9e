// Package scale fills a database with a sector-sized, deterministic dataset:
// the members of all 357 municipalities, threads and questions with replies
// and answers, likes, votes, reputation, tags, reads, experts with due
// times, and the search index — written in bulk, but exactly as the store
// would have written it row by row, so that the application, its counters
// and its search work on it unchanged. The same configuration (seed
// included) gives the same data. It is what `allmenning seed --scale` and
// the load benchmark use.
package scale

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"time"
	_ "time/tzdata" // Europe/Oslo for reading days

	"github.com/allmenning/allmenning/store"
	"github.com/jackc/pgx/v5"
)

// The member the load benchmark logs in as: the first generated member.
const (
	LoginEmail    = "benk@skala.allmenning.test"
	LoginPassword = "skala-passord-2026"
)

// Config sizes a dataset. Zero values take the defaults of Full.
type Config struct {
	Members, Threads, Replies int
	// QuestionShare is the share of threads that are questions (0.3).
	QuestionShare float64
	// ReadersPerThread is the mean number of members who open a thread (5).
	ReadersPerThread float64
	Seed             uint64
	// Until is when the newest post is written; Span how far back the posts go (two years).
	Until time.Time
	Span  time.Duration
	// BatchThreads is how many threads go in one transaction (1000).
	BatchThreads int
	// Progress, when set, receives a progress bar (for a terminal).
	Progress io.Writer
}

// Full is the size of the whole sector.
func Full() Config {
	return Config{Members: 20000, Threads: 100000, Replies: 1000000, Seed: 1}
}

// Fraction returns c with members, threads and replies scaled by f (at
// least 50 members and 10 threads).
func (c Config) Fraction(f float64) Config {
	c.Members = max(50, int(math.Round(float64(c.Members)*f)))
	c.Threads = max(10, int(math.Round(float64(c.Threads)*f)))
	c.Replies = int(math.Round(float64(c.Replies) * f))
	return c
}

func (c *Config) defaults() {
	full := Full()
	if c.Members <= 0 {
		c.Members = full.Members
	}
	if c.Threads < 0 {
		c.Threads = 0
	}
	if c.Replies < 0 {
		c.Replies = 0
	}
	if c.QuestionShare <= 0 {
		c.QuestionShare = 0.3
	}
	if c.ReadersPerThread <= 0 {
		c.ReadersPerThread = 5
	}
	if c.Until.IsZero() {
		c.Until = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	}
	if c.Span <= 0 {
		c.Span = 2 * 365 * 24 * time.Hour
	}
	if c.BatchThreads <= 0 {
		c.BatchThreads = 1000
	}
}

// Result tells what was generated.
type Result struct {
	Rows     map[string]int64 // rows per table
	Total    int64
	Hash     string // over every generated row, in order: equal for equal configurations
	Duration time.Duration
}

// RowsPerSecond is the load rate.
func (r *Result) RowsPerSecond() float64 {
	return float64(r.Total) / max(r.Duration.Seconds(), 1e-9)
}

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic("scale: " + err.Error())
	}
	return loc
}()

func osloDay(t time.Time) string { return t.In(oslo).Format(time.DateOnly) }

// Table columns, in the order the generator fills them.
var (
	memberCols     = []string{"id", "email", "name", "handle", "municipality", "job_title", "bio", "language", "status", "password_hash", "search_text", "created_at", "updated_at"}
	competenceCols = []string{"member_id", "competence", "position"}
	expertCols     = []string{"area_id", "member_id", "created_at"}
	threadCols     = []string{"id", "kind", "area_id", "author_id", "municipality", "title", "body", "body_html", "visibility", "reply_count", "like_count",
		"last_reply_number", "created_at", "last_activity_at", "deleted_at", "deleted_by", "expert_requested", "expert_requested_at", "due_at",
		"claimed_by", "claimed_at", "expert_answered_at", "expert_answered_by", "escalated_at"}
	replyCols    = []string{"id", "thread_id", "number", "author_id", "body", "body_html", "reply_to_id", "like_count", "created_at", "deleted_at", "deleted_by"}
	revisionCols = []string{"post_kind", "post_id", "number", "editor_id", "title", "body", "created_at"}
	likeCols     = []string{"post_kind", "post_id", "member_id", "created_at"}
	voteCols     = []string{"reply_id", "member_id", "value", "created_at"}
	repCols      = []string{"member_id", "points", "reason", "reversal", "capped", "post_kind", "post_id", "actor_id", "created_at", "day"}
	tagCols      = []string{"thread_id", "tag_id"}
	readCols     = []string{"thread_id", "member_id", "day"}
	dailyCols    = []string{"thread_id", "day", "readers"}
	stateCols    = []string{"member_id", "thread_id", "last_read_number", "read_at"}
	followCols   = []string{"member_id", "kind", "target_id", "created_at"}
)

// tableOrder is the order in which a batch is written (parents first).
var tableOrder = []string{"members", "member_competences", "area_experts", "threads", "thread_tags", "replies", "revisions", "likes", "votes",
	"reputation_events", "thread_reads", "thread_daily_reads", "thread_read_state", "follows"}

var tableCols = map[string][]string{
	"members": memberCols, "member_competences": competenceCols, "area_experts": expertCols, "threads": threadCols, "thread_tags": tagCols,
	"replies": replyCols, "revisions": revisionCols, "likes": likeCols, "votes": voteCols, "reputation_events": repCols,
	"thread_reads": readCols, "thread_daily_reads": dailyCols, "thread_read_state": stateCols, "follows": followCols,
}

// batch is what one transaction writes.
type batch struct {
	rows       map[string][][]any
	docs       [][]any
	accepted   [2][]int64 // thread ids, reply ids
	expertAns  [2][]int64
	threads    int
	count      int64
	perTable   map[string]int64
	hasFollows bool
}

func newBatch() *batch {
	return &batch{rows: map[string][][]any{}, perTable: map[string]int64{}}
}

func (b *batch) add(h *hasher, table string, row ...any) {
	h.row(table, row)
	b.rows[table] = append(b.rows[table], row)
	b.count++
	b.perTable[table]++
}

func (b *batch) doc(h *hasher, row ...any) {
	h.row("search_docs", row)
	b.docs = append(b.docs, row)
	b.count += 2 // the document and its words
	b.perTable["search_docs"]++
}

// member is a generated member as the generator remembers it.
type member struct {
	id           int64
	municipality string
}

// area is a leaf knowledge area.
type area struct {
	id           int64
	responseDays int
	experts      []int // member indexes
}

// gen holds the state of one generation.
type gen struct {
	cfg      Config
	r        *rand.Rand
	text     *textGen
	h        *hasher
	start    time.Time
	members  []member
	byMuni   map[string][]int
	areas    []area
	tags     []int64
	munis    []muni
	follows  bool
	memberID int64 // next ids
	threadID int64
	replyID  int64
	docID    int64
	earned   map[repKey]int // capped points per member and day
}

type repKey struct {
	member int64
	day    string
}

// Generate fills db, which must have no members or threads yet, and
// returns what it wrote. It uses the store's write pool directly; nothing
// else may write meanwhile.
func Generate(ctx context.Context, db *store.DB, cfg Config) (*Result, error) {
	cfg.defaults()
	began := time.Now()
	conn, err := db.WritePool().Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	g := &gen{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), text: newTextGen(), h: newHasher(),
		start: cfg.Until.Add(-cfg.Span), byMuni: map[string][]int{}, earned: map[repKey]int{}}
	if err := g.setup(ctx, conn, db.Dialect().Name); err != nil {
		return nil, err
	}
	var res *Result
	if db.Dialect().Name == "postgres" {
		err = withPgx(ctx, conn, func(c *pgx.Conn) error {
			var err error
			res, err = g.run(ctx, &pgSink{conn: c})
			return err
		})
	} else {
		res, err = g.run(ctx, &sqliteSink{conn: conn})
	}
	if err != nil {
		return nil, err
	}
	res.Duration = time.Since(began)
	return res, nil
}
