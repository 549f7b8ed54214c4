package sshserver

import (
	"testing"
	"time"
)

// The pacer lets a small burst of frames go at once (an answer and the
// one right after it are never held back), then at most frameRate a
// second; a quiet spell fills it again without any timer.
func TestPacerBurstThenRate(t *testing.T) {
	var p pacer
	t0 := time.Unix(1000, 0)
	for i := range frameBurst {
		if wait := p.take(t0.Add(time.Duration(i) * time.Millisecond)); wait != 0 {
			t.Fatalf("frame %d of a burst after a quiet spell held %v", i+1, wait)
		}
	}
	now := t0.Add(frameBurst * time.Millisecond)
	wait := p.take(now)
	if wait <= 0 || wait > frameGap {
		t.Fatalf("frame %d at once held %v, want (0, %v]", frameBurst+1, wait, frameGap)
	}
	// Sustained: one frame per frameGap, never more.
	now = now.Add(wait)
	drawn := 0
	for end := now.Add(time.Second); now.Before(end); now = now.Add(time.Millisecond) {
		if p.take(now) == 0 {
			drawn++
		}
	}
	if drawn < frameRate-1 || drawn > frameRate+1 {
		t.Fatalf("%d frames in a second of asking every millisecond, want about %d", drawn, frameRate)
	}
	// A quiet spell refills the bucket: the next burst goes at once again.
	now = now.Add(time.Second)
	for i := range frameBurst {
		if wait := p.take(now); wait != 0 {
			t.Fatalf("after a quiet second, frame %d held %v", i+1, wait)
		}
	}
}

// A packet of input gives a token back: with the bucket drained, the frame
// answering a key is drawn at once, and a packet gives one frame, not one
// per key in it.
func TestPacerInputCredit(t *testing.T) {
	var p pacer
	now := time.Unix(1000, 0)
	for range frameBurst {
		p.take(now)
	}
	if p.take(now) == 0 {
		t.Fatal("a drained bucket drew a frame")
	}
	p.credit(1)
	if wait := p.take(now); wait != 0 {
		t.Fatalf("the frame answering a packet held %v", wait)
	}
	if p.take(now) == 0 {
		t.Fatal("one packet paid for two frames")
	}
	p.credit(100)
	for i := range frameBurst {
		if p.take(now) != 0 {
			t.Fatalf("frame %d of a full bucket held", i+1)
		}
	}
	if p.take(now) == 0 {
		t.Fatal("many packets filled the bucket beyond frameBurst")
	}
}
