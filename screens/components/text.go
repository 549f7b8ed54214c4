package components

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// PadRight pads s with blanks to w terminal columns.
func PadRight(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// PadLeft pads s with blanks on the left to w terminal columns.
func PadLeft(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// Cut shortens s to w terminal columns, ending with "…" when cut.
func Cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && Width(string(rs))+1 > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// Wrap breaks s into lines of at most w columns at blanks (a word longer
// than w is cut into pieces).
func Wrap(s string, w int) []string {
	if w <= 0 || Width(s) <= w {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for Width(word) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			rs := []rune(word)
			n := 0
			for n < len(rs) && Width(string(rs[:n+1])) <= w {
				n++
			}
			lines = append(lines, string(rs[:n]))
			word = string(rs[n:])
		}
		switch {
		case cur == "":
			cur = word
		case Width(cur)+1+Width(word) <= w:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// Paragraph wraps s to width and renders each line in st, indented by two.
func Paragraph(st Style, width int, s string) string {
	var b strings.Builder
	b.Grow(len(s) + 32)
	ParagraphTo(&b, st, width, s)
	return b.String()
}

// ParagraphTo writes Paragraph(st, width, s) to b.
func ParagraphTo(b *strings.Builder, st Style, width int, s string) {
	w := max(10, width-4)
	if Width(s) <= w { // one line: no wrapping to do
		b.WriteString("  ")
		st.RenderTo(b, s)
		return
	}
	for i, l := range Wrap(s, w) {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("  ")
		st.RenderTo(b, l)
	}
}

// Banner is a state line in its tone: words first, colour second.
func Banner(s *Styles, tone Tone, text string) string { return " " + s.Banner[tone].Render(text) }

// Hint renders "[k] text" for a choice listed in a body, k being the key
// b's help shows: the key shown is always a key b matches.
func Hint(s *Styles, b key.Binding, text string) string {
	return s.Key.Render("["+b.Help().Key+"]") + " " + text
}
