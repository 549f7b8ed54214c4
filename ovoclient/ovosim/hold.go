package ovosim

import (
	"context"
	"sync"
)

// Held is a hold on the answers of one operation (Sim.Hold): for tests that
// must see a client in the state it is in while OVO has not answered yet,
// without waiting on the clock.
type Held struct {
	s       *Sim
	op      string
	open    chan struct{}
	once    sync.Once
	arrived chan struct{}
}

// holds is the Sim's holds by operation; guarded by its own mutex (a held
// request waits without Sim.mu).
type holds struct {
	mu sync.Mutex
	by map[string]*Held
}

// Hold holds every answer of op (OpTopUp, OpInquiry, …) from now until
// Release: each request is processed as usual (a top up is applied), and
// its answer is written only once released — or never, if the client gives
// up first. Arrived tells when a held request is waiting. A second Hold of
// the same op while one is in force returns the one in force.
func (s *Sim) Hold(op string) *Held {
	s.holds.mu.Lock()
	defer s.holds.mu.Unlock()
	if h := s.holds.by[op]; h != nil {
		return h
	}
	if s.holds.by == nil {
		s.holds.by = map[string]*Held{}
	}
	h := &Held{s: s, op: op, open: make(chan struct{}), arrived: make(chan struct{}, 64)}
	s.holds.by[op] = h
	return h
}

// Arrived receives once for every request held (up to 64 not yet taken).
func (h *Held) Arrived() <-chan struct{} { return h.arrived }

// Release writes the held answers and ends the hold (later requests are
// answered at once). It may be called more than once.
func (h *Held) Release() {
	h.once.Do(func() {
		h.s.holds.mu.Lock()
		if h.s.holds.by[h.op] == h {
			delete(h.s.holds.by, h.op)
		}
		h.s.holds.mu.Unlock()
		close(h.open)
	})
}

// wait holds the answer of a request of op while a hold is in force; false
// when the client went away first.
func (s *Sim) wait(ctx context.Context, op string) bool {
	s.holds.mu.Lock()
	h := s.holds.by[op]
	s.holds.mu.Unlock()
	if h == nil {
		return true
	}
	select {
	case h.arrived <- struct{}{}:
	default:
	}
	select {
	case <-h.open:
		return true
	case <-ctx.Done():
		return false
	}
}
