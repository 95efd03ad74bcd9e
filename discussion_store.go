package allmenning

import (
	"context"
	"time"
)

// DiscussionStore keeps areas, threads, replies, likes, revisions, reading
// history and the tag taxonomy. Every method that returns content takes the
// Viewer and returns only what CanSee allows; an invisible thread is ENOTFOUND.
type DiscussionStore interface {
	// EnsureTaxonomy creates the default areas and facets when there are none.
	EnsureTaxonomy(ctx context.Context, areas []DefaultArea, facets []DefaultFacet) error

	FindAreas(ctx context.Context, v Viewer, includeArchived bool) ([]*Area, error) // top level, children filled, ordered
	FindAreaTree(ctx context.Context, includeArchived bool) ([]*Area, error)        // as FindAreas, without counting threads
	FindAreaBySlug(ctx context.Context, slug string) (*Area, error)
	CreateArea(ctx context.Context, a NewArea) (*Area, error)
	UpdateArea(ctx context.Context, id int64, a NewArea) (*Area, error)
	MoveArea(ctx context.Context, id int64, delta int) error // -1 up, +1 down among siblings
	ArchiveArea(ctx context.Context, id int64, archived bool) error

	CreateThread(ctx context.Context, author *Member, t NewThread, bodyHTML string, mentions []int64) (*Thread, error)
	FindThreadByID(ctx context.Context, v Viewer, id int64) (*Thread, error)
	FindThreads(ctx context.Context, v Viewer, f ThreadFilter) (*ThreadPage, error)
	UpdateThread(ctx context.Context, editor *Member, id int64, u ThreadUpdate, bodyHTML string, mentions []int64) (*Thread, error)
	DeleteThread(ctx context.Context, by *Member, id int64) error
	RestoreThread(ctx context.Context, id int64) error

	CreateReply(ctx context.Context, author *Member, threadID int64, r NewReply, bodyHTML string, mentions []int64) (*Reply, error)
	FindReplies(ctx context.Context, v Viewer, threadID int64, offset, limit int) ([]*Reply, error)
	FindReplyByID(ctx context.Context, v Viewer, id int64) (*Reply, *Thread, error)
	UpdateReply(ctx context.Context, editor *Member, id int64, body, bodyHTML string, mentions []int64) (*Reply, error)
	DeleteReply(ctx context.Context, by *Member, id int64) error
	RestoreReply(ctx context.Context, id int64) error

	FindRevisions(ctx context.Context, v Viewer, postKind string, postID int64) ([]*Revision, error)
	// SetLike likes (on) or unlikes a post and returns its like count.
	SetLike(ctx context.Context, member *Member, postKind string, postID int64, on bool) (int, error)
	// RecordRead notes that a member read a thread up to reply number upTo.
	RecordRead(ctx context.Context, memberID, threadID int64, upTo int, now time.Time) error

	FindFacets(ctx context.Context) ([]*Facet, error)
	// CountTags returns, for every term, how many visible threads the filter would leave with that term added.
	CountTags(ctx context.Context, v Viewer, f ThreadFilter) (map[int64]int, error)
	CreateFacet(ctx context.Context, slug, name string) (*Facet, error)
	CreateTag(ctx context.Context, facetID int64, slug, name string) (*Tag, error)
	AddSynonym(ctx context.Context, tagID int64, synonym string) error
	// MergeTags moves every use of tag from into tag into and makes from a synonym of into.
	MergeTags(ctx context.Context, from, into int64) error
	// ResolveTags turns slugs, names and synonyms into tags; unknown ones are reported as EINVALID.
	ResolveTags(ctx context.Context, names []string) ([]*Tag, error)

	FindMemberByHandle(ctx context.Context, handle string) (*Member, error)

	Search(ctx context.Context, v Viewer, q SearchQuery) (*SearchResults, error)
}

// DefaultArea is a knowledge area created on first start.
type DefaultArea struct {
	Slug, Name, Description string
	Children                []DefaultArea
}

// DefaultFacet is a facet with its terms created on first start.
type DefaultFacet struct {
	Slug, Name string
	Terms      []string
}

// DefaultAreas are the knowledge areas of the brief.
var DefaultAreas = []DefaultArea{
	{"strategi", "Strategi", "Hvorfor og hvordan kommunen bruker sosiale medier.", []DefaultArea{
		{"hvorfor-sosiale-medier", "Hvorfor sosiale medier?", "Gevinster, risiko og forankring i ledelsen.", nil},
		{"strategi-for-sosiale-medier", "Strategi for sosiale medier", "Strategier, mål, målgrupper og måling.", nil},
	}},
	{"operativ", "Operativ", "Det daglige arbeidet med kanalene.", []DefaultArea{
		{"etikk", "Etikk", "Tone, vær varsom og vanskelige saker.", nil},
		{"juridisk", "Juridisk", "Offentleglova, personvern, opphavsrett og ytringsfrihet.", nil},
		{"arkivering", "Arkivering", "Arkivplikt, journalføring og Noark 5.", nil},
		{"kampanje", "Kampanje", "Kampanjer, annonsering og innhold.", nil},
		{"kildekode-og-samarbeid", "Kildekode og samarbeid", "Deling av kode, maler og verktøy mellom kommuner.", nil},
	}},
	{"krise", "Krise", "Beredskap og krisekommunikasjon.", []DefaultArea{
		{"beredskap", "Beredskap", "Planer, øvelser og døgnberedskap.", nil},
		{"krisehandtering", "Krisehåndtering", "Når noe skjer: kommunikasjon under kriser.", nil},
	}},
}

// DefaultFacets are the tag facets of the brief.
var DefaultFacets = []DefaultFacet{
	{"rolle", "Rolle", []string{"Kommunikasjonsrådgiver", "Fagansvarlig", "Leder", "Ekspertrådgiver", "Redaktør"}},
	{"hoytid", "Høytid", []string{"Påske", "Jul", "17. mai", "Sommerferie", "Skolestart"}},
	{"fagomrade", "Fagområde", []string{"Skole", "Barnehage", "Helse", "Eiendom", "Samferdsel", "Kultur", "Teknisk", "Miljø"}},
	{"malgruppe", "Målgruppe", []string{"Barn og unge", "Eldre", "Foreldre", "Minoritetsbakgrunn", "Næringsliv", "Innbyggere"}},
	{"nyhetstype", "Nyhetstype", []string{"Pressemelding", "Kunngjøring", "Driftsmelding", "Arrangement", "Høring"}},
}
