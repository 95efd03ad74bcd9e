package scale_test

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/markdown"
	"github.com/allmenning/allmenning/scale"
	"github.com/allmenning/allmenning/search"
	"github.com/allmenning/allmenning/store"
)

var small = scale.Config{Members: 120, Threads: 60, Replies: 700, Seed: 7, Until: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), BatchThreads: 25}

func generate(t *testing.T, db *store.DB, cfg scale.Config) *scale.Result {
	t.Helper()
	ctx := context.Background()
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	res, err := scale.Generate(ctx, db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestGenerateCountsAndIntegrity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		res := generate(t, db, small)
		raw := db.WritePool()
		for table, want := range map[string]int{"members": small.Members, "threads": small.Threads, "replies": small.Replies} {
			if got := count(t, raw, "SELECT COUNT(*) FROM "+table); got != want {
				t.Errorf("%s: %d rows, want %d", table, got, want)
			}
		}
		for table, n := range res.Rows {
			if table == "search_docs" {
				continue
			}
			if got := count(t, raw, "SELECT COUNT(*) FROM "+table); int64(got) != n {
				t.Errorf("%s: %d rows in the database, the generator reports %d", table, got, n)
			}
		}
		if got := count(t, raw, "SELECT COUNT(*) FROM search_docs"); got != small.Members+small.Threads+small.Replies {
			t.Errorf("search_docs: %d, want one per member, thread and reply", got)
		}
		for _, table := range []string{"likes", "votes", "thread_tags", "thread_reads", "thread_read_state", "reputation_events", "area_experts"} {
			if res.Rows[table] == 0 {
				t.Errorf("no %s generated", table)
			}
		}
		// Every reference holds and every counter matches its rows.
		checks := map[string]string{
			"reply without its thread":       "SELECT COUNT(*) FROM replies r WHERE NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = r.thread_id)",
			"reply to a reply elsewhere":     "SELECT COUNT(*) FROM replies r JOIN replies p ON p.id = r.reply_to_id WHERE p.thread_id <> r.thread_id OR p.number >= r.number",
			"thread by an unknown member":    "SELECT COUNT(*) FROM threads t WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = t.author_id)",
			"reply_count wrong":              "SELECT COUNT(*) FROM threads t WHERE t.reply_count <> (SELECT COUNT(*) FROM replies r WHERE r.thread_id = t.id AND r.deleted_at IS NULL)",
			"last_reply_number wrong":        "SELECT COUNT(*) FROM threads t WHERE t.last_reply_number <> (SELECT COALESCE(MAX(number), 0) FROM replies r WHERE r.thread_id = t.id)",
			"numbers not 1…n":                "SELECT COUNT(*) FROM threads t WHERE t.last_reply_number <> (SELECT COUNT(*) FROM replies r WHERE r.thread_id = t.id)",
			"thread like_count wrong":        "SELECT COUNT(*) FROM threads t WHERE t.like_count <> (SELECT COUNT(*) FROM likes l WHERE l.post_kind = 'thread' AND l.post_id = t.id)",
			"reply like_count wrong":         "SELECT COUNT(*) FROM replies r WHERE r.like_count <> (SELECT COUNT(*) FROM likes l WHERE l.post_kind = 'reply' AND l.post_id = r.id)",
			"last_activity_at wrong":         "SELECT COUNT(*) FROM threads t WHERE t.last_activity_at <> COALESCE((SELECT MAX(r.created_at) FROM replies r WHERE r.thread_id = t.id), t.created_at)",
			"reply before its thread":        "SELECT COUNT(*) FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.created_at < t.created_at",
			"reputation not the sum":         "SELECT COUNT(*) FROM members m WHERE m.reputation <> COALESCE((SELECT SUM(points) FROM reputation_events e WHERE e.member_id = m.id), 0)",
			"post_count wrong":               "SELECT COUNT(*) FROM members m WHERE m.post_count <> (SELECT COUNT(*) FROM threads t WHERE t.author_id = m.id AND t.deleted_at IS NULL) + (SELECT COUNT(*) FROM replies r WHERE r.author_id = m.id AND r.deleted_at IS NULL)",
			"liking one's own post":          "SELECT COUNT(*) FROM likes l JOIN replies r ON l.post_kind = 'reply' AND r.id = l.post_id WHERE r.author_id = l.member_id",
			"voting on one's own answer":     "SELECT COUNT(*) FROM votes v JOIN replies r ON r.id = v.reply_id WHERE r.author_id = v.member_id",
			"votes outside questions":        "SELECT COUNT(*) FROM votes v JOIN replies r ON r.id = v.reply_id JOIN threads t ON t.id = r.thread_id WHERE t.kind <> 'question'",
			"accepted answer elsewhere":      "SELECT COUNT(*) FROM threads t JOIN replies r ON r.id = t.accepted_reply_id WHERE r.thread_id <> t.id OR r.deleted_at IS NOT NULL OR r.author_id = t.author_id",
			"expert answer not by an expert": "SELECT COUNT(*) FROM threads t JOIN replies r ON r.id = t.expert_answer_id WHERE NOT EXISTS (SELECT 1 FROM area_experts e WHERE e.area_id = t.area_id AND e.member_id = r.author_id) OR t.expert_answered_at <> r.created_at",
			"request without due time":       "SELECT COUNT(*) FROM threads t WHERE t.expert_requested AND (t.due_at IS NULL OR t.due_at <= t.expert_requested_at)",
			"daily readers wrong":            "SELECT COUNT(*) FROM thread_daily_reads d WHERE d.readers <> (SELECT COUNT(*) FROM thread_reads r WHERE r.thread_id = d.thread_id AND r.day = d.day)",
			"read past the last reply":       "SELECT COUNT(*) FROM thread_read_state s JOIN threads t ON t.id = s.thread_id WHERE s.last_read_number > t.last_reply_number",
			"municipality thread outsider":   "SELECT COUNT(*) FROM replies r JOIN threads t ON t.id = r.thread_id JOIN members m ON m.id = r.author_id WHERE t.visibility = 'municipality' AND m.municipality <> t.municipality",
			"thread not in the index":        "SELECT COUNT(*) FROM threads t WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'thread' AND d.ref_id = t.id AND d.title = t.title)",
			"reply index out of line":        "SELECT COUNT(*) FROM search_docs d JOIN replies r ON d.kind = 'reply' AND r.id = d.ref_id JOIN threads t ON t.id = r.thread_id WHERE d.thread_id <> t.id OR d.visibility <> t.visibility OR d.number <> r.number",
			"revisions missing":              "SELECT COUNT(*) FROM replies r WHERE NOT EXISTS (SELECT 1 FROM revisions v WHERE v.post_kind = 'reply' AND v.post_id = r.id AND v.number = 1)",
		}
		for name, q := range checks {
			if n := count(t, raw, q); n != 0 {
				t.Errorf("%s: %d rows", name, n)
			}
		}
		var answered int
		raw.QueryRow("SELECT COUNT(*) FROM threads WHERE expert_answered_at IS NOT NULL").Scan(&answered)
		if count(t, raw, "SELECT COUNT(*) FROM threads WHERE expert_requested") == 0 || answered == 0 {
			t.Error("no expert questions, or none answered")
		}
		if count(t, raw, "SELECT COUNT(*) FROM threads WHERE accepted_reply_id IS NOT NULL") == 0 {
			t.Error("no accepted answers")
		}
	})
}

