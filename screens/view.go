package screens

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Drawing helpers shared by the screens. Every screen draws into the body
// area it was sized to; the shell cuts and pads to that area.

// row is one "label  value" line of a detail list.
type row struct {
	label, value string
	strong       bool
}

// detail draws rows with the labels in one column. Long values wrap under
// themselves.
func detail(s *Styles, width int, rows ...row) string {
	lw := 0
	for _, r := range rows {
		lw = max(lw, lipgloss.Width(r.label))
	}
	vw := max(10, width-lw-4)
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		label := s.Label.Render(padRight(r.label, lw))
		st := s.Value
		if r.strong {
			st = s.Strong
		}
		lines := wrapText(r.value, vw)
		for j, l := range lines {
			if j == 0 {
				b.WriteString("  " + label + "  " + st.Render(l))
			} else {
				b.WriteString("\n  " + strings.Repeat(" ", lw) + "  " + st.Render(l))
			}
		}
	}
	return b.String()
}

// padRight pads s with blanks to w terminal columns.
func padRight(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// padLeft pads s with blanks on the left to w terminal columns.
func padLeft(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// cut shortens s to w terminal columns, ending with "…" when cut.
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && lipgloss.Width(string(rs))+1 > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// wrapText breaks s into lines of at most w columns at blanks (a word
// longer than w is cut into pieces).
func wrapText(s string, w int) []string {
	if w <= 0 || lipgloss.Width(s) <= w {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for lipgloss.Width(word) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			rs := []rune(word)
			n := 0
			for n < len(rs) && lipgloss.Width(string(rs[:n+1])) <= w {
				n++
			}
			lines = append(lines, string(rs[:n]))
			word = string(rs[n:])
		}
		switch {
		case cur == "":
			cur = word
		case lipgloss.Width(cur)+1+lipgloss.Width(word) <= w:
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

// paragraph wraps s to width and renders each line in st, indented by two.
func paragraph(st lipgloss.Style, width int, s string) string {
	lines := wrapText(s, max(10, width-4))
	for i, l := range lines {
		lines[i] = "  " + st.Render(l)
	}
	return strings.Join(lines, "\n")
}

// title is a screen's title line.
func title(s *Styles, text string) string { return s.Title.Render(text) }

// banner is a state line in its tone: words first, colour second.
func banner(s *Styles, tone Tone, text string) string { return " " + s.Banner[tone].Render(text) }

// keyHint renders "[k] text" for choices listed in the body.
func keyHint(s *Styles, k, text string) string { return s.Key.Render("["+k+"]") + " " + text }

// join stacks non-empty blocks with one blank line between them.
func join(blocks ...string) string {
	var out []string
	for _, b := range blocks {
		if b != "" {
			out = append(out, b)
		}
	}
	return strings.Join(out, "\n\n")
}
