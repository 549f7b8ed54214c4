package components

import (
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// Request is one asynchronous call a screen waits for, at most one at a
// time: the id its answer must carry, a spinner that turns only while it
// runs (and never when the session is static), and the error banner of its
// failure. A screen starts it, tags the call's command with the id, and
// takes an answer only when Answer says it is the one awaited — so a late
// answer to an earlier call never lands.
//
// The zero Request is idle and never fails; NewRequest gives it styles.
type Request struct {
	styles *Styles
	static bool
	spin   *spinner.Model // made when it first turns: a static session, or a request never started, has none
	frame  int            // the spinner's frame, counted as it takes its ticks (its View renders it with lipgloss)
	id     int
	active bool

	errHead, errText string
}

// NewRequest returns an idle request drawn with st; static turns the
// spinner into one still frame (dumb terminals, golden tests).
func NewRequest(st *Styles, static bool) Request {
	return Request{styles: st, static: static}
}

func newSpinner(st *Styles) *spinner.Model {
	opts := []spinner.Option{spinner.WithSpinner(spinner.Line)}
	if st != nil {
		// Unstyled: Spinner draws the frame in st.Spinner (its fast path).
		opts = append(opts, spinner.WithStyle(st.plain))
	}
	m := spinner.New(opts...)
	return &m
}

// Start begins a new call: a new id (answers to any earlier call are now
// stale), the error cleared and the spinner turning. It returns the id to
// tag the call with and the spinner's first tick (nil when static or
// already turning).
func (r *Request) Start() (id int, tick tea.Cmd) {
	r.id = NextID()
	r.errHead, r.errText = "", ""
	if r.active {
		return r.id, nil
	}
	r.active = true
	if r.static {
		return r.id, nil
	}
	if r.spin == nil {
		r.spin, r.frame = newSpinner(r.styles), 0
	}
	return r.id, r.spin.Tick
}

// Answer reports whether id answers the call under way; when it does, the
// call is over (the spinner stops). A stale or unexpected answer changes
// nothing.
func (r *Request) Answer(id int) bool {
	if !r.active || id != r.id || id == 0 {
		return false
	}
	r.active = false
	return true
}

// Is reports whether id is the latest call's, whether or not it is still
// under way (a later reading of the same call).
func (r *Request) Is(id int) bool { return id != 0 && id == r.id }

// ID is the latest call's id (0 before the first).
func (r *Request) ID() int { return r.id }

// Active reports whether a call is under way.
func (r *Request) Active() bool { return r.active }

// Stop ends the wait without an answer (the spinner stops).
func (r *Request) Stop() { r.active = false }

// Fail records the failure of the call: head is the banner, text the
// reason in words.
func (r *Request) Fail(head, text string) { r.errHead, r.errText = head, text }

// ClearError forgets the last failure (the input it was about changed).
func (r *Request) ClearError() { r.errHead, r.errText = "", "" }

// Failed reports whether the last call failed.
func (r *Request) Failed() bool { return r.errText != "" }

// Err is the last failure's reason ("" when none).
func (r *Request) Err() string { return r.errText }

// Update turns the spinner on its own tick while a call is under way.
func (r *Request) Update(msg tea.Msg) tea.Cmd {
	t, ok := msg.(spinner.TickMsg)
	if !ok || !r.active || r.static || r.spin == nil || t.ID != r.spin.ID() {
		return nil
	}
	var cmd tea.Cmd
	*r.spin, cmd = r.spin.Update(msg)
	if cmd != nil { // the tick was taken: the spinner moved a frame
		r.frame = (r.frame + 1) % len(r.spin.Spinner.Frames)
	}
	return cmd
}

// Restart resumes the spinner after the screen was hidden (its ticks were
// not delivered meanwhile).
func (r *Request) Restart() tea.Cmd {
	if !r.active || r.static {
		return nil
	}
	r.spin, r.frame = newSpinner(r.styles), 0
	return r.spin.Tick
}

// Spinner is the spinner's frame ("" when idle).
func (r *Request) Spinner() string {
	if !r.active {
		return ""
	}
	if r.static {
		if r.styles == nil {
			return "*"
		}
		return r.styles.Spinner.Render("*")
	}
	frame := spinner.Line.Frames[0] // not turning yet
	if r.spin != nil {
		frame = r.spin.Spinner.Frames[r.frame]
		if r.styles == nil { // bubbles' own style
			frame = r.spin.View()
		}
	}
	if r.styles == nil {
		return frame
	}
	return r.styles.Spinner.Render(frame)
}

// Waiting is "<spinner> text" indented as a body line while a call is under
// way, "" otherwise.
func (r *Request) Waiting(text string) string {
	if !r.active {
		return ""
	}
	return "  " + r.Spinner() + " " + text
}

// ErrorView is the failure's banner over its reason wrapped to width, ""
// when the last call did not fail.
func (r *Request) ErrorView(width int) string {
	if r.errText == "" || r.styles == nil {
		return ""
	}
	out := Paragraph(r.styles.Error, width, r.errText)
	if r.errHead != "" {
		out = Banner(r.styles, ToneError, r.errHead) + "\n" + out
	}
	return out
}