// The application works on the generated data: the bench member logs in
// (its password verifies), sees threads with unread marks, and a new
// reply gets the next number (PostgreSQL's identity sequences were moved).
func TestGeneratedDataWorksWithTheStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		generate(t, db, small)
		ctx := context.Background()
		me, err := db.FindMemberByEmail(ctx, scale.LoginEmail)
		if err != nil {
			t.Fatal(err)
		}
		page, err := db.FindThreads(ctx, allmenning.ViewerOf(me), allmenning.ThreadFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total == 0 || page.Total > small.Threads {
			t.Fatalf("the member sees %d threads of %d", page.Total, small.Threads)
		}
		var target *allmenning.Thread
		for _, th := range page.Threads {
			if th.ReplyCount > 0 {
				target = th
				break
			}
		}
		if target == nil {
			t.Fatal("no thread with replies")
		}
		r, err := db.CreateReply(ctx, me, target.ID, allmenning.NewReply{Body: "Takk for svaret om kommunene."}, "<p>Takk.</p>\n", nil)
		if err != nil {
			t.Fatal(err)
		}
		var last int
		q := "SELECT last_reply_number FROM threads WHERE id = ?"
		if db.Dialect().Dollar {
			q = strings.Replace(q, "?", "$1", 1)
		}
		db.WritePool().QueryRow(q, target.ID).Scan(&last)
		if r.Number != last {
			t.Errorf("new reply number %d, thread's last %d", r.Number, last)
		}
		th, err := db.CreateThread(ctx, me, allmenning.NewThread{Area: "hvorfor-sosiale-medier", Title: "Ny tråd etter lasten", Body: "Tekst."}, "<p>Tekst.</p>\n", nil)
		if err != nil {
			t.Fatalf("a new thread after the load: %v", err)
		}
		if th.ID <= int64(small.Threads) {
			t.Errorf("new thread id %d collides with generated ids", th.ID)
		}
	})
}

