package sshserver

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// counter is a model whose frame is the number of messages it took.
type counter struct{ n int }

func (c *counter) Init() tea.Cmd                       { return nil }
func (c *counter) Update(tea.Msg) (tea.Model, tea.Cmd) { c.n++; return c, nil }
func (c *counter) View() string                        { return "frame " + strconv.Itoa(c.n) }

// A burst of messages empties the bucket; the last of them (SUCCESS after
// PROCESSING, the last key of a paste) is held, never lost: the timer's
// frameDue draws it although nothing else arrives.
func TestPacedFrameHeldIsDrawnWithoutFurtherMessages(t *testing.T) {
	var out logBuffer
	fw := newFrameWriter(&out, 80, 24)
	defer fw.close()
	due := make(chan tea.Msg, 4)
	var busy atomic.Int32
	m := &counter{}
	tr := &tracked{m: m, busy: &busy, frames: fw, send: func(msg tea.Msg) { due <- msg }}
	defer tr.stop()
	step := func(msg tea.Msg) {
		tr.Update(msg)
		tr.View()
	}
	for range frameBurst * 3 { // as Bubble Tea does: Update, then View
		step(struct{}{})
	}
	if !tr.drawSoon {
		t.Fatalf("%d messages at once: none held (the bucket holds %d)", frameBurst*3, frameBurst)
	}
	want := "frame " + strconv.Itoa(frameBurst*3)
	select {
	case msg := <-due:
		step(msg)
	case <-time.After(2 * time.Second):
		t.Fatal("the held frame's frameDue never came")
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		fw.mu.Lock()
		got := fw.frame
		fw.mu.Unlock()
		if got == want && fw.writes.Load() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the frame handed to the writer is %q, want %q (the last message's)", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// reply stands for a screen's answer to a call the operator made.
type reply struct{}

func (reply) Reply() int { return 1 }

// The answer to the operator's own call (SUCCESS after PROCESSING, the
// inquiry's name) is drawn at once even when the session's events emptied
// the bucket: it has a token of its own, as the key that asked had.
func TestReplyIsDrawnWhenTheBucketIsEmpty(t *testing.T) {
	var out logBuffer
	fw := newFrameWriter(&out, 80, 24)
	defer fw.close()
	var busy atomic.Int32
	m := &counter{}
	tr := &tracked{m: m, busy: &busy, frames: fw, send: func(tea.Msg) {}}
	defer tr.stop()
	for range frameBurst { // the bucket's tokens, spent on events
		tr.Update(struct{}{})
		tr.View()
	}
	tr.Update(struct{}{})
	if tr.View(); !tr.drawSoon {
		t.Fatalf("an event after %d at once was drawn: the bucket holds more than %d", frameBurst, frameBurst)
	}
	tr.drawSoon = false // as if its frameDue came: the bucket is empty again
	tr.Update(reply{})
	if v := tr.View(); tr.drawSoon || v != "frame "+strconv.Itoa(frameBurst+2) {
		t.Fatalf("the reply was held (drawSoon %v, view %q): it must be drawn at once", tr.drawSoon, v)
	}
}
