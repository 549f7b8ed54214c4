package tui

import (
	"io"
	"reflect"
	"strconv"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/screens"
	"github.com/ovocashier/ovocashier/screens/components"
)

// Theme is a renderer and every style drawn with it, for one colour profile
// and background. Themes are built once per (profile, background) and
// shared by every session that uses them (ThemeFor): a session costs no
// styles of its own, and the colours are converted to the profile once
// (an ANSI-256 terminal gets palette numbers, not hex colours converted at
// every draw). A Theme is read-only.
type Theme struct {
	Renderer *lipgloss.Renderer
	Styles   *screens.Styles
}

type themeKey struct {
	profile termenv.Profile
	dark    bool
}

var themes sync.Map // themeKey → *Theme

// ThemeFor returns the shared theme of a terminal with colour profile p and
// a dark (or light) background.
func ThemeFor(p termenv.Profile, dark bool) *Theme {
	k := themeKey{p, dark}
	if t, ok := themes.Load(k); ok {
		return t.(*Theme)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	st := screens.NewStyles(r)
	compileStyles(reflect.ValueOf(st).Elem(), p, dark)
	t, _ := themes.LoadOrStore(k, &Theme{Renderer: r, Styles: st})
	return t.(*Theme)
}

var (
	styleType     = reflect.TypeOf(lipgloss.Style{})
	fastStyleType = reflect.TypeOf(screens.Style{})
)

// compileStyles replaces, in every lipgloss.Style and screens.Style
// reachable from v (fields, map values, nested structs), each colour by its
// form in profile p; a screens.Style's escape sequences are computed again
// from the compiled colours.
func compileStyles(v reflect.Value, p termenv.Profile, dark bool) {
	switch {
	case v.Type() == styleType:
		if v.CanSet() {
			v.Set(reflect.ValueOf(compileStyle(v.Interface().(lipgloss.Style), p, dark)))
		}
	case v.Type() == fastStyleType:
		if v.CanSet() {
			v.Set(reflect.ValueOf(compileFast(v.Interface().(screens.Style), p, dark)))
		}
	case v.Kind() == reflect.Map && v.Type().Elem() == fastStyleType:
		for _, k := range v.MapKeys() {
			v.SetMapIndex(k, reflect.ValueOf(compileFast(v.MapIndex(k).Interface().(screens.Style), p, dark)))
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				compileStyles(v.Field(i), p, dark)
			}
		}
	case v.Kind() == reflect.Map && v.Type().Elem() == styleType:
		for _, k := range v.MapKeys() {
			v.SetMapIndex(k, reflect.ValueOf(compileStyle(v.MapIndex(k).Interface().(lipgloss.Style), p, dark)))
		}
	}
}

func compileFast(s screens.Style, p termenv.Profile, dark bool) screens.Style {
	return components.NewStyle(compileStyle(s.Style, p, dark))
}

func compileStyle(s lipgloss.Style, p termenv.Profile, dark bool) lipgloss.Style {
	c := func(tc lipgloss.TerminalColor) lipgloss.TerminalColor { return compileColor(tc, p, dark) }
	if fg := s.GetForeground(); !isNoColor(fg) {
		s = s.Foreground(c(fg))
	}
	if bg := s.GetBackground(); !isNoColor(bg) {
		s = s.Background(c(bg))
	}
	if t, r, b, l := s.GetBorderTopForeground(), s.GetBorderRightForeground(), s.GetBorderBottomForeground(),
		s.GetBorderLeftForeground(); !isNoColor(t) || !isNoColor(r) || !isNoColor(b) || !isNoColor(l) {
		s = s.BorderForeground(c(t), c(r), c(b), c(l))
	}
	if t, r, b, l := s.GetBorderTopBackground(), s.GetBorderRightBackground(), s.GetBorderBottomBackground(),
		s.GetBorderLeftBackground(); !isNoColor(t) || !isNoColor(r) || !isNoColor(b) || !isNoColor(l) {
		s = s.BorderBackground(c(t), c(r), c(b), c(l))
	}
	return s
}

func isNoColor(c lipgloss.TerminalColor) bool {
	_, none := c.(lipgloss.NoColor)
	return c == nil || none
}

// compileColor is tc as profile p draws it: a palette number for ANSI and
// ANSI-256, the hex colour for true colour, no colour for ASCII.
func compileColor(tc lipgloss.TerminalColor, p termenv.Profile, dark bool) lipgloss.TerminalColor {
	var s string
	switch c := tc.(type) {
	case lipgloss.Color:
		s = string(c)
	case lipgloss.AdaptiveColor:
		s = c.Light
		if dark {
			s = c.Dark
		}
	default:
		return tc
	}
	switch c := p.Color(s).(type) {
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(c)))
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(c)))
	case termenv.RGBColor:
		return lipgloss.Color(string(c))
	}
	return lipgloss.NoColor{}
}
