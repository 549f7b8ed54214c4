package screens

import (
	"github.com/ovocashier/ovocashier/cashier"
)

// Next is what a screen wants after a message, returned from its Update in
// the same call (so a key typed right after the one that opened a screen
// always reaches the new screen: nothing is queued). The zero Next (Stay)
// keeps the screen.
type Next struct {
	Step   Step
	Screen Screen // the screen to show (Push, Replace), or to open above the menu (Home; may be nil)
}

// Step is a kind of navigation.
type Step int

// The navigation steps.
const (
	StepStay    Step = iota // nothing: the screen stays
	StepPush                // show Screen above the current one (Esc comes back)
	StepReplace             // show Screen instead of the current one
	StepBack                // close the current screen
	StepHome                // back to the menu, closing every screen, then open Screen (if any)
	StepQuit                // the operator asks to leave (asked first when a call is in flight)
)

// Stay is the Next of a screen that stays.
var Stay = Next{}

// Push opens s above the current screen; the shell sizes it and runs its Init.
func Push(s Screen) Next { return Next{Step: StepPush, Screen: s} }

// Replace shows s instead of the current screen (Esc will not come back).
func Replace(s Screen) Next { return Next{Step: StepReplace, Screen: s} }

// Back closes the current screen and shows the one below.
func Back() Next { return Next{Step: StepBack} }

// Home returns to the menu, closing every screen, then opens then (may be nil).
func Home(then Screen) Next { return Next{Step: StepHome, Screen: then} }

// Quit asks to leave the cashier.
func Quit() Next { return Next{Step: StepQuit} }

// QuitMsg is the operator asking to leave the cashier from outside a screen
// (a test, a signal): the shell treats it as Quit.
type QuitMsg struct{}

// TxnMsg carries a transaction as now stored, from the service's events;
// the shell hands it to the screen on top.
type TxnMsg struct{ Txn cashier.Txn }

// DepositMsg carries the deposit mirror: the shell hands it to the screen on
// top when it changes, and to a screen as it is shown. Known is false for a
// mirror never read from OVO (it says nothing about the deposit).
type DepositMsg struct{ Deposit cashier.Deposit }

// Known reports whether the deposit was ever read from OVO.
func (m DepositMsg) Known() bool { return !m.Deposit.RefreshedAt.IsZero() }

// ExecutedMsg is the end of a money call started with Sender.Send: the
// result as recorded, or the error that kept anything from being sent. ID
// is the request id the call was started with.
type ExecutedMsg struct {
	ID     int
	Result cashier.Result
	Err    error
}

// Reply is the id of the money call it answers (components.Reply).
func (m ExecutedMsg) Reply() int { return m.ID }
