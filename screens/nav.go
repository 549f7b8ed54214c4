package screens

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
)

// PushMsg asks the shell to show Screen above the current one (Esc comes
// back). The shell sizes it and runs its Init.
type PushMsg struct{ Screen Screen }

// ReplaceMsg asks the shell to show Screen instead of the current one (Esc
// will not come back to the replaced screen).
type ReplaceMsg struct{ Screen Screen }

// BackMsg asks the shell to close the current screen and show the one below.
type BackMsg struct{}

// HomeMsg asks the shell to go back to the menu, closing every screen; with
// Then set, Then is opened above the menu (e.g. the next customer's phone).
type HomeMsg struct{ Then Screen }

// QuitMsg is the operator asking to leave the cashier (q on the menu). The
// shell asks first when a transaction is in flight.
type QuitMsg struct{}

// TxnMsg carries a transaction as now stored, from the service's events;
// the shell hands it to the screen on top.
type TxnMsg struct{ Txn cashier.Txn }

// DepositMsg carries the deposit mirror after it changed.
type DepositMsg struct{ Deposit cashier.Deposit }

// ExecutedMsg is the end of a money call started with Common.Execute: the
// result as recorded, or the error that kept anything from being sent. ID
// is the request id the call was started with.
type ExecutedMsg struct {
	ID     int
	Result cashier.Result
	Err    error
}

// Navigation happens in the same Update that asks for it: a screen calls
// one of these methods, which queues the step for the shell (TakeNav) and
// returns nil. A key typed right after the one that opened a screen so
// always reaches the new screen.

// Push opens s above the current screen.
func (c *Common) Push(s Screen) tea.Cmd { return c.queue(PushMsg{Screen: s}) }

// Replace shows s instead of the current screen.
func (c *Common) Replace(s Screen) tea.Cmd { return c.queue(ReplaceMsg{Screen: s}) }

// Back closes the current screen.
func (c *Common) Back() tea.Cmd { return c.queue(BackMsg{}) }

// Home returns to the menu, then opens then (may be nil).
func (c *Common) Home(then Screen) tea.Cmd { return c.queue(HomeMsg{Then: then}) }

// Quit asks to leave the cashier.
func (c *Common) Quit() tea.Cmd { return c.queue(QuitMsg{}) }

func (c *Common) queue(msg tea.Msg) tea.Cmd {
	c.nav = append(c.nav, msg)
	return nil
}

// TakeNav returns the navigation steps queued since the last call, in order.
func (c *Common) TakeNav() []tea.Msg {
	n := c.nav
	c.nav = nil
	return n
}
