package components

import (
	"sync"
	"sync/atomic"
)

// Memo is a cache of drawn text shared by every session of the process,
// keyed by everything the drawing depends on (the theme, the width, the
// language, the state shown): what one session drew another draws for
// free. It holds at most max entries: past them it starts again, so that
// keys made of what clients send (a width) cannot grow it without bound.
// It is safe for concurrent use.
type Memo[K comparable] struct {
	m   sync.Map // K → string
	n   atomic.Int64
	max int64
}

// NewMemo returns an empty Memo of at most max entries.
func NewMemo[K comparable](max int) *Memo[K] { return &Memo[K]{max: int64(max)} }

// Get is the text kept for k, drawn by draw (and kept) when there is none.
// draw must depend only on what k holds.
func (c *Memo[K]) Get(k K, draw func() string) string {
	if v, ok := c.m.Load(k); ok {
		return v.(string)
	}
	s := draw()
	if c.n.Add(1) > c.max {
		c.m.Clear()
		c.n.Store(1)
	}
	c.m.Store(k, s)
	return s
}

// Len is how many entries the Memo holds.
func (c *Memo[K]) Len() int {
	n := 0
	c.m.Range(func(any, any) bool { n++; return true })
	return n
}
