package components

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles are every style the screens and the shell draw with, all built
// from one renderer (a terminal's, or an SSH session's). Nothing on screen
// is told by colour alone: each styled state also has its own words.
type Styles struct {
	Title    lipgloss.Style // screen titles
	Label    lipgloss.Style // the left column of a detail
	Value    lipgloss.Style // plain values
	Strong   lipgloss.Style // amounts and names the cashier reads out
	Muted    lipgloss.Style // hints and notes
	Error    lipgloss.Style // what is wrong / refusals
	Warn     lipgloss.Style // pending and warnings
	OK       lipgloss.Style // success
	Banner   map[Tone]lipgloss.Style
	Field    lipgloss.Style // an input field
	Focused  lipgloss.Style // the focused input field
	Selected lipgloss.Style // the selected row of a list
	Key      lipgloss.Style // a key in the text ("[1]")
	Rule     lipgloss.Style // horizontal rules
	Box      lipgloss.Style // a framed block (the receipt)
	Header   lipgloss.Style
	Badge    lipgloss.Style // environment badge (SANDBOX, STAGING)
	BadgeHot lipgloss.Style // the PRODUCTION badge
	Spinner  lipgloss.Style
	Help     help.Styles
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
		Title:    r.NewStyle().Bold(true).Foreground(accent),
		Label:    r.NewStyle().Foreground(muted),
		Value:    r.NewStyle(),
		Strong:   r.NewStyle().Bold(true),
		Muted:    r.NewStyle().Foreground(muted),
		Error:    r.NewStyle().Foreground(red).Bold(true),
		Warn:     r.NewStyle().Foreground(amber),
		OK:       r.NewStyle().Foreground(green).Bold(true),
		Field:    r.NewStyle(),
		Focused:  r.NewStyle().Bold(true),
		Selected: r.NewStyle().Bold(true).Foreground(accent),
		Key:      r.NewStyle().Bold(true).Foreground(accent),
		Rule:     r.NewStyle().Foreground(faint),
		Box:      r.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(faint).Padding(0, 1),
		Header:   r.NewStyle().Bold(true),
		Badge:    r.NewStyle().Bold(true).Foreground(light).Background(amber),
		BadgeHot: r.NewStyle().Bold(true).Foreground(light).Background(red),
		Spinner:  r.NewStyle().Foreground(accent),
		Banner: map[Tone]lipgloss.Style{
			ToneInfo:    banner(accent),
			ToneOK:      banner(green),
			ToneError:   banner(red),
			TonePending: banner(amber),
		},
	}
	keyStyle := r.NewStyle().Bold(true).Foreground(accent)
	descStyle := r.NewStyle().Foreground(muted)
	sep := r.NewStyle().Foreground(faint)
	s.Help = help.Styles{
		Ellipsis: sep, ShortKey: keyStyle, ShortDesc: descStyle, ShortSeparator: sep,
		FullKey: keyStyle, FullDesc: descStyle, FullSeparator: sep,
	}
	return s
}
