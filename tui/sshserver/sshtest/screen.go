package sshtest

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// screen is a small VT emulator: enough of xterm for what Bubble Tea's
// renderer writes (text, CR, LF, cursor moves and positions, erase line and
// display, the alternate screen). Colours and modes are ignored.
type screen struct {
	w, h     int
	main     [][]rune
	alt      [][]rune
	cells    *[][]rune // the buffer shown
	row, col int
	savedRow int
	savedCol int
}

const wideTail = rune(-1) // the second cell of a wide character

func newScreen(w, h int) *screen {
	s := &screen{w: w, h: h, main: blank(w, h), alt: blank(w, h)}
	s.cells = &s.main
	return s
}

func blank(w, h int) [][]rune {
	b := make([][]rune, h)
	for i := range b {
		b[i] = blankLine(w)
	}
	return b
}

func blankLine(w int) []rune {
	l := make([]rune, w)
	for i := range l {
		l[i] = ' '
	}
	return l
}

// resize keeps what fits.
func (s *screen) resize(w, h int) {
	for _, p := range []*[][]rune{&s.main, &s.alt} {
		nb := blank(w, h)
		for r := 0; r < min(h, len(*p)); r++ {
			copy(nb[r], (*p)[r])
		}
		*p = nb
	}
	s.w, s.h = w, h
	s.row, s.col = min(s.row, h-1), min(s.col, w-1)
}

// feed runs data (a whole stream, from its start) through the emulator.
func (s *screen) feed(data []byte) {
	p := ansi.NewParser()
	var state byte
	for len(data) > 0 {
		seq, width, n, next := ansi.DecodeSequence(data, state, p)
		state = next
		data = data[n:]
		if n == 0 {
			break
		}
		switch {
		case width > 0:
			s.put([]rune(string(seq)), width)
		case len(seq) == 1 && seq[0] < 0x20:
			s.control(seq[0])
		case ansi.HasCsiPrefix(seq):
			s.csi(ansi.Cmd(p.Command()), p)
		}
	}
}

func (s *screen) put(r []rune, width int) {
	if s.col+width > s.w {
		s.col = 0
		s.lineFeed()
	}
	b := *s.cells
	b[s.row][s.col] = r[0]
	for i := 1; i < width && s.col+i < s.w; i++ {
		b[s.row][s.col+i] = wideTail
	}
	s.col += width // s.col == s.w: the next character wraps
}

func (s *screen) control(c byte) {
	switch c {
	case '\r':
		s.col = 0
	case '\n', '\v', '\f':
		s.lineFeed()
	case '\b':
		if s.col > 0 {
			s.col--
		}
	case '\t':
		s.col = min(s.w-1, (s.col/8+1)*8)
	}
}

func (s *screen) lineFeed() {
	if s.row < s.h-1 {
		s.row++
		return
	}
	b := *s.cells
	copy(b, b[1:])
	b[s.h-1] = blankLine(s.w)
}

func (s *screen) csi(cmd ansi.Cmd, p *ansi.Parser) {
	arg := func(i, def int) int {
		v, _ := p.Param(i, def)
		if v == 0 && def > 0 {
			v = def
		}
		return v
	}
	if cmd.Prefix() == '?' {
		switch cmd.Final() {
		case 'h', 'l':
			for i := range p.Params() {
				if v, _ := p.Param(i, 0); v == 1049 || v == 47 || v == 1047 {
					s.altScreen(cmd.Final() == 'h')
				}
			}
		}
		return
	}
	if cmd.Prefix() != 0 || cmd.Intermediate() != 0 {
		return
	}
	b := *s.cells
	switch cmd.Final() {
	case 'A':
		s.row = max(0, s.row-arg(0, 1))
	case 'B':
		s.row = min(s.h-1, s.row+arg(0, 1))
	case 'C':
		s.col = min(s.w-1, s.col+arg(0, 1))
	case 'D':
		s.col = max(0, min(s.col, s.w-1)-arg(0, 1))
	case 'G':
		s.col = clamp(arg(0, 1)-1, 0, s.w-1)
	case 'H', 'f':
		s.row = clamp(arg(0, 1)-1, 0, s.h-1)
		s.col = clamp(arg(1, 1)-1, 0, s.w-1)
	case 'J':
		switch arg(0, 0) {
		case 0:
			s.eraseLine(s.row, min(s.col, s.w), s.w)
			for r := s.row + 1; r < s.h; r++ {
				b[r] = blankLine(s.w)
			}
		case 1:
			for r := 0; r < s.row; r++ {
				b[r] = blankLine(s.w)
			}
			s.eraseLine(s.row, 0, min(s.col+1, s.w))
		case 2, 3:
			for r := range b {
				b[r] = blankLine(s.w)
			}
		}
	case 'K':
		switch arg(0, 0) {
		case 0:
			s.eraseLine(s.row, min(s.col, s.w), s.w)
		case 1:
			s.eraseLine(s.row, 0, min(s.col+1, s.w))
		case 2:
			s.eraseLine(s.row, 0, s.w)
		}
	case 's':
		s.savedRow, s.savedCol = s.row, s.col
	case 'u':
		s.row, s.col = s.savedRow, s.savedCol
	}
}

func (s *screen) eraseLine(row, from, to int) {
	l := (*s.cells)[row]
	for i := from; i < to; i++ {
		l[i] = ' '
	}
}

func (s *screen) altScreen(on bool) {
	if on {
		s.savedRow, s.savedCol = s.row, s.col
		s.alt = blank(s.w, s.h)
		s.cells = &s.alt
		return
	}
	s.cells = &s.main
	s.row, s.col = s.savedRow, s.savedCol
}

// text is the screen shown, one line per row, trailing spaces trimmed.
func (s *screen) text() string {
	var out strings.Builder
	for i, l := range *s.cells {
		if i > 0 {
			out.WriteByte('\n')
		}
		var line strings.Builder
		for _, r := range l {
			if r != wideTail {
				line.WriteRune(r)
			}
		}
		out.WriteString(strings.TrimRight(line.String(), " "))
	}
	return strings.TrimRight(out.String(), "\n")
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
