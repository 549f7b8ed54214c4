package sshserver

import "time"

// A session's frames are paced by a token bucket of frameBurst frames. A
// token comes back every 1/frameRate s, with every packet of input the
// terminal sends, and with every reply to a call the operator's keys made
// (components.Reply: the inquiry's name, SUCCESS). So an interactive
// answer is never held back: the frame answering a key has the key's own
// token, and the answer to the call it started has its own; while a burst
// of messages (a dozen keys typed or pasted in one packet, events arriving
// together) costs a few frames, not one per message, and a session's own
// events draw at most frameRate a second. The bucket is refilled lazily,
// when a frame is asked for: an idle session costs no timer and no wake-up.
const (
	frameRate  = 60 // frames a second, sustained
	frameBurst = 4  // frames drawn at once after a quiet spell
)

// frameGap is the time one token takes to come back.
const frameGap = time.Second / frameRate

// pacer is a token bucket of frames (not safe for concurrent use: the
// session's event loop owns it).
type pacer struct {
	tokens time.Duration // credit, in units of frameGap; frameBurst*frameGap when full
	last   time.Time
	used   bool // false: the bucket is full (a new session)
}

// credit gives back n tokens (n packets of input came), up to a full
// bucket.
func (p *pacer) credit(n uint64) {
	if !p.used || n == 0 {
		return // full already
	}
	p.tokens = min(frameBurst*frameGap, p.tokens+time.Duration(min(n, frameBurst))*frameGap)
}

// take spends a token for a frame at now and returns 0, or, when the
// bucket is empty, spends nothing and returns how long until a token is
// back.
func (p *pacer) take(now time.Time) time.Duration {
	const full = frameBurst * frameGap
	if !p.used {
		p.used, p.tokens = true, full
	} else {
		p.tokens = min(full, p.tokens+now.Sub(p.last))
	}
	p.last = now
	if p.tokens >= frameGap {
		p.tokens -= frameGap
		return 0
	}
	return frameGap - p.tokens
}
