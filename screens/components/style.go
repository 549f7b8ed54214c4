package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Style is a lipgloss style that draws most of what the screens draw — one
// line of text without tabs — from its escape sequences computed once,
// byte for byte what lipgloss draws (its Render measures, splits and
// formats on every call), and anything else with lipgloss. A style with
// layout other than blanks left and right (width, border, margins…) or
// per-character effects (underline, strikethrough) always draws with
// lipgloss. Build it with
// NewStyle, again after changing the lipgloss style (its sequences belong
// to the style and its renderer's colour profile). Methods other than
// Render are lipgloss's and return a lipgloss.Style.
type Style struct {
	lipgloss.Style
	fast      bool   // a line without tabs is pre + line + post
	pre, post string // the sequences (and padding) around a line
}

// NewStyle is ls with its sequences computed (see Style).
func NewStyle(ls lipgloss.Style) Style {
	s := Style{Style: ls}
	if ls.GetWidth() != 0 || ls.GetHeight() != 0 || ls.GetMaxWidth() != 0 || ls.GetMaxHeight() != 0 ||
		ls.GetInline() || ls.GetTransform() != nil || ls.GetUnderline() || ls.GetStrikethrough() || ls.GetReverse() ||
		ls.GetPaddingTop() != 0 || ls.GetPaddingBottom() != 0 || ls.GetHorizontalMargins() != 0 || ls.GetVerticalMargins() != 0 ||
		ls.GetHorizontalBorderSize() != 0 || ls.GetVerticalBorderSize() != 0 || ls.Value() != "" {
		return s
	}
	out := ls.Render("X")
	i := strings.IndexByte(out, 'X')
	if i < 0 {
		return s
	}
	s.pre, s.post = out[:i], out[i+1:]
	// Trust, but check: the fast path must draw what lipgloss draws.
	for _, probe := range []string{"", " ", "a b", "Rp20.000 · Budi…", "\x1b[1mx\x1b[0m", "\r"} {
		if ls.Render(probe) != s.pre+probe+s.post {
			return s
		}
	}
	s.fast = true
	return s
}

// RenderTo writes s.Render(str) to b, without the intermediate string
// when the style is a plain prefix and suffix around a line.
func (s Style) RenderTo(b *strings.Builder, str string) {
	if s.fast && strings.IndexByte(str, '\n') < 0 && strings.IndexByte(str, '\t') < 0 {
		b.WriteString(s.pre)
		b.WriteString(str)
		b.WriteString(s.post)
		return
	}
	b.WriteString(s.Render(str))
}

// RenderPaddedTo writes s.Render(PadRight(str, w)) to b.
func (s Style) RenderPaddedTo(b *strings.Builder, str string, w int) {
	d := w - Width(str)
	if d <= 0 || !s.fast || strings.IndexByte(str, '\n') >= 0 || strings.IndexByte(str, '\t') >= 0 {
		s.RenderTo(b, PadRight(str, w))
		return
	}
	b.WriteString(s.pre)
	b.WriteString(str)
	for range d {
		b.WriteByte(' ')
	}
	b.WriteString(s.post)
}

// Render draws strs joined by blanks in the style, like lipgloss.
func (s Style) Render(strs ...string) string {
	if s.fast {
		var str string
		if len(strs) == 1 {
			str = strs[0]
		} else {
			str = strings.Join(strs, " ")
		}
		if strings.IndexByte(str, '\n') < 0 && strings.IndexByte(str, '\t') < 0 {
			if s.pre == "" && s.post == "" {
				return str
			}
			return s.pre + str + s.post
		}
	}
	return s.Style.Render(strs...)
}
