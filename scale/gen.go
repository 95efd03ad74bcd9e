package scale

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/password"
	"github.com/allmenning/allmenning/search"
)

// hasher sums every generated row, for the determinism check.
type hasher struct {
	h   hash.Hash64
	buf [8]byte
}

func newHasher() *hasher { return &hasher{h: fnv.New64a()} }

func (h *hasher) row(table string, row []any) {
	h.h.Write([]byte(table))
	for _, v := range row {
		switch x := v.(type) {
		case nil:
			h.h.Write([]byte{0})
		case string:
			h.h.Write([]byte(x))
			h.h.Write([]byte{1})
		case int:
			binary.LittleEndian.PutUint64(h.buf[:], uint64(x))
			h.h.Write(h.buf[:])
		case int64:
			binary.LittleEndian.PutUint64(h.buf[:], uint64(x))
			h.h.Write(h.buf[:])
		case bool:
			if x {
				h.h.Write([]byte{2})
			} else {
				h.h.Write([]byte{3})
			}
		case time.Time:
			binary.LittleEndian.PutUint64(h.buf[:], uint64(x.UnixMicro()))
			h.h.Write(h.buf[:])
		default:
			fmt.Fprint(h.h, x)
		}
	}
}

// setup reads what the data refers to: municipalities, areas, tags, and
// where the ids start. The database must not have members or threads.
func (g *gen) setup(ctx context.Context, conn *sql.Conn, dialect string) error {
	var members, threads int
	if err := conn.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM threads)").Scan(&members, &threads); err != nil {
		return err
	}
	if members > 0 || threads > 0 {
		return fmt.Errorf("scale: the database already has %d members and %d threads; use an empty database", members, threads)
	}
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM threads), (SELECT COALESCE(MAX(id), 0) + 1 FROM replies),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM search_docs), (SELECT COALESCE(MAX(id), 0) + 1 FROM members)`).Scan(&g.threadID, &g.replyID, &g.docID, &g.memberID); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, "SELECT number, population FROM municipalities WHERE kind = '"+allmenning.KindMunicipality+"' ORDER BY number")
	if err != nil {
		return err
	}
	for rows.Next() {
		var m muni
		if err := rows.Scan(&m.number, &m.population); err != nil {
			rows.Close()
			return err
		}
		g.munis = append(g.munis, m)
	}
	rows.Close()
	if len(g.munis) == 0 {
		return errors.New("scale: no municipalities; open the database through the application first")
	}
	rows, err = conn.QueryContext(ctx, `SELECT a.id, COALESCE(a.response_days, p.response_days, 0) FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
		WHERE a.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM areas c WHERE c.parent_id = a.id) ORDER BY a.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a area
		if err := rows.Scan(&a.id, &a.responseDays); err != nil {
			rows.Close()
			return err
		}
		g.areas = append(g.areas, a)
	}
	rows.Close()
	if len(g.areas) == 0 {
		return errors.New("scale: no knowledge areas; open the database through the application first")
	}
	rows, err = conn.QueryContext(ctx, "SELECT id FROM tags WHERE merged_into_id IS NULL ORDER BY id")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		g.tags = append(g.tags, id)
	}
	rows.Close()
	// Follows (a later migration): filled when the table has the columns we know.
	q := "SELECT name FROM pragma_table_info('follows')"
	if dialect == "postgres" {
		q = "SELECT column_name FROM information_schema.columns WHERE table_name = 'follows' AND table_schema = current_schema()"
	}
	rows, err = conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		have[c] = true
	}
	rows.Close()
	g.follows = true
	for _, c := range followCols {
		g.follows = g.follows && have[c]
	}
	return rows.Err()
}

type muni struct {
	number     string
	population int
}

// skew returns an index below n, low indexes much more often: a few
// members write most, a few areas and tags are used most.
func (g *gen) skew(n int) int {
	u := g.r.Float64()
	return min(n-1, int(float64(n)*u*u))
}

// poster returns a member index to write a post: skewed, a few members
// writing most, but rotated so that the benchmark member (index 0) is an
// ordinary active member rather than the most prolific one.
func (g *gen) poster() int {
	n := len(g.members)
	return (g.skew(n) + n - n/10) % n
}

// count returns a random count with about the given mean.
func (g *gen) count(mean float64) int {
	return int(g.r.ExpFloat64()*mean + g.r.Float64())
}

func (g *gen) clamp(t time.Time) time.Time {
	if t.After(g.cfg.Until) {
		return g.cfg.Until
	}
	return t
}

