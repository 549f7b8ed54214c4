package screens

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Screen is one page of the cashier: a Bubble Tea model that lists the keys
// that work on it (help.KeyMap) and lays itself out in the area it is given.
// Update returns the screen itself (a Screen) with a command.
type Screen interface {
	tea.Model
	help.KeyMap
	// SetSize gives the screen the size of the body area (the terminal
	// less header and footer).
	SetSize(width, height int)
}

// TxnFollower is a Screen that shows transactions as they change: the shell
// hands it every transaction event (TxnMsg), and none to other screens.
type TxnFollower interface {
	FollowsTxns()
}

// DepositShower is a Screen whose body shows the deposit: its frame is drawn
// again when the available amount changes, or, when ShowsDeposit says
// detail, when any figure of the deposit does.
type DepositShower interface {
	ShowsDeposit() (detail bool)
}

// Revealer is a Screen that wants to know when it is shown again after the
// screen above it was closed (to re-read what may have changed meanwhile).
type Revealer interface {
	Reveal() tea.Cmd
}

// Common is what every screen of one session shares: the service, the
// session's context, language, styles, keys and the size of the body area.
// The shell owns it and updates Width, Height and Deposit; screens read it.
// It is used from the Bubble Tea event loop only.
type Common struct {
	Ctx    context.Context // the session's; ends its subscriptions
	Svc    *cashier.Service
	Cat    *i18n.Catalog
	Styles *Styles
	Keys   KeyMap

	Operator, Outlet string
	// Role and From are the operator's role and where they work from:
	// the limits and the audit trail of what they send (issue 14).
	Role cashier.Role
	From string
	// ReceiptDir, when set, is where "save" writes receipt files.
	ReceiptDir string
	// AutoPrint prints the customer's and the merchant's copy of every
	// success as soon as it is known (--auto-print).
	AutoPrint bool
	// Static turns animations off (dumb terminals, golden tests): the
	// spinner shows one frame and never ticks.
	Static bool
	// Now is the clock of "now" on screen; time.Now when nil.
	Now func() time.Time

	Width, Height int // the body area

	// Deposit is the latest deposit mirror the shell knows (header and
	// amount screens); DepositKnown is false until it was first read.
	Deposit      cashier.Deposit
	DepositKnown bool

	seq      int
	inflight int
	lastSent time.Time // when the latest money call of this session started
	nav      []tea.Msg // navigation queued by the screen being updated
}

// NextID returns a new request id, unique in this session: async results
// carry it so that a late answer is recognised as stale.
func (c *Common) NextID() int {
	c.seq++
	return c.seq
}

// InFlight is the number of money calls this session started whose result
// has not yet come back to the shell.
func (c *Common) InFlight() int { return c.inflight }

// Deadline is when the latest money call of this session ends at the
// latest (its start plus the service's call timeout); zero when none is in
// flight.
func (c *Common) Deadline() time.Time {
	if c.inflight == 0 || c.lastSent.IsZero() || c.Svc == nil {
		return time.Time{}
	}
	return c.lastSent.Add(c.Svc.Config().CallTimeout)
}

// ExecutionDone is called by the shell for every ExecutedMsg it sees.
func (c *Common) ExecutionDone() {
	if c.inflight > 0 {
		c.inflight--
	}
}

// now is the screen clock.
func (c *Common) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// newSpinner is a spinner in the session's style.
func (c *Common) newSpinner() spinner.Model {
	return spinner.New(spinner.WithSpinner(spinner.Line), spinner.WithStyle(c.Styles.Spinner))
}

// Activity is a spinner that turns only while something is under way, and
// never ticks when the session is static.
type Activity struct {
	c      *Common
	spin   spinner.Model
	active bool
}

// NewActivity returns a stopped activity indicator.
func NewActivity(c *Common) Activity { return Activity{c: c, spin: c.newSpinner()} }

// Start marks work as under way and returns the first tick (nil if static
// or already turning).
func (a *Activity) Start() tea.Cmd {
	if a.active {
		return nil
	}
	a.active = true
	if a.c.Static {
		return nil
	}
	return a.spin.Tick
}

// Stop marks the work as done; the tick chain ends at its next tick.
func (a *Activity) Stop() { a.active = false }

// Active reports whether work is under way.
func (a *Activity) Active() bool { return a.active }

// Update advances the spinner on its own tick while active.
func (a *Activity) Update(msg tea.Msg) tea.Cmd {
	t, ok := msg.(spinner.TickMsg)
	if !ok || !a.active || a.c.Static || t.ID != a.spin.ID() {
		return nil
	}
	var cmd tea.Cmd
	a.spin, cmd = a.spin.Update(msg)
	return cmd
}

// Restart resumes ticking after the screen was hidden (its ticks were not
// delivered meanwhile).
func (a *Activity) Restart() tea.Cmd {
	if !a.active || a.c.Static {
		return nil
	}
	a.spin = a.c.newSpinner()
	return a.spin.Tick
}

// View is the spinner frame ("" when idle).
func (a *Activity) View() string {
	if !a.active {
		return ""
	}
	if a.c.Static {
		return a.c.Styles.Spinner.Render("*")
	}
	return a.spin.View()
}
