// Package kommune carries the official list of Norway's municipalities and
// counties (valid from 2024), so that the application works without any
// external data. Source: aprestmo/norge-data (MIT licence).
package kommune

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/allmenning/allmenning"
)

//go:embed kommuner.json
var kommunerJSON []byte

//go:embed fylker.json
var fylkerJSON []byte

type kommune struct {
	ID         string  `json:"k_id"`
	Name       string  `json:"k_name"`
	NameNO     string  `json:"k_name_no"`
	AdmCenter  string  `json:"k_adm_center"`
	Population int     `json:"k_population"`
	Area       float64 `json:"k_area"`
	Language   string  `json:"k_language"`
	URL        string  `json:"k_url"`
}

type fylke struct {
	ID   string `json:"f_id"`
	Name string `json:"f_name"`
	URL  string `json:"f_url"`
}

// List returns the 357 municipalities followed by the 15 counties. A
// municipality's usual e-mail domain is its web address without "www.".
func List() ([]allmenning.Municipality, error) {
	var ks []kommune
	if err := json.Unmarshal(kommunerJSON, &ks); err != nil {
		return nil, fmt.Errorf("kommune: %w", err)
	}
	var fs []fylke
	if err := json.Unmarshal(fylkerJSON, &fs); err != nil {
		return nil, fmt.Errorf("kommune: %w", err)
	}
	countyName := map[string]string{}
	for _, f := range fs {
		countyName[f.ID] = f.Name
	}
	list := make([]allmenning.Municipality, 0, len(ks)+len(fs))
	for _, k := range ks {
		m := allmenning.Municipality{
			Number:     k.ID,
			Kind:       allmenning.KindMunicipality,
			Name:       k.NameNO,
			County:     k.ID[:2],
			CountyName: countyName[k.ID[:2]],
			AdmCenter:  k.AdmCenter,
			Population: k.Population,
			Language:   k.Language,
			Domains:    domains(k.URL),
		}
		if k.Name != k.NameNO {
			m.SamiName = k.Name
		}
		list = append(list, m)
	}
	for _, f := range fs {
		list = append(list, allmenning.Municipality{
			Number:     f.ID,
			Kind:       allmenning.KindCounty,
			Name:       f.Name,
			County:     f.ID,
			CountyName: f.Name,
			Domains:    domains(f.URL),
		})
	}
	return list, nil
}

func domains(url string) []string {
	d := allmenning.NormalizeDomain(strings.TrimPrefix(strings.TrimSpace(url), "www."))
	if d == "" {
		return nil
	}
	return []string{d}
}
