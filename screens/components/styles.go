package components

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles are every style the screens and the shell draw with, all built
// from one renderer (a terminal's, or an SSH session's), each with its
// escape sequences computed once (Style). Nothing on screen
// is told by colour alone: each styled state also has its own words.
type Styles struct {
	Title    Style // screen titles
	Label    Style // the left column of a detail
	Value    Style // plain values
	Strong   Style // amounts and names the cashier reads out
	Muted    Style // hints and notes
	Error    Style // what is wrong / refusals
	Warn     Style // pending and warnings
	OK       Style // success
	Banner   map[Tone]Style
	Field    Style // an input field
	Focused  Style // the focused input field
	Selected Style // the selected row of a list
	Key      Style // a key in the text ("[1]")
	Rule     Style // horizontal rules
	Box      Style // a framed block (the receipt)
	Header   Style
	Badge    Style // environment badge (SANDBOX, STAGING)
	BadgeHot Style // the PRODUCTION badge
	Spinner  Style
	Help     help.Styles

	plain lipgloss.Style // no style, of the same renderer (the spinner's frames)
}

// Tone is the mood of a banner.
type Tone int

// The tones of a banner: neutral, success, failure, pending.
const (
	ToneInfo Tone = iota
	ToneOK
	ToneError
	TonePending
)

// NewStyles builds the styles from r (lipgloss.DefaultRenderer when nil).
func NewStyles(r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	var (
		accent = lipgloss.AdaptiveColor{Light: "#5B2C9F", Dark: "#B18CFF"} // OVO purple
		green  = lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#4CD07D"}
		red    = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
		amber  = lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#F2C14E"}
		muted  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
		faint  = lipgloss.AdaptiveColor{Light: "#C8C8C8", Dark: "#444444"}
		light  = lipgloss.Color("#FFFFFF")
	)
	banner := func(bg lipgloss.TerminalColor) lipgloss.Style {
		return r.NewStyle().Bold(true).Foreground(light).Background(bg).Padding(0, 1)
	}
	s := &Styles{
		Title:    NewStyle(r.NewStyle().Bold(true).Foreground(accent)),
		Label:    NewStyle(r.NewStyle().Foreground(muted)),
		Value:    NewStyle(r.NewStyle()),
		Strong:   NewStyle(r.NewStyle().Bold(true)),
		Muted:    NewStyle(r.NewStyle().Foreground(muted)),
		Error:    NewStyle(r.NewStyle().Foreground(red).Bold(true)),
		Warn:     NewStyle(r.NewStyle().Foreground(amber)),
		OK:       NewStyle(r.NewStyle().Foreground(green).Bold(true)),
		Field:    NewStyle(r.NewStyle()),
		Focused:  NewStyle(r.NewStyle().Bold(true)),
		Selected: NewStyle(r.NewStyle().Bold(true).Foreground(accent)),
		Key:      NewStyle(r.NewStyle().Bold(true).Foreground(accent)),
		Rule:     NewStyle(r.NewStyle().Foreground(faint)),
		Box:      NewStyle(r.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(faint).Padding(0, 1)),
		Header:   NewStyle(r.NewStyle().Bold(true)),
		Badge:    NewStyle(r.NewStyle().Bold(true).Foreground(light).Background(amber)),
		BadgeHot: NewStyle(r.NewStyle().Bold(true).Foreground(light).Background(red)),
		Spinner:  NewStyle(r.NewStyle().Foreground(accent)),
		Banner: map[Tone]Style{
			ToneInfo:    NewStyle(banner(accent)),
			ToneOK:      NewStyle(banner(green)),
			ToneError:   NewStyle(banner(red)),
			TonePending: NewStyle(banner(amber)),
		},
	}
	s.plain = r.NewStyle()
	keyStyle := r.NewStyle().Bold(true).Foreground(accent)
	descStyle := r.NewStyle().Foreground(muted)
	sep := r.NewStyle().Foreground(faint)
	s.Help = help.Styles{
		Ellipsis: sep, ShortKey: keyStyle, ShortDesc: descStyle, ShortSeparator: sep,
		FullKey: keyStyle, FullDesc: descStyle, FullSeparator: sep,
	}
	return s
}
