package sshserver

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// screen is the smallest terminal that shows what the frame writer's
// bytes do to a w×h screen: cursor positions (CUP), erase to the end of
// the line and of the screen, printable runes with autowrap, and a scroll
// when text runs past the last cell. SGR and private modes are ignored.
type screen struct {
	w, h     int
	rows     [][]rune
	row, col int
	wrap     bool // the last column was written: the next rune wraps
}

func newScreen(w, h int) *screen {
	s := &screen{w: w, h: h}
	s.clear()
	return s
}

func (s *screen) clear() {
	s.rows = make([][]rune, s.h)
	for i := range s.rows {
		s.rows[i] = []rune(strings.Repeat(" ", s.w))
	}
}

func (s *screen) write(b []byte) {
	str := string(b)
	for len(str) > 0 {
		if strings.HasPrefix(str, "\x1b[") {
			n := 2
			for n < len(str) && (str[n] < 0x40 || str[n] > 0x7e) {
				n++
			}
			s.control(str[:n+1])
			str = str[n+1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(str)
		s.put(r)
		str = str[n:]
	}
}

func (s *screen) control(seq string) {
	if !strings.HasPrefix(seq, "\x1b[") {
		return
	}
	body, final := seq[2:len(seq)-1], seq[len(seq)-1]
	switch final {
	case 'H':
		s.row, s.col, s.wrap = 0, 0, false
		if p := strings.Split(body, ";"); body != "" {
			r, _ := strconv.Atoi(p[0])
			s.row = max(0, min(s.h-1, r-1))
			if len(p) > 1 {
				c, _ := strconv.Atoi(p[1])
				s.col = max(0, min(s.w-1, c-1))
			}
		}
	case 'K':
		for c := s.col; c < s.w; c++ {
			s.rows[s.row][c] = ' '
		}
		s.wrap = false
	case 'J':
		if body == "2" {
			s.clear()
		}
	}
}

func (s *screen) put(r rune) {
	if s.wrap {
		s.wrap, s.col = false, 0
		if s.row == s.h-1 {
			s.rows = append(s.rows[1:], []rune(strings.Repeat(" ", s.w)))
		} else {
			s.row++
		}
	}
	s.rows[s.row][s.col] = r
	if s.col == s.w-1 {
		s.wrap = true
	} else {
		s.col++
	}
}

func (s *screen) text() string {
	out := make([]string, s.h)
	for i, r := range s.rows {
		out[i] = strings.TrimRight(string(r), " ")
	}
	return strings.Join(out, "\n")
}

// frameOf is a w×h frame like the cashier's: a header and a rule as wide
// as the terminal, a body, a rule and a footer at the bottom.
func frameOf(w, h int) string {
	lines := []string{strings.Repeat("H", w), strings.Repeat("─", w), "Cashier menu", "", "  > [1] Top up OVO Cash"}
	for len(lines) < h-2 {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, strings.Repeat("─", w), "1-7 choose"), "\n")
}

// After a resize the writer may still hold the frame drawn for the old size
// (the model draws the new one moments later) and writes it whole. A line
// wider than the new width must not run past the terminal's edge: on the
// last row it scrolled the screen, and the new frame, written as changes
// from that one, left its unchanged lines one row too high (the menu's
// title gone, seen over ssh shrinking 100×30 to 80×29).
func TestFrameWriterNeverWritesPastTheEdge(t *testing.T) {
	var f frameWriter
	term := newScreen(100, 30)
	old := frameOf(100, 30)
	term.write(f.diff(old, 100, 30, true))
	if got := term.text(); got != strings.TrimRight(old, "\n") {
		t.Fatalf("first frame:\n%s", got)
	}
	// The terminal is now 80×29; the old frame is written first (the
	// repaint), then the new one.
	term = &screen{w: 80, h: 29, rows: term.rows[:29]}
	for i := range term.rows {
		term.rows[i] = term.rows[i][:80]
	}
	term.write(f.diff(old, 80, 29, true))
	now := frameOf(80, 29)
	term.write(f.diff(now, 80, 29, false))
	if got := term.text(); got != now {
		t.Fatalf("the screen after the resize:\n%s\nwant:\n%s", got, now)
	}
}
