package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/scale"
	"github.com/allmenning/allmenning/store"
)

// benchData is a generated dataset (package scale) big enough that the
// query plans matter: 2,000 threads with 20,000 replies.
func benchData(b *testing.B, kind string) (*store.DB, *allmenning.Member) {
	b.Helper()
	ctx := context.Background()
	db := dbtest.Open(b, kind)
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		b.Fatal(err)
	}
	cfg := scale.Full().Fraction(0.02)
	cfg.Until = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if _, err := scale.Generate(ctx, db, cfg); err != nil {
		b.Fatal(err)
	}
	me, err := db.FindMemberByEmail(ctx, scale.LoginEmail)
	if err != nil {
		b.Fatal(err)
	}
	return db, me
}

// BenchmarkSearch runs searches of one and two inflected words as a member:
// repeated (answered from the result cache after the first), and uncached
// (the search data version changes before each, as a write would change it).
func BenchmarkSearch(b *testing.B) {
	for _, kind := range dbtest.Kinds {
		b.Run(kind, func(b *testing.B) {
			db, me := benchData(b, kind)
			v := allmenning.ViewerOf(me)
			ctx := context.Background()
			for _, q := range []string{"kommunene", "søknader om tilskudd", "sosiale medier"} {
				b.Run(q, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := db.Search(ctx, v, allmenning.SearchQuery{Text: q}); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.Run(q+" uncached", func(b *testing.B) {
					b.ReportAllocs()
					for range b.N {
						b.StopTimer()
						if err := db.SearchTestExec(ctx, "SELECT 1"); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						if _, err := db.Search(ctx, v, allmenning.SearchQuery{Text: q}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkUnread measures the unread computation: a page of threads with
// their unread marks, and the list of unread threads only.
func BenchmarkUnread(b *testing.B) {
	for _, kind := range dbtest.Kinds {
		b.Run(kind, func(b *testing.B) {
			db, me := benchData(b, kind)
			v := allmenning.ViewerOf(me)
			ctx := context.Background()
			for _, c := range []struct {
				name string
				f    allmenning.ThreadFilter
			}{
				{"marks", allmenning.ThreadFilter{}},
				{"unread-only", allmenning.ThreadFilter{Unread: true}},
			} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := db.FindThreads(ctx, v, c.f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
