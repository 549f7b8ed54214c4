package sshserver

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// rateLimiter is a token bucket per remote address: each address may open
// burst connections at once, then perMinute a minute. It keeps at most
// maxBuckets addresses; full buckets are dropped first (they hold nothing an
// empty map would not).
type rateLimiter struct {
	perMinute float64
	burst     float64
	now       func() time.Time

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

// allow takes one token of host's bucket, or reports there is none.
func (r *rateLimiter) allow(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	b := r.buckets[host]
	if b == nil {
		if len(r.buckets) >= maxBuckets {
			r.prune(now)
		}
		b = &bucket{tokens: r.burst, last: now}
		r.buckets[host] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = min(r.burst, b.tokens+el.Minutes()*r.perMinute)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// prune drops the buckets that have refilled; if none has, it starts over
// (a flood from more addresses than maxBuckets forgets the oldest state).
func (r *rateLimiter) prune(now time.Time) {
	for h, b := range r.buckets {
		if b.tokens+now.Sub(b.last).Minutes()*r.perMinute >= r.burst {
			delete(r.buckets, h)
		}
	}
	if len(r.buckets) >= maxBuckets {
		clear(r.buckets)
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
