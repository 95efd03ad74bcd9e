package store

import (
	"context"

	"github.com/allmenning/allmenning"
)

// SyncMunicipalities brings the built-in municipality and county list into
// the database: new ones are added, names and facts updated, and each gets its
// usual e-mail domain unless that domain is already taken. Domains added by
// admins are kept.
func (db *DB) SyncMunicipalities(ctx context.Context, list []allmenning.Municipality) error {
	now := db.now()
	return db.inTx(ctx, func(tx *Tx) error {
		for _, m := range list {
			if _, err := tx.exec(ctx, `INSERT INTO municipalities (number, kind, name, sami_name, county, adm_center, population, language)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (number) DO UPDATE SET kind = excluded.kind, name = excluded.name, sami_name = excluded.sami_name,
					county = excluded.county, adm_center = excluded.adm_center, population = excluded.population, language = excluded.language`,
				m.Number, m.Kind, m.Name, m.SamiName, m.County, m.AdmCenter, m.Population, m.Language); err != nil {
				return err
			}
			for _, d := range m.Domains {
				if _, err := tx.exec(ctx, `INSERT INTO municipality_domains (domain, municipality, created_at) VALUES (?, ?, ?)
					ON CONFLICT (domain) DO NOTHING`, d, m.Number, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

const municipalityColumns = `m.number, m.kind, m.name, m.sami_name, m.county, COALESCE(c.name, ''), m.adm_center, m.population, m.language`

// memberCounts returns the number of active members of each municipality,
// from the list cache while no member has joined: counting them per
// municipality on every front page grew with the municipality.
func memberCounts(ctx context.Context, tx *Tx) (map[string]int, error) {
	const q = "SELECT municipality, COUNT(*) FROM members WHERE status = 'active' GROUP BY municipality"
	return cachedCount(ctx, tx, versionMembers, q, func() (map[string]int, error) {
		rows, err := tx.query(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var number string
			var n int
			if err := rows.Scan(&number, &n); err != nil {
				return nil, err
			}
			out[number] = n
		}
		return out, rows.Err()
	})
}

const municipalityFrom = ` FROM municipalities m LEFT JOIN municipalities c ON c.number = m.county AND c.kind = 'fylkeskommune'`

// FindMunicipalities returns municipalities and counties ordered by number.
func (db *DB) FindMunicipalities(ctx context.Context, f allmenning.MunicipalityFilter) ([]*allmenning.Municipality, error) {
	var list []*allmenning.Municipality
	err := db.inReadTx(ctx, func(tx *Tx) error {
		q := "SELECT " + municipalityColumns + municipalityFrom + " WHERE 1 = 1"
		var args []any
		if f.Kind != "" {
			q += " AND m.kind = ?"
			args = append(args, f.Kind)
		}
		if f.County != "" {
			q += " AND m.county = ?"
			args = append(args, f.County)
		}
		counts, err := memberCounts(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, q+" ORDER BY m.number", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		byNumber := map[string]*allmenning.Municipality{}
		for rows.Next() {
			m, err := scanMunicipality(rows)
			if err != nil {
				return err
			}
			m.Members = counts[m.Number]
			list = append(list, m)
			byNumber[m.Number] = m
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// All domains in one query rather than one per municipality.
		drows, err := tx.query(ctx, "SELECT municipality, domain FROM municipality_domains ORDER BY domain")
		if err != nil {
			return err
		}
		defer drows.Close()
		for drows.Next() {
			var number, domain string
			if err := drows.Scan(&number, &domain); err != nil {
				return err
			}
			if m := byNumber[number]; m != nil {
				m.Domains = append(m.Domains, domain)
			}
		}
		return drows.Err()
	})
	return list, err
}

type scanner interface{ Scan(dest ...any) error }

func scanMunicipality(s scanner) (*allmenning.Municipality, error) {
	m := &allmenning.Municipality{Domains: []string{}}
	err := s.Scan(&m.Number, &m.Kind, &m.Name, &m.SamiName, &m.County, &m.CountyName, &m.AdmCenter, &m.Population, &m.Language)
	return m, err
}

// FindMunicipalityByNumber returns one municipality or county with its domains.
func (db *DB) FindMunicipalityByNumber(ctx context.Context, number string) (*allmenning.Municipality, error) {
	var m *allmenning.Municipality
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		m, err = findMunicipality(ctx, tx, number)
		return err
	})
	return m, err
}

func findMunicipality(ctx context.Context, tx *Tx, number string) (*allmenning.Municipality, error) {
	m, err := scanMunicipality(tx.queryRow(ctx, "SELECT "+municipalityColumns+municipalityFrom+" WHERE m.number = ?", number))
	if err != nil {
		return nil, notFound(err, "error.municipality.not_found")
	}
	counts, err := memberCounts(ctx, tx)
	if err != nil {
		return nil, err
	}
	m.Members = counts[number]
	rows, err := tx.query(ctx, "SELECT domain FROM municipality_domains WHERE municipality = ? ORDER BY domain", number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		m.Domains = append(m.Domains, d)
	}
	return m, rows.Err()
}

// FindMunicipalityByDomain returns the municipality that owns an e-mail domain.
func (db *DB) FindMunicipalityByDomain(ctx context.Context, domain string) (*allmenning.Municipality, error) {
	var m *allmenning.Municipality
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var number string
		err := tx.queryRow(ctx, "SELECT municipality FROM municipality_domains WHERE domain = ?", allmenning.NormalizeDomain(domain)).Scan(&number)
		if err != nil {
			return notFound(err, "error.domain.unknown")
		}
		m, err = findMunicipality(ctx, tx, number)
		return err
	})
	return m, err
}

// AddDomain verifies a further e-mail domain for a municipality.
func (db *DB) AddDomain(ctx context.Context, number, domain string) error {
	domain = allmenning.NormalizeDomain(domain)
	if !allmenning.ValidDomain(domain) {
		return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"domain": "error.domain.invalid"}}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := findMunicipality(ctx, tx, number); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO municipality_domains (domain, municipality, created_at) VALUES (?, ?, ?)", domain, number, db.now())
		if isUniqueViolation(err) {
			return &allmenning.Error{Code: allmenning.ECONFLICT, Message: "error.form", Fields: map[string]string{"domain": "error.domain.taken"}}
		}
		return err
	})
}

// RemoveDomain removes an e-mail domain from a municipality.
func (db *DB) RemoveDomain(ctx context.Context, number, domain string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM municipality_domains WHERE municipality = ? AND domain = ?", number, allmenning.NormalizeDomain(domain))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.domain.unknown")
		}
		return nil
	})
}
