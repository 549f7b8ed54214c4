package screens

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Screen is one page of the cashier: it lists the keys that work on it
// (help.KeyMap), lays itself out in the body area the shell gives it
// (SetSize: the size flows one way, shell → screen), and answers each
// message with what it wants next (a Next: stay, or a navigation step) and
// a command. The shell owns everything screens share; a screen owns only
// its own state.
type Screen interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) (Next, tea.Cmd)
	View() string
	// SetSize gives the screen the size of the body area (the terminal
	// less header and footer).
	SetSize(width, height int)
}

// TxnFollower is a Screen that shows transactions as they change: the shell
// hands it every transaction event (TxnMsg), and none to other screens.
type TxnFollower interface {
	FollowsTxns()
}

// OneTxnFollower is a TxnFollower that shows the changes of one transaction
// only: the shell hands it only that transaction's events, and no other
// session's top up wakes it. FollowedRef names it; "" while the screen
// shows none yet (no event reaches it then: a screen that learns its
// reference re-reads it, as Result does after its call's answer).
type OneTxnFollower interface {
	TxnFollower
	FollowedRef() string
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

// Sender sends a confirmed order for a screen. The shell implements it: it
// counts the call as in flight from the moment Send is called until the
// call's ExecutedMsg comes back, so that quitting waits for it — the count
// has one owner, and screens never see it.
type Sender interface {
	Send(id int, o cashier.Order) tea.Cmd
}

// Common is the environment every screen of one session is given: the
// service, the session's context, language, styles, keys, clock and who
// works. It is passed by value and never changes once the shell built it
// (another operator unlocking the counter gets a new Common and new
// screens). What changes while the session runs — the size, the deposit,
// the calls in flight — is the shell's, and reaches a screen as SetSize and
// messages.
type Common struct {
	Ctx    context.Context // the session's; ends its subscriptions
	Svc    *cashier.Service
	Cat    *i18n.Catalog
	Styles *Styles
	Keys   *KeyMap // shared by the session's screens, read only
	// Sender sends money (the shell's; see Sender). Nil: sending is
	// refused with an error (tests of screens that never send).
	Sender Sender

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
}

// now is the screen clock.
func (c Common) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// newRequest is an idle request in the session's style.
func (c Common) newRequest() components.Request { return components.NewRequest(c.Styles, c.Static) }

// area is the body area a screen was given (embedded: it is the screen's
// SetSize).
type area struct{ width, height int }

// SetSize records the size of the body area.
func (a *area) SetSize(w, h int) { a.width, a.height = w, h }