func (g *gen) after(t time.Time, mean time.Duration) time.Time {
	return g.clamp(t.Add(time.Duration(g.r.ExpFloat64() * float64(mean))))
}

var (
	firstNames = strings.Fields(`Ingrid Kari Anne Marit Solveig Liv Hilde Silje Ida Nora Emma Sara Ingeborg Astrid Randi Berit Tone Hege Linn Maria
		Synnøve Åse Guro Eli Turid Ragnhild Kristin Mari Camilla Marte Ole Lars Per Jan Kjell Bjørn Arne Knut Svein Geir Tor Trond Morten
		Håkon Eirik Sindre Jonas Magnus Henrik Even Øystein Terje Rune Odd Steinar Vegard Jørgen Aslak Ivar Tormod Anders`)
	lastNames = strings.Fields(`Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen Eriksen Berg
		Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen
		Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde
		Solheim Berge Moe Nygård Bakke Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther Aas
		Myhre Hanssen Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Rønning Arnesen Antonsen Næss Vik Ødegård`)
	jobTitles = strings.Fields(`Kommunikasjonsrådgiver Kommunikasjonssjef Informasjonsrådgiver Rådgiver Seniorrådgiver Webredaktør Arkivar
		Saksbehandler Enhetsleder Kommunalsjef Rektor Styrer Helsesykepleier Ingeniør Planlegger Konsulent Prosjektleder Fagansvarlig`)
	competences = []string{"Sosiale medier", "Klarspråk", "Krisekommunikasjon", "Arkiv", "Personvern", "Foto", "Video", "Universell utforming",
		"Innbyggerdialog", "Beredskap", "Webpublisering", "Innsyn", "Grafisk design", "Medietrening", "Analyse"}
)

// handleBase is store.handleBase: "Åse Ødegård" → "ase.odegard".
func handleBase(name string) string {
	var words []string
	for _, w := range strings.Fields(name) {
		if s := allmenning.Slugify(strings.ToLower(w)); s != "" {
			words = append(words, s)
		}
	}
	if len(words) == 0 {
		return "medlem"
	}
	return strings.Join(words, ".")
}

// genMembers makes the members, their competences, their search
// documents, the area experts and (when the table exists) follows.
func (g *gen) genMembers(b *batch, memberID int64, pwHash string) {
	var cum []float64
	total := 0.0
	for _, m := range g.munis {
		total += math.Sqrt(float64(max(m.population, 100)))
		cum = append(cum, total)
	}
	handles := map[string]int{}
	for i := range g.cfg.Members {
		id := memberID + int64(i)
		mu := g.munis[min(len(g.munis)-1, sort.SearchFloat64s(cum, g.r.Float64()*total))].number
		name := firstNames[g.r.IntN(len(firstNames))] + " " + lastNames[g.r.IntN(len(lastNames))]
		base := handleBase(name)
		handles[base]++
		handle := base
		if n := handles[base]; n > 1 {
			handle = fmt.Sprintf("%s-%d", base, n)
		}
		email := handle + "@skala.allmenning.test"
		if i == 0 {
			email = LoginEmail
		}
		job := jobTitles[g.skew(len(jobTitles))]
		lang := "nb"
		if g.r.IntN(8) == 0 {
			lang = "nn"
		}
		var comps []string
		for range g.r.IntN(4) {
			if c := competences[g.r.IntN(len(competences))]; !slices.Contains(comps, c) {
				comps = append(comps, c)
			}
		}
		created := g.start.Add(-time.Duration(g.r.Int64N(int64(365 * 24 * time.Hour))))
		searchText := strings.ToLower(name + " " + job + " " + strings.Join(comps, " "))
		g.h.row("members", []any{id, email, name, handle, mu, job, lang, searchText, created}) // the password hash has a random salt
		b.rows["members"] = append(b.rows["members"], []any{id, email, name, handle, mu, job, "", lang, allmenning.StatusActive, pwHash, searchText, created, created})
		b.count++
		b.perTable["members"]++
		for p, c := range comps {
			b.add(g.h, "member_competences", id, c, p)
		}
		body := job
		if len(comps) > 0 {
			body += " · " + strings.Join(comps, ", ")
		}
		b.doc(g.h, g.docID, "member", id, nil, 0, nil, mu, string(allmenning.VisMembers), id, created, false, name, body,
			search.Stems(name), search.Stems(search.PlainText(body)))
		g.docID++
		g.members = append(g.members, member{id: id, municipality: mu})
		g.byMuni[mu] = append(g.byMuni[mu], i)
	}
	for ai := range g.areas {
		a := &g.areas[ai]
		for len(a.experts) < 3 && len(a.experts) < len(g.members)-1 {
			if m := 1 + g.r.IntN(len(g.members)-1); !slices.Contains(a.experts, m) {
				a.experts = append(a.experts, m)
				b.add(g.h, "area_experts", a.id, g.members[m].id, g.start)
			}
		}
	}
	if !g.follows {
		return
	}
	for i, m := range g.members {
		seen := map[int64]bool{}
		for range g.r.IntN(3) {
			a := g.areas[g.skew(len(g.areas))].id
			if !seen[a] {
				seen[a] = true
				b.add(g.h, "follows", m.id, "area", a, g.start)
			}
		}
		if len(g.tags) > 0 && i%3 == 0 {
			b.add(g.h, "follows", m.id, "tag", g.tags[g.skew(len(g.tags))], g.start)
		}
	}
}

