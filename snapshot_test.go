package allmenning_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/allmenning/allmenning"
)

type inSnapshotKey struct{}

// abortingStore behaves as PostgreSQL does: after one error in a snapshot,
// every later read in it fails too.
type abortingStore struct {
	began   int
	beginOK bool
}

func (s *abortingStore) Snapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	s.began++
	if !s.beginOK {
		return errors.New("no connection")
	}
	aborted := false
	return fn(context.WithValue(ctx, inSnapshotKey{}, &aborted))
}

// Items that fail in the shared snapshot — by their own error or because
// an earlier one spoiled it — are tried once more alone; only what fails
// then is reported, and every item's result is recorded once.
func TestEachInSnapshot(t *testing.T) {
	for _, tc := range []struct {
		name     string
		store    any
		began    int
		done     []int
		failures int
	}{
		{"aborted snapshot", &abortingStore{beginOK: true}, 1, []int{1, 2, 3, 5}, 1},
		{"no snapshot to be had", &abortingStore{}, 1, []int{1, 2, 3, 5}, 1},
		{"a store without snapshots", struct{}{}, 0, []int{1, 2, 3, 5}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var done []int
			errs := allmenning.EachInSnapshot(context.Background(), tc.store, []int{1, 2, 3, 4, 5}, func(ctx context.Context, it int) error {
				aborted, _ := ctx.Value(inSnapshotKey{}).(*bool)
				switch {
				case aborted != nil && *aborted:
					return errors.New("current transaction is aborted")
				case it == 4: // fails wherever it is read
					return errors.New("bad item")
				case it == 2 && aborted != nil: // fails only in the snapshot
					*aborted = true
					return errors.New("spoils the snapshot")
				}
				done = append(done, it)
				return nil
			})
			slices.Sort(done)
			if !slices.Equal(done, tc.done) || len(errs) != tc.failures {
				t.Errorf("done %v with %d errors, want %v and %d", done, len(errs), tc.done, tc.failures)
			}
			if s, ok := tc.store.(*abortingStore); ok && s.began != tc.began {
				t.Errorf("%d snapshots begun, want %d", s.began, tc.began)
			}
		})
	}
}
