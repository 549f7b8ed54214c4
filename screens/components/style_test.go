package components

import (
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// texts are what the styles are checked drawing: plain and styled words,
// blanks, several lines, tabs, wide and combining characters.
var texts = []string{"", " ", "Rp20.000", "Top up OVO Cash · Phone number", "[F1] Rp20.000", "  x  ",
	"Valid number. Enter to go on.", "a\nbb\nccc", "tab\there", "\x1b[1mbold\x1b[0m and not", "Budi…",
	"─────", "↑/↓", "日本", "e\u0301", "café", "line\r\nnext", "\r"}

// Every style draws, on its fast path, exactly what lipgloss draws, in
// every colour profile and background.
func TestStyleRendersLikeLipgloss(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			st := NewStyles(r)
			fast := 0
			check := func(name string, s Style) {
				if s.fast {
					fast++
				}
				for _, x := range texts {
					if got, want := s.Render(x), s.Style.Render(x); got != want {
						t.Errorf("%v dark=%v %s.Render(%q) = %q, lipgloss %q", p, dark, name, x, got, want)
					}
					var b strings.Builder
					b.WriteString("<")
					s.RenderTo(&b, x)
					if got, want := b.String(), "<"+s.Style.Render(x); got != want {
						t.Errorf("%v dark=%v %s.RenderTo(%q) = %q, lipgloss %q", p, dark, name, x, got, want)
					}
					for _, w := range []int{0, 3, 12} {
						b.Reset()
						s.RenderPaddedTo(&b, x, w)
						if got, want := b.String(), s.Style.Render(PadRight(x, w)); got != want {
							t.Errorf("%v dark=%v %s.RenderPaddedTo(%q, %d) = %q, lipgloss %q", p, dark, name, x, w, got, want)
						}
					}
				}
				if got, want := s.Render("a", "b"), s.Style.Render("a", "b"); got != want {
					t.Errorf("%v %s.Render(a, b) = %q, lipgloss %q", p, name, got, want)
				}
			}
			v := reflect.ValueOf(st).Elem()
			for i := range v.NumField() {
				if !v.Type().Field(i).IsExported() {
					continue
				}
				switch f := v.Field(i).Interface().(type) {
				case Style:
					check(v.Type().Field(i).Name, f)
				case map[Tone]Style:
					for tone, s := range f {
						check("Banner", s)
						_ = tone
					}
				}
			}
			if p != termenv.Ascii && fast < 21 { // all but Box (a border)
				t.Errorf("%v: only %d styles on the fast path", p, fast)
			}
		}
	}
}

// A style with layout or per-character effects keeps lipgloss's drawing.
func TestStyleWithLayoutIsLipgloss(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	for name, ls := range map[string]lipgloss.Style{
		"padding": r.NewStyle().Padding(1, 1), "width": r.NewStyle().Width(10), "border": r.NewStyle().Border(lipgloss.NormalBorder()),
		"underline": r.NewStyle().Underline(true), "maxwidth": r.NewStyle().MaxWidth(3), "margin": r.NewStyle().MarginLeft(2),
		"value": r.NewStyle().SetString("v"),
	} {
		s := NewStyle(ls)
		if s.fast {
			t.Errorf("%s: on the fast path", name)
		}
		if got, want := s.Render("ab cd"), ls.Render("ab cd"); got != want {
			t.Errorf("%s: %q, lipgloss %q", name, got, want)
		}
	}
}

// Width measures what lipgloss measures: every character it takes on its
// own path, alone and among others, and random mixes of them with
// sequences, lines and characters it leaves to lipgloss.
func TestWidthMatchesLipgloss(t *testing.T) {
	var narrowRunes []rune
	for r := rune(0x80); r < 0x3000; r++ {
		if narrow(r) {
			narrowRunes = append(narrowRunes, r)
			for _, s := range []string{string(r), "a" + string(r), string(r) + "b", string(r) + string(r)} {
				if got, want := Width(s), lipgloss.Width(s); got != want {
					t.Fatalf("Width(%q) = %d, lipgloss %d", s, got, want)
				}
			}
		}
	}
	pieces := []string{"a", "Rp", " ", "·", "…", "─", "↑", "\n", "\x1b[1m", "\x1b[0m", "\x1b[38;5;141m", "\x1b[K",
		"日", "e\u0301", "\t", "\x07", "\x1b]11;?\x07", "é", "\u00ad", "\u200b"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			if rng.IntN(4) == 0 {
				b.WriteRune(narrowRunes[rng.IntN(len(narrowRunes))])
			} else {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		}
		s := b.String()
		if got, want := Width(s), lipgloss.Width(s); got != want {
			t.Fatalf("Width(%q) = %d, lipgloss %d", s, got, want)
		}
	}
}

// The turning spinner draws its frame in the spinner style, as bubbles'
// spinner styled by lipgloss drew it.
func TestSpinnerDrawsLikeLipgloss(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	st := NewStyles(r)
	req := NewRequest(st, false)
	req.Start()
	if got, want := req.Spinner(), st.Spinner.Style.Render("|"); got != want {
		t.Fatalf("spinner %q, lipgloss %q", got, want)
	}
}
