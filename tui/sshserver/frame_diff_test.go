package sshserver

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/ovocashier/ovocashier/screens/components"
)

// plainDiff is the frame writer's diff written the obvious way (split the
// frame, a cursor position string a line): the bytes diff must write.
func plainDiff(old []string, frame string, w, h int, repaint bool) ([]byte, []string) {
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	var b bytes.Buffer
	if repaint {
		b.WriteString(ansi.EraseEntireScreen)
		old = nil
	}
	for i, l := range lines {
		if i < len(old) && old[i] == l {
			continue
		}
		b.WriteString(ansi.CursorPosition(1, i+1))
		switch lw := components.Width(l); {
		case lw > w:
			b.WriteString(ansi.Truncate(l, w, ""))
		case lw < w:
			b.WriteString(l + ansi.EraseLineRight)
		default:
			b.WriteString(l)
		}
	}
	for i := len(lines); i < len(old); i++ {
		b.WriteString(ansi.CursorPosition(1, i+1) + ansi.EraseLineRight)
	}
	return b.Bytes(), lines
}

// The diff that reuses its buffers writes the same bytes as the plain one,
// frame after frame: longer, shorter, empty, ending in a newline, taller
// than the terminal, wider than it, repainted.
func TestFrameDiffWritesTheSameBytes(t *testing.T) {
	wide := "\x1b[1m" + strings.Repeat("é", 30) + "\x1b[0m"
	steps := []struct {
		frame   string
		w, h    int
		repaint bool
	}{
		{frameOf(20, 12), 20, 12, true},
		{strings.Replace(frameOf(20, 12), "Cashier menu", "Top up", 1), 20, 12, false},
		{"one\ntwo\n", 20, 12, false},
		{"", 20, 12, false},
		{"a\nb\nc", 20, 12, false},
		{wide + "\n" + wide, 20, 12, false},
		{strings.Repeat("line\n", 40), 20, 12, false},
		{strings.Repeat("line\n", 40) + "x", 20, 12, false},
		{frameOf(30, 11), 30, 11, true},
		{frameOf(30, 11), 30, 11, false},
		{"a\nb\nc", 30, 0, false},
		{frameOf(30, 11), 30, 11, false},
	}
	var f frameWriter
	var old []string
	for i, s := range steps {
		want, lines := plainDiff(old, s.frame, s.w, s.h, s.repaint)
		old = lines
		if got := f.diff(s.frame, s.w, s.h, s.repaint); !bytes.Equal(got, want) {
			t.Fatalf("step %d: wrote %q, want %q", i, got, want)
		}
	}
}

// writeRow writes what ansi.CursorPosition(1, row) is.
func TestWriteRowIsCursorPosition(t *testing.T) {
	var b bytes.Buffer
	for row := 0; row <= 1000; row++ {
		b.Reset()
		writeRow(&b, row)
		if want := ansi.CursorPosition(1, row); b.String() != want {
			t.Fatalf("row %d: %q, want %q", row, b.String(), want)
		}
	}
}

// Once its buffers have grown, a frame's diff allocates nothing (a line
// wider than the terminal aside).
func TestFrameDiffAllocatesNothing(t *testing.T) {
	a := frameOf(80, 24)
	b := strings.Replace(a, "Cashier menu", "Top up OVO Cash", 1)
	var f frameWriter
	f.diff(a, 80, 24, true)
	f.diff(b, 80, 24, false)
	i := 0
	if n := testing.AllocsPerRun(100, func() {
		i++
		if i%2 == 0 {
			f.diff(a, 80, 24, false)
		} else {
			f.diff(b, 80, 24, false)
		}
	}); n != 0 {
		t.Fatalf("%.1f allocations a frame", n)
	}
}
