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
