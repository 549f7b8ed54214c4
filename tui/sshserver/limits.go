package sshserver

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// rateLimiter is a token bucket per remote address: each address may open
// burst connections at once, then perMinute a minute. It keeps at most
// maxBuckets addresses; full buckets are dropped first (they hold nothing an
// empty map would not). It never forgets an address that still owes
// tokens: when every slot is taken by one, a new address is refused until a
// bucket refills (within a minute), so a flood from many addresses cannot
// reset the limit of the ones already counted.
type rateLimiter struct {
	perMinute float64
	burst     float64
	now       func() time.Time

	maxBuckets int // tests; 0: maxBuckets

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

const maxBuckets = 10_000

func newRateLimiter(perMinute int, now func() time.Time) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	return &rateLimiter{perMinute: float64(perMinute), burst: float64(perMinute), now: now, buckets: map[string]*bucket{}}
}

// Why the rate limiter refuses a connection.
const (
	refusedRate      = "too many connections from this address"
	refusedTableFull = "too many addresses connecting (address table full)"
)

// allow takes one token of host's bucket; otherwise it says why not.
func (r *rateLimiter) allow(host string) (refusal string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	b := r.buckets[host]
	if b == nil {
		if len(r.buckets) >= r.max() {
			r.prune(now)
			if len(r.buckets) >= r.max() {
				return refusedTableFull
			}
		}
		b = &bucket{tokens: r.burst, last: now}
		r.buckets[host] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = min(r.burst, b.tokens+el.Minutes()*r.perMinute)
		b.last = now
	}
	if b.tokens < 1 {
		return refusedRate
	}
	b.tokens--
	return ""
}

func (r *rateLimiter) max() int {
	if r.maxBuckets > 0 {
		return r.maxBuckets
	}
	return maxBuckets
}

// prune drops the buckets that have refilled (they hold nothing a new
// bucket would not).
func (r *rateLimiter) prune(now time.Time) {
	for h, b := range r.buckets {
		if b.tokens+now.Sub(b.last).Minutes()*r.perMinute >= r.burst {
			delete(r.buckets, h)
		}
	}
}

// hostOf is the IP of a remote address (the address itself if it has no port).
func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	h, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return h
}

// connState follows one connection from accept to close: what keys it
// offered, whether a session started in time, how it was refused.
type connState struct {
	remote  string
	started time.Time

	mu      sync.Mutex
	offered []string // fingerprints of the keys offered and refused

	channels    atomic.Int32  // session channels open on the connection
	logged      atomic.Int32  // refusal lines logged for the connection
	established atomic.Bool   // a session started: the handshake deadline no longer applies
	timedOut    atomic.Bool   // closed by the handshake deadline
	closed      chan struct{} // closed with the connection
}

const maxOffered = 8

func (c *connState) offer(fp string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.offered {
		if f == fp {
			return
		}
	}
	if len(c.offered) < maxOffered {
		c.offered = append(c.offered, fp)
	}
}

func (c *connState) offers() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.offered...)
}

// trackedConn is an accepted connection that tells the server when it closes.
type trackedConn struct {
	net.Conn
	once    sync.Once
	onClose func()
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.onClose)
	return err
}

// floodLog lets through one log line per reason a second and counts the
// others, so that a flood of refusals (many addresses, a client looping)
// cannot flood the log; the next line says how many were left out.
type floodLog struct {
	mu   sync.Mutex
	last map[string]time.Time
	left map[string]int
}

// allow reports whether a line for reason may be logged now, and how many
// were left out since the last one.
func (f *floodLog) allow(reason string) (ok bool, leftOut int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.last == nil {
		f.last, f.left = map[string]time.Time{}, map[string]int{}
	}
	now := time.Now()
	if now.Sub(f.last[reason]) < time.Second {
		f.left[reason]++
		return false, 0
	}
	f.last[reason] = now
	n := f.left[reason]
	delete(f.left, reason)
	return true, n
}

// maxUntrusted is how much of a string a client chose (TERM, user name,
// command, request type) goes into the log.
const maxUntrusted = 64

// untrusted is s cut to maxUntrusted bytes (on a rune boundary), saying how
// long it was when cut.
func untrusted(s string) string {
	if len(s) <= maxUntrusted {
		return s
	}
	cut := maxUntrusted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:cut], len(s))
}
