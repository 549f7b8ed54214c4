package screens

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/screens/components"
)

// Styles are every style the screens and the shell draw with
// (components.Styles, built once per colour profile).
type Styles = components.Styles

// Style is one style of Styles (components.Style).
type Style = components.Style

// Tone is the mood of a banner (components.Tone).
type Tone = components.Tone

// The tones of a banner: neutral, success, failure, pending.
const (
	ToneInfo    = components.ToneInfo
	ToneOK      = components.ToneOK
	ToneError   = components.ToneError
	TonePending = components.TonePending
)

// NewStyles builds the styles from r (lipgloss.DefaultRenderer when nil).
func NewStyles(r *lipgloss.Renderer) *Styles { return components.NewStyles(r) }
