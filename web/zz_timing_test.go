package web_test

import (
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func TestZZTiming(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Now()
		for i := 0; i < 5; i++ {
			t.Run("x", func(t *testing.T) {
				e := newEnv(t, dbtest.Open(t, map[bool]string{true:"sqlite",false:"postgres"}[t.Name()[13]=='s']), )
				e.as(t, member)
			})
		}
		t.Logf("per env: %v", time.Since(start)/5)
	})
}
