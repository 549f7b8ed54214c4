package ovo

import (
	"regexp"
	"sync"
	"testing"
	"time"
)

func TestExternalIDsUniqueNumericBounded(t *testing.T) {
	g := NewExternalIDs()
	now := time.Date(2026, 11, 23, 19, 5, 0, 0, Jakarta)
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	digits := regexp.MustCompile(`^[0-9]{1,36}$`)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				id := g.Next(now) // a clock that stands still
				mu.Lock()
				if seen[id] {
					t.Errorf("duplicate %s", id)
				}
				seen[id] = true
				mu.Unlock()
				if !digits.MatchString(id) {
					t.Errorf("id %q is not 1-36 digits", id)
				}
			}
		}()
	}
	wg.Wait()
	// A clock stepping back within the day never repeats an id either.
	a := g.Next(now.Add(time.Second))
	b := g.Next(now)
	if a == b || b < a {
		t.Fatalf("after a backward step: %s then %s", a, b)
	}
	if got := g.Next(time.Date(2026, 11, 24, 0, 0, 0, 0, Jakarta))[:8]; got != "20261124" {
		t.Fatalf("day prefix %s", got)
	}
}

// Two instances (two processes, a restart) on the same microsecond differ by nonce.
func TestExternalIDsAcrossInstances(t *testing.T) {
	now := time.Date(2026, 11, 23, 19, 5, 0, 0, Jakarta)
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		id := NewExternalIDs().Next(now)
		if seen[id] {
			t.Fatalf("two instances gave %s", id)
		}
		seen[id] = true
	}
}
