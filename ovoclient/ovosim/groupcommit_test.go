package ovosim

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// gateStore is a state file whose first commit waits for release; it
// counts commits and the changes in them, and fails every commit once
// fail is set.
type gateStore struct {
	mu               sync.Mutex
	commits, changes int
	entered, release chan struct{}
	fail             error
}

func (g *gateStore) commit(cs []*change) error {
	g.mu.Lock()
	g.commits++
	first := g.commits == 1
	g.changes += len(cs)
	fail := g.fail
	g.mu.Unlock()
	if first {
		close(g.entered)
		<-g.release
	}
	return fail
}

func (g *gateStore) close() error { return nil }

// Calls that arrive while the state file is being written wait for the
// write after it and share it (one commit for all of them); no answer is
// written before the change it reports is in the file. Before, each call
// wrote its own commit under the sandbox's lock, one after the other.
func TestStateWritesShared(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Deposit = 100_000_000 })
	g := &gateStore{entered: make(chan struct{}), release: make(chan struct{})}
	h.sim.db = g
	const n = 10
	answered := make(chan string, n)
	go func() { answered <- h.topUp("G-0", NumberBudi, 50_000).code }()
	<-g.entered // the first top up's write is under way
	for i := 1; i < n; i++ {
		go func() { answered <- h.topUp(fmt.Sprint("G-", i), fmt.Sprintf("0812%08d", i), 50_000).code }()
	}
	// The others are applied in memory (and queued) without waiting for
	// the write; none is answered while it is under way.
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.sim.mu.Lock()
		queued := len(h.sim.queue)
		h.sim.mu.Unlock()
		if queued == n-1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d calls queued behind the write under way", queued, n-1)
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case c := <-answered:
		t.Fatalf("answered %s before its change was written", c)
	default:
	}
	close(g.release)
	for range n {
		if c := <-answered; c != "2003800" {
			t.Fatalf("answer %s", c)
		}
	}
	if g.commits != 2 || g.changes != n {
		t.Fatalf("%d commits of %d changes: want 2 (the first, then the other %d together)", g.commits, g.changes, n-1)
	}
}

// A write that fails is never answered as done, and the sandbox answers
// 500xx01 from then on (its memory is ahead of its file) until restarted.
func TestStateWriteFailureStopsAnswers(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Deposit = 100_000_000 })
	g := &gateStore{entered: make(chan struct{}), release: make(chan struct{}), fail: errors.New("disk full")}
	close(g.release)
	h.sim.db = g
	expect(t, h.topUp("F-1", NumberBudi, 50_000), "5003801", "")
	expect(t, h.topUp("F-2", NumberBudi, 50_000), "5003801", "")
	expect(t, h.send(h.api(ovoclient.PathBalance, "")), "5001101", "")
}
