package ovoclient

import (
	"context"
	"sync"
	"time"
)

// tokenCache holds the one access token every call shares. A token is used
// until margin before its expiry (the margin is capped at a quarter of the
// token's lifetime); concurrent callers that find none share a single fetch,
// which runs detached from any one caller's cancellation so that a caller who
// gives up does not fail the others.
type tokenCache struct {
	fetch  func(context.Context) (string, time.Time, error)
	now    func() time.Time
	margin time.Duration

	mu       sync.Mutex
	token    string
	fetched  time.Time
	expires  time.Time
	inflight *tokenFetch
}

type tokenFetch struct {
	done  chan struct{}
	token string
	err   error
}

func (tc *tokenCache) get(ctx context.Context) (string, error) {
	tc.mu.Lock()
	if tc.token != "" && tc.now().Before(tc.refreshAt()) {
		t := tc.token
		tc.mu.Unlock()
		return t, nil
	}
	f := tc.inflight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		tc.inflight = f
		go tc.run(context.WithoutCancel(ctx), f)
	}
	tc.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (tc *tokenCache) run(ctx context.Context, f *tokenFetch) {
	start := tc.now()
	tok, exp, err := tc.fetch(ctx)
	tc.mu.Lock()
	if err == nil {
		tc.token, tc.fetched, tc.expires = tok, start, exp
	}
	tc.inflight = nil
	tc.mu.Unlock()
	f.token, f.err = tok, err
	close(f.done)
}

// refreshAt is when the current token stops being handed out. Called with mu held.
func (tc *tokenCache) refreshAt() time.Time {
	m := tc.margin
	if life := tc.expires.Sub(tc.fetched); m > life/4 {
		m = life / 4
	}
	return tc.expires.Add(-m)
}

// invalidate drops token if it is still the cached one (OVO refused it).
func (tc *tokenCache) invalidate(token string) {
	tc.mu.Lock()
	if tc.token == token {
		tc.token = ""
	}
	tc.mu.Unlock()
}
