package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/ovocashier/ovocashier/screens/components"
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
		lw = max(lw, components.Width(r.label))
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

// The text helpers of package components, under the short names the
// screens use.
var (
	padRight  = components.PadRight
	padLeft   = components.PadLeft
	cut       = components.Cut
	wrapText  = components.Wrap
	paragraph = components.Paragraph
	banner    = components.Banner
)

// title is a screen's title line.
func title(s *Styles, text string) string { return s.Title.Render(text) }

// keyHint renders "[k] text" for a choice listed in the body, k being a
// key that b matches (components.Hint).
func keyHint(s *Styles, b key.Binding, text string) string { return components.Hint(s, b, text) }

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
