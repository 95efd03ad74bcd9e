package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// Reads inside a snapshot share one connection, nested snapshots join the
// outer one, and the connection is given back however fn ends: a leaked
// one would in time leave the pool empty and every page waiting.
func TestSnapshot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m, err := db.CreateMember(ctx, allmenning.NewMember{Email: "snap@trondheim.kommune.no", Name: "Snap Shot", Municipality: "5001", PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Snapshot(ctx, func(ctx context.Context) error {
			for range 3 {
				got, err := db.FindMemberByID(ctx, m.ID)
				if err != nil || got.Name != m.Name {
					t.Fatalf("FindMemberByID in a snapshot = %v, %v", got, err)
				}
			}
			if n := db.ReadConnsInUse(); n != 1 {
				t.Errorf("three reads in a snapshot hold %d connections, want 1", n)
			}
			return db.Snapshot(ctx, func(ctx context.Context) error {
				if _, err := db.FindMembersByIDs(ctx, []int64{m.ID}); err != nil {
					return err
				}
				if n := db.ReadConnsInUse(); n != 1 {
					t.Errorf("a nested snapshot holds %d connections, want 1", n)
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := db.ReadConnsInUse(); n != 0 {
			t.Errorf("after the snapshot %d connections are held", n)
		}

		errStop := errors.New("stop")
		if err := db.Snapshot(ctx, func(ctx context.Context) error {
			_, _ = db.FindMemberByID(ctx, m.ID)
			return errStop
		}); !errors.Is(err, errStop) {
			t.Errorf("Snapshot returned %v, want fn's error", err)
		}
		func() {
			defer func() { _ = recover() }()
			_ = db.Snapshot(ctx, func(ctx context.Context) error { panic("boom") })
		}()
		if n := db.ReadConnsInUse(); n != 0 {
			t.Errorf("after a failing and a panicking snapshot %d connections are held", n)
		}
	})
}
