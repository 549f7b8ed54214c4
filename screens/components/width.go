package components

import (
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
)

// Width is lipgloss.Width(s) — the widest line of s in terminal columns,
// escape sequences not counted — computed without lipgloss's parser for
// what the screens draw most: printable ASCII, Latin letters, the dashes,
// quotes, "…", "·", arrows and box lines, and SGR sequences (ESC [ … m).
// Anything else (a wide or combining character, another escape sequence,
// a control character) is measured by lipgloss.
func Width(s string) int {
	w, widest := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			w++
			i++
		case c == '\n':
			widest, w = max(widest, w), 0
			i++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
				j++
			}
			if j >= len(s) || s[j] != 'm' {
				return lipgloss.Width(s)
			}
			i = j + 1
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !narrow(r) {
				return lipgloss.Width(s)
			}
			w++
			i += n
		default:
			return lipgloss.Width(s)
		}
	}
	return max(widest, w)
}

// narrow reports whether r is one column wide on its own and never joins
// the character before it (TestWidthMatchesLipgloss checks every one).
func narrow(r rune) bool {
	switch {
	case r >= 0xa1 && r <= 0x2ff && r != 0xad: // Latin-1, Latin Extended, IPA, modifier letters (not the soft hyphen)
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, bullets, "…"
		return true
	case r >= 0x2190 && r <= 0x21ff: // arrows
		return true
	case r >= 0x2500 && r <= 0x257f: // box drawing
		return true
	}
	return false
}
