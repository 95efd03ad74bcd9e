package scale

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/store"
)

// Targets are what the benchmarks request, chosen from a generated
// dataset: all visible to the member given, none deleted.
type Targets struct {
	Thread   int64   // a discussion with exactly (or, failing that, at least) 20 replies
	Question int64   // a question with answers, one of them accepted if there is one
	Area     string  // the slug of the busiest top-level area
	Tag      string  // the slug of the most used tag
	Write    []int64 // threads to post replies to
}

// FindTargets picks the benchmark targets for member m.
func FindTargets(ctx context.Context, db *store.DB, m *allmenning.Member) (*Targets, error) {
	pool := db.WritePool()
	vis := "t.deleted_at IS NULL AND (t.visibility IN ('public', 'members') OR (t.visibility = 'municipality' AND t.municipality = '" + m.Municipality + "'))"
	if allmenning.Slugify(m.Municipality) != m.Municipality {
		return nil, errors.New("scale: odd municipality number")
	}
	t := &Targets{}
	one := func(dest any, queries ...string) error {
		for _, q := range queries {
			err := pool.QueryRowContext(ctx, q).Scan(dest)
			if err == nil {
				return nil
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		return errors.New("scale: the dataset has no benchmark target for: " + queries[0])
	}
	if err := one(&t.Thread,
		"SELECT t.id FROM threads t WHERE t.kind = 'discussion' AND t.reply_count = 20 AND t.last_reply_number = 20 AND "+vis+" ORDER BY t.id LIMIT 1",
		"SELECT t.id FROM threads t WHERE t.reply_count >= 20 AND "+vis+" ORDER BY t.reply_count, t.id LIMIT 1"); err != nil {
		return nil, err
	}
	if err := one(&t.Question,
		"SELECT t.id FROM threads t WHERE t.kind = 'question' AND t.accepted_reply_id IS NOT NULL AND t.reply_count BETWEEN 5 AND 20 AND "+vis+" ORDER BY t.id LIMIT 1",
		"SELECT t.id FROM threads t WHERE t.kind = 'question' AND t.reply_count > 0 AND "+vis+" ORDER BY t.id LIMIT 1"); err != nil {
		return nil, err
	}
	if err := one(&t.Area, `SELECT COALESCE(p.slug, a.slug) FROM threads t JOIN areas a ON a.id = t.area_id LEFT JOIN areas p ON p.id = a.parent_id
		GROUP BY COALESCE(p.slug, a.slug) ORDER BY COUNT(*) DESC, COALESCE(p.slug, a.slug) LIMIT 1`); err != nil {
		return nil, err
	}
	if err := one(&t.Tag, "SELECT g.slug FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id GROUP BY g.slug ORDER BY COUNT(*) DESC, g.slug LIMIT 1"); err != nil {
		return nil, err
	}
	rows, err := pool.QueryContext(ctx, "SELECT t.id FROM threads t WHERE t.kind = 'discussion' AND "+vis+" ORDER BY t.id DESC LIMIT 50")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		t.Write = append(t.Write, id)
	}
	if len(t.Write) == 0 {
		return nil, errors.New("scale: no threads to reply to")
	}
	return t, rows.Err()
}

// Queries are the 50 searches of the load benchmark: single words in
// different inflections, pairs and a few that find little.
var Queries = []string{
	"kommunen", "kommuner", "innbyggerne", "søknad", "søknader om tilskudd", "budsjettet", "høringer", "vedtak", "skolene", "barnehagen",
	"sykehjemmet", "brøyting", "renovasjon", "reguleringsplanen", "byggesaker", "biblioteket", "arrangementer", "nettsiden", "spørsmålene", "klagen",
	"postjournal", "arkivering", "journalføring", "personvern", "bildene", "video", "plattformer", "følgere", "kampanjen", "krisen",
	"beredskap", "flom", "strømbrudd", "evakuering", "rutiner", "retningslinjer", "opplæring", "erfaringer", "løsningen", "utfordringer",
	"digitale tjenester", "sosiale medier", "tilgjengelighet", "klarspråk", "pressemelding", "journalister", "innbyggerdialog", "publiserte", "planlegger", "modererer",
}

// String is how a target list is shown.
func (t *Targets) String() string {
	return "thread " + strconv.FormatInt(t.Thread, 10) + ", question " + strconv.FormatInt(t.Question, 10) + ", area " + t.Area + ", tag " + t.Tag
}
