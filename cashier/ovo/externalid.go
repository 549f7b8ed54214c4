package ovo

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"sync"
	"time"
)

// ExternalIDSource hands out X-EXTERNAL-ID values: numeric strings of at most
// 36 digits that never repeat within a day for this partner.
type ExternalIDSource interface {
	Next(now time.Time) string
}

// ExternalIDs is the default ExternalIDSource. An id is
//
//	yyyyMMdd (Jakarta date) + 11-digit microsecond of the day + 8-digit instance nonce
//
// 27 digits in all. Within one instance the microsecond part strictly
// increases (a clock that stands still or steps back is stepped over), so
// ids never repeat. The nonce is drawn at random when the instance is made, so
// a restarted process (or another outlet under the same partner id) whose
// clock lands on the same microsecond still differs, except with probability
// 1e-8 per coinciding microsecond.
type ExternalIDs struct {
	mu    sync.Mutex
	day   string
	last  int64
	nonce string
}

// NewExternalIDs returns a source with a fresh random nonce.
func NewExternalIDs() *ExternalIDs {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil { // crypto/rand does not fail on supported platforms
		n = big.NewInt(time.Now().UnixNano() % 100_000_000)
	}
	return &ExternalIDs{nonce: fmt.Sprintf("%08d", n.Int64())}
}

// Next returns the next id for the Jakarta day of now.
func (g *ExternalIDs) Next(now time.Time) string {
	t := now.In(Jakarta)
	day := t.Format("20060102")
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Jakarta)
	us := t.Sub(midnight).Microseconds()
	g.mu.Lock()
	defer g.mu.Unlock()
	if day == g.day && us <= g.last {
		us = g.last + 1
	}
	g.day, g.last = day, us
	return fmt.Sprintf("%s%011d%s", day, us, g.nonce)
}