// replyPlan is a reply before it is written.
type replyPlan struct {
	id       int64
	number   int
	author   int // member index
	created  time.Time
	deleted  bool
	body     string
	stems    string
	replyTo  any
	likes    int
	answerOK bool // live and not by the asker
}

type readEvent struct {
	at     time.Time
	member int
	upTo   int
	reader bool // opened the page (thread_reads), not just wrote
}

// award records a reputation event under the daily cap, as the store does.
func (g *gen) award(b *batch, to int64, reason, kind string, post, actor int64, at time.Time) {
	k := repKey{to, osloDay(at)}
	points := allmenning.ReputationAward(g.earned[k], reason)
	capped := allmenning.ReputationCapped(reason)
	if capped {
		g.earned[k] += points
	}
	b.add(g.h, "reputation_events", to, points, reason, false, capped, kind, post, actor, at, k.day)
}

// pool returns the members who may take part in a thread: everyone, or the
// municipality's members for a municipality thread.
func (g *gen) participant(pool []int) int {
	if pool == nil {
		return g.poster()
	}
	return pool[g.r.IntN(len(pool))]
}

// likers picks up to n distinct members of the pool other than not.
func (g *gen) likers(pool []int, n, not int) []int {
	var out []int
	for try := 0; len(out) < n && try < 3*n; try++ {
		m := g.r.IntN(len(g.members))
		if pool != nil {
			m = pool[g.r.IntN(len(pool))]
		}
		if m != not && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// genThread makes thread i (of the whole run) with n replies.
func (g *gen) genThread(b *batch, i, n int) {
	r := g.r
	id := g.threadID
	g.threadID++
	span := float64(g.cfg.Span)
	created := g.start.Add(time.Duration(span * (float64(i) + r.Float64()) / float64(g.cfg.Threads)))
	question := r.Float64() < g.cfg.QuestionShare
	kind := allmenning.KindDiscussion
	if question {
		kind = allmenning.KindQuestion
	}
	ar := &g.areas[g.skew(len(g.areas))]
	author := g.poster()
	mu := g.members[author].municipality
	expertReq := question && r.Float64() < 0.2
	vis := allmenning.VisMembers
	switch u := r.Float64(); {
	case u < 0.25:
		vis = allmenning.VisPublic
	case u > 0.85 && !expertReq && len(g.byMuni[mu]) >= 5:
		vis = allmenning.VisMunicipality
	}
	var pool []int
	if vis == allmenning.VisMunicipality {
		pool = g.byMuni[mu]
	}
	title, titleStems := g.text.title(r, question)
	body, bodyStems := g.text.body(r, 20+r.IntN(90))

	// Replies, spread after the thread, all before Until.
	replies := make([]*replyPlan, n)
	at := created
	for j := range replies {
		at = at.Add(time.Duration(r.ExpFloat64() * float64(10*time.Hour)))
		rp := &replyPlan{id: g.replyID, number: j + 1, created: at, author: g.participant(pool)}
		g.replyID++
		if r.IntN(7) == 0 {
			rp.author = author
		}
		rp.deleted = r.IntN(100) == 0
		rp.body, rp.stems = g.text.body(r, 8+r.IntN(60))
		if j > 0 && r.IntN(10) == 0 {
			rp.replyTo = replies[r.IntN(j)].id
		}
		replies[j] = rp
	}
	if n > 0 && at.After(g.cfg.Until) {
		// Squeeze the replies into the time left.
		f := float64(g.cfg.Until.Sub(created)) / float64(at.Sub(created)) * 0.999
		for _, rp := range replies {
			rp.created = created.Add(time.Duration(float64(rp.created.Sub(created)) * f))
		}
	}
	// An expert answer: the first reply (not deleted) by an expert of the area.
	var expertReply *replyPlan
	if expertReq && n > 0 && r.Float64() < 0.7 {
		e := ar.experts[r.IntN(len(ar.experts))]
		if e != author {
			replies[r.IntN(min(n, 3))].author = e
		}
	}
	if expertReq {
		for _, rp := range replies {
			if !rp.deleted && slices.Contains(ar.experts, rp.author) {
				expertReply = rp
				break
			}
		}
	}
	live, last := 0, created
	for _, rp := range replies {
		if !rp.deleted {
			live++
		}
		last = rp.created
	}
	threadLikers := g.likers(pool, g.count(1.2), author)
	var deletedAt, deletedBy any
	if r.IntN(300) == 0 {
		deletedAt, deletedBy = g.clamp(last.Add(time.Hour)), g.members[author].id
	}
	var reqAt, dueAt, claimedBy, claimedAt, answeredAt, answeredBy, escalatedAt any
	if expertReq {
		due := allmenning.DueAt(created, ar.responseDays)
		reqAt, dueAt = created, due
		if expertReply != nil {
			answeredAt, answeredBy = expertReply.created, g.members[expertReply.author].id
			b.expertAns[0] = append(b.expertAns[0], id)
			b.expertAns[1] = append(b.expertAns[1], expertReply.id)
		} else if r.IntN(3) == 0 {
			claimedBy, claimedAt = g.members[ar.experts[0]].id, g.clamp(created.Add(2*time.Hour))
		}
		if due.Before(g.cfg.Until) && (expertReply == nil || expertReply.created.After(due)) {
			escalatedAt = g.clamp(due.Add(10 * time.Minute))
		}
	}
	b.add(g.h, "threads", id, kind, ar.id, g.members[author].id, mu, title, body, bodyHTML(body), string(vis), live, len(threadLikers),
		n, created, last, deletedAt, deletedBy, expertReq, reqAt, dueAt, claimedBy, claimedAt, answeredAt, answeredBy, escalatedAt)
	b.add(g.h, "revisions", allmenning.PostThread, id, 1, g.members[author].id, title, body, created)
	var tags []int64
	for range r.IntN(4) {
		if len(g.tags) == 0 {
			break
		}
		if t := g.tags[g.skew(len(g.tags))]; !slices.Contains(tags, t) {
			tags = append(tags, t)
			b.add(g.h, "thread_tags", id, t)
		}
	}
	deleted := deletedAt != nil
	b.doc(g.h, g.docID, "thread", id, id, 0, ar.id, mu, string(vis), g.members[author].id, created, deleted, title, body, titleStems, bodyStems)
	g.docID++
	for _, m := range threadLikers {
		at := g.after(created, 12*time.Hour)
		b.add(g.h, "likes", allmenning.PostThread, id, g.members[m].id, at)
		g.award(b, g.members[author].id, allmenning.RepLike, allmenning.PostThread, id, g.members[m].id, at)
	}

	var answers []*replyPlan
	for _, rp := range replies {
		var likers []int
		if !rp.deleted {
			likers = g.likers(pool, g.count(0.5), rp.author)
		}
		var delAt, delBy any
		if rp.deleted {
			delAt, delBy = g.clamp(rp.created.Add(time.Hour)), g.members[rp.author].id
		}
		aid := g.members[rp.author].id
		b.add(g.h, "replies", rp.id, id, rp.number, aid, rp.body, bodyHTML(rp.body), rp.replyTo, len(likers), rp.created, delAt, delBy)
		b.add(g.h, "revisions", allmenning.PostReply, rp.id, 1, aid, "", rp.body, rp.created)
		b.doc(g.h, g.docID, "reply", rp.id, id, rp.number, ar.id, mu, string(vis), aid, rp.created, deleted || rp.deleted, title, rp.body, "", rp.stems)
		g.docID++
		for _, m := range likers {
			at := g.after(rp.created, 12*time.Hour)
			b.add(g.h, "likes", allmenning.PostReply, rp.id, g.members[m].id, at)
			g.award(b, aid, allmenning.RepLike, allmenning.PostReply, rp.id, g.members[m].id, at)
		}
		if question && !rp.deleted {
			for _, m := range g.likers(pool, g.count(0.6), rp.author) {
				at := g.after(rp.created, 12*time.Hour)
				value, reason := 1, allmenning.RepUpvote
				if r.IntN(7) == 0 {
					value, reason = -1, allmenning.RepDownvote
				}
				b.add(g.h, "votes", rp.id, g.members[m].id, value, at)
				g.award(b, aid, reason, allmenning.PostReply, rp.id, g.members[m].id, at)
			}
			if rp.author != author {
				answers = append(answers, rp)
			}
		}
	}
	if question && len(answers) > 0 && r.IntN(2) == 0 {
		a := answers[r.IntN(len(answers))]
		at := g.after(a.created, 24*time.Hour)
		asker := g.members[author].id
		b.accepted[0] = append(b.accepted[0], id)
		b.accepted[1] = append(b.accepted[1], a.id)
		g.award(b, g.members[a.author].id, allmenning.RepAccepted, allmenning.PostReply, a.id, asker, at)
		g.award(b, asker, allmenning.RepAccept, allmenning.PostReply, a.id, asker, at)
	}
	g.reads(b, id, created, author, pool, replies)
}

// reads makes who read the thread how far: the author (from the start),
// each replier (to their reply), and readers who opened it, each on a day;
// the bench member opens a fifth of the threads. How far a member has read
// only moves forward, as in store.markRead.
func (g *gen) reads(b *batch, id int64, created time.Time, author int, pool []int, replies []*replyPlan) {
	r := g.r
	events := []readEvent{{at: created, member: author}}
	for _, rp := range replies {
		events = append(events, readEvent{at: rp.created, member: rp.author, upTo: rp.number})
	}
	upTo := func(at time.Time) int {
		n := 0
		for _, rp := range replies {
			if !rp.created.After(at) {
				n = rp.number
			}
		}
		return n
	}
	readers := g.count(g.cfg.ReadersPerThread)
	for range readers {
		m := r.IntN(len(g.members))
		if pool != nil {
			m = pool[r.IntN(len(pool))]
		}
		at := g.after(created, 48*time.Hour)
		events = append(events, readEvent{at: at, member: m, upTo: upTo(at), reader: true})
		if r.IntN(3) == 0 {
			at = g.after(at, 72*time.Hour)
			events = append(events, readEvent{at: at, member: m, upTo: upTo(at), reader: true})
		}
	}
	if (pool == nil || slices.Contains(pool, 0)) && r.IntN(5) == 0 {
		at := g.after(created, 24*time.Hour)
		events = append(events, readEvent{at: at, member: 0, upTo: upTo(at), reader: true})
	}
	slices.SortStableFunc(events, func(a, b readEvent) int { return a.at.Compare(b.at) })
	type state struct {
		upTo int
		at   time.Time
	}
	states := map[int]*state{}
	var order []int
	seen := map[string]bool{}
	daily := map[string]int{}
	var days []string
	for _, e := range events {
		if e.reader {
			day := osloDay(e.at)
			key := fmt.Sprint(e.member, day)
			if !seen[key] {
				seen[key] = true
				b.add(g.h, "thread_reads", id, g.members[e.member].id, day)
				if daily[day] == 0 {
					days = append(days, day)
				}
				daily[day]++
			}
		}
		if s := states[e.member]; s == nil {
			states[e.member] = &state{e.upTo, e.at}
			order = append(order, e.member)
		} else if e.upTo > s.upTo {
			s.upTo, s.at = e.upTo, e.at
		}
	}
	for _, d := range days {
		b.add(g.h, "thread_daily_reads", id, d, daily[d])
	}
	for _, m := range order {
		s := states[m]
		b.add(g.h, "thread_read_state", g.members[m].id, id, s.upTo, s.at)
	}
}

// plan returns the number of replies of each thread: exponentially
// distributed, summing to exactly cfg.Replies.
func (g *gen) plan() []int {
	t := g.cfg.Threads
	counts := make([]int, t)
	if t == 0 {
		return counts
	}
	mean := float64(g.cfg.Replies) / float64(t)
	sum := 0
	for i := range counts {
		counts[i] = min(int(g.r.ExpFloat64()*mean), 400)
		sum += counts[i]
	}
	for sum < g.cfg.Replies {
		counts[g.r.IntN(t)]++
		sum++
	}
	for sum > g.cfg.Replies {
		if i := g.r.IntN(t); counts[i] > 0 {
			counts[i]--
			sum--
		}
	}
	return counts
}

// hashPassword is the one password hash all generated members share.
func hashPassword() (string, error) {
	return password.Hash(LoginPassword, password.Default)
}