func TestGenerateIsDeterministic(t *testing.T) {
	dump := func(db *store.DB) string {
		h := fnv.New64a()
		for _, q := range []string{
			"SELECT id, thread_id, number, author_id, body, like_count, created_at FROM replies ORDER BY id",
			"SELECT id, title, area_id, visibility, reply_count, like_count, last_activity_at FROM threads ORDER BY id",
			"SELECT post_kind, post_id, member_id FROM likes ORDER BY post_kind, post_id, member_id",
			"SELECT member_id, thread_id, last_read_number FROM thread_read_state ORDER BY member_id, thread_id",
			"SELECT id, email, name, reputation FROM members ORDER BY id",
		} {
			rows, err := db.WritePool().Query(q)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				rows.Scan(ptrs...)
				fmt.Fprintln(h, vals...)
			}
			rows.Close()
		}
		return fmt.Sprintf("%x", h.Sum64())
	}
	a, b, c := dbtest.Open(t, "sqlite"), dbtest.Open(t, "sqlite"), dbtest.Open(t, "sqlite")
	ra, rb := generate(t, a, small), generate(t, b, small)
	other := small
	other.Seed++
	rc := generate(t, c, other)
	if ra.Hash != rb.Hash || dump(a) != dump(b) {
		t.Errorf("the same seed gave different data: %s and %s", ra.Hash, rb.Hash)
	}
	if ra.Hash == rc.Hash || dump(a) == dump(c) {
		t.Error("another seed gave the same data")
	}
}

// The search index holds what the store itself would index, and finds
// inflected forms of generated words.
func TestGeneratedTextIsSearchable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		generate(t, db, small)
		ctx := context.Background()
		me, err := db.FindMemberByEmail(ctx, scale.LoginEmail)
		if err != nil {
			t.Fatal(err)
		}
		v := allmenning.ViewerOf(me)
		for _, q := range []string{"kommunen", "kommuner", "innbyggerne", "søknader", "publiserte", "sosiale"} {
			res, err := db.Search(ctx, v, allmenning.SearchQuery{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Errorf("%q finds nothing", q)
				continue
			}
			term := search.QueryTerms(q)[0]
			for _, r := range res.Results {
				if !slices.Contains(search.Analyze(r.Title), term) && !strings.Contains(r.Snippet, "<mark>") {
					t.Errorf("%q found %s %d without the word in its title or text: %q", q, r.Type, r.ID, r.Snippet)
				}
			}
		}
		// Indexing the same rows the way the store does changes no result.
		before, _ := db.Search(ctx, v, allmenning.SearchQuery{Text: "kommunene planlegger", Limit: 50})
		if err := db.ReindexAll(ctx); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Search(ctx, v, allmenning.SearchQuery{Text: "kommunene planlegger", Limit: 50})
		if before.Total != after.Total || before.Total == 0 {
			t.Errorf("reindexing changed the matches: %d before, %d after", before.Total, after.Total)
		}
		for i := range before.Results {
			if before.Results[i].ID != after.Results[i].ID || before.Results[i].Type != after.Results[i].Type {
				t.Errorf("result %d differs after reindexing", i)
			}
		}
	})
}

// Generated bodies are stored as the Markdown renderer would render them.
func TestGeneratedHTMLIsWhatMarkdownRenders(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	generate(t, db, small)
	rows, err := db.WritePool().Query("SELECT body, body_html FROM replies ORDER BY id LIMIT 200")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	md := markdown.New()
	n := 0
	for rows.Next() {
		var body, html string
		rows.Scan(&body, &html)
		want, err := md.Render(body, nil)
		if err != nil {
			t.Fatal(err)
		}
		if html != want.HTML {
			t.Fatalf("body_html %q, the renderer gives %q", html, want.HTML)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no replies")
	}
}
