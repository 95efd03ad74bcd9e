package scale

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// run generates in one goroutine and writes in another, so that both
// cores work: generation is deterministic because only the generator
// draws random numbers.
func (g *gen) run(ctx context.Context, s sink) (*Result, error) {
	if err := g.prepare(ctx, s); err != nil {
		return nil, err
	}
	defer g.restore(context.WithoutCancel(ctx), s)
	pwHash, err := hashPassword()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	go func() {
		defer close(batches)
		b := newBatch()
		g.genMembers(b, g.memberID, pwHash)
		select {
		case batches <- b:
		case <-ctx.Done():
			return
		}
		counts := g.plan()
		for start := 0; start < len(counts); start += g.cfg.BatchThreads {
			b := newBatch()
			for i := start; i < min(len(counts), start+g.cfg.BatchThreads); i++ {
				g.genThread(b, i, counts[i])
				b.threads++
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	res := &Result{Rows: map[string]int64{}}
	p := &progress{w: g.cfg.Progress, total: g.cfg.Threads, began: time.Now()}
	for b := range batches {
		if err := write(ctx, s, b); err != nil {
			cancel()
			for range batches {
			}
			return nil, err
		}
		for t, n := range b.perTable {
			res.Rows[t] += n
		}
		res.Total += b.count
		p.update(b.threads, b.count)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := g.finish(ctx, s); err != nil {
		return nil, err
	}
	p.finish()
	res.Hash = fmt.Sprintf("%016x", g.h.h.Sum64())
	return res, nil
}

// write stores a batch in one transaction, parents before children.
func write(ctx context.Context, s sink, b *batch) error {
	if err := s.begin(ctx); err != nil {
		return err
	}
	defer s.rollback(ctx)
	for _, t := range tableOrder {
		if rows := b.rows[t]; len(rows) > 0 {
			if err := s.insert(ctx, t, tableCols[t], rows); err != nil {
				return err
			}
		}
		if t == "replies" {
			if err := s.setIDs(ctx, "threads", "accepted_reply_id", b.accepted[0], b.accepted[1]); err != nil {
				return err
			}
			if err := s.setIDs(ctx, "threads", "expert_answer_id", b.expertAns[0], b.expertAns[1]); err != nil {
				return err
			}
		}
	}
	if err := s.searchDocs(ctx, b.docs); err != nil {
		return err
	}
	return s.commit(ctx)
}

// prepare sets the connection up for loading. On SQLite, synchronous=OFF
// only risks the load itself if the machine fails during it.
func (g *gen) prepare(ctx context.Context, s sink) error {
	var stmts []string
	if s.dialect() == "sqlite" {
		stmts = []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144", "PRAGMA temp_store = MEMORY"}
	} else {
		stmts = []string{"SET synchronous_commit = off"}
	}
	for _, q := range stmts {
		if err := s.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// restore puts the connection back as the store opened it.
func (g *gen) restore(ctx context.Context, s sink) {
	if s.dialect() == "sqlite" {
		for _, q := range []string{"PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -2000", "PRAGMA temp_store = DEFAULT"} {
			s.exec(ctx, q)
		}
	} else {
		s.exec(ctx, "RESET synchronous_commit")
	}
}

// finish sets what depends on everything: members' reputation (the sum of
// their events) and post counts, PostgreSQL's identity sequences past the ids given, and
// statistics for the query planners (which autovacuum gathers on
// PostgreSQL, and PRAGMA optimize on SQLite).
func (g *gen) finish(ctx context.Context, s sink) error {
	if err := s.begin(ctx); err != nil {
		return err
	}
	defer s.rollback(ctx)
	stmts := []string{"UPDATE members SET reputation = COALESCE((SELECT SUM(e.points) FROM reputation_events e WHERE e.member_id = members.id), 0)",
		`UPDATE members SET post_count = (SELECT COUNT(*) FROM threads t WHERE t.author_id = members.id AND t.deleted_at IS NULL)
			+ (SELECT COUNT(*) FROM replies r WHERE r.author_id = members.id AND r.deleted_at IS NULL)`,
		// Caches of counts and search results on running nodes must not outlive the load.
		"UPDATE data_versions SET version = version + 1"}
	if s.dialect() == "postgres" {
		for _, t := range []string{"members", "threads", "replies", "search_docs"} {
			stmts = append(stmts, "SELECT setval(pg_get_serial_sequence('"+t+"', 'id'), (SELECT MAX(id) FROM "+t+"))")
		}
	}
	for _, q := range stmts {
		if err := s.exec(ctx, q); err != nil {
			return err
		}
	}
	if err := s.commit(ctx); err != nil {
		return err
	}
	if s.dialect() == "postgres" {
		// VACUUM also moves the text index's pending list into the index
		// proper, as autovacuum would in time after a load this size.
		return s.exec(ctx, "VACUUM ANALYZE")
	}
	// Statistics from a sample of each index, as PRAGMA optimize takes them:
	// a full ANALYZE reads the whole file.
	for _, q := range []string{"PRAGMA analysis_limit = 1000", "ANALYZE", "DELETE FROM sqlite_stat4", "PRAGMA analysis_limit = 0", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if err := s.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// progress draws a bar with the rate and the time left on a terminal.
type progress struct {
	w           io.Writer
	total, done int
	rows        int64
	began, last time.Time
}

func (p *progress) update(threads int, rows int64) {
	p.done += threads
	p.rows += rows
	if p.w == nil || p.done == p.total || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.draw()
}

func (p *progress) draw() {
	f := 1.0
	if p.total > 0 {
		f = float64(p.done) / float64(p.total)
	}
	el := time.Since(p.began)
	eta := "–"
	if f > 0 {
		eta = (time.Duration(float64(el)*(1-f)/f) / time.Second * time.Second).String()
	}
	const width = 30
	n := int(f * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %d/%d tråder  %d rader  %.0f rader/s  gjenstår %s   ",
		strings.Repeat("=", n), strings.Repeat(" ", width-n), f*100, p.done, p.total, p.rows, float64(p.rows)/max(el.Seconds(), 1e-9), eta)
}

func (p *progress) finish() {
	if p.w == nil {
		return
	}
	p.draw()
	fmt.Fprintln(p.w)
}
