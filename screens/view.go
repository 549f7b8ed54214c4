package screens

import (
	"strings"
	"sync/atomic"

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
	n := 0
	for _, r := range rows {
		n += len(r.label) + len(r.value) + 48 // the colours, the blanks
	}
	var b strings.Builder
	b.Grow(n)
	detailTo(&b, s, width, rows...)
	return b.String()
}

// detailTo writes detail(s, width, rows...) to b.
func detailTo(b *strings.Builder, s *Styles, width int, rows ...row) {
	lw := 0
	for _, r := range rows {
		lw = max(lw, components.Width(r.label))
	}
	vw := max(10, width-lw-4)
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		var lines []string // the value's lines when it wraps
		if components.Width(r.value) > vw {
			if lines = wrapText(r.value, vw); len(lines) == 0 {
				continue // nothing to show (a value of blanks)
			}
		}
		st := s.Value
		if r.strong {
			st = s.Strong
		}
		b.WriteString("  ")
		s.Label.RenderPaddedTo(b, r.label, lw)
		b.WriteString("  ")
		if lines == nil {
			st.RenderTo(b, r.value)
			continue
		}
		for j, l := range lines {
			if j > 0 {
				b.WriteString("\n  ")
				for range lw + 2 {
					b.WriteByte(' ')
				}
			}
			st.RenderTo(b, l)
		}
	}
}

// sizeHint is the length of the last view of a kind of screen, shared by
// the screens of that kind: a view is written into a builder grown once to
// about its size (a new screen's first view too), not step by step.
type sizeHint struct{ n atomic.Int64 }

// The size hints of the screens that draw into one builder.
var amountSize, checkoutSize, phoneSize, resultSize sizeHint

// grow grows b to about the last view's length.
func (h *sizeHint) grow(b *strings.Builder) { b.Grow(int(h.n.Load()) + 64) }

// keep records the length of the view in b.
func (h *sizeHint) keep(b *strings.Builder) { h.n.Store(int64(b.Len())) }

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
	n := 0
	for _, b := range blocks {
		n += len(b) + 2
	}
	var out strings.Builder
	out.Grow(n)
	for _, b := range blocks {
		if b == "" {
			continue
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(b)
	}
	return out.String()
}
