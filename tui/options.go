package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
)

// Options configure one cashier session.
type Options struct {
	// Service is the cashier every session of the process shares. Required.
	Service *cashier.Service
	// Operator and Outlet are shown in the header; Operator is recorded on
	// every transaction this session sends.
	Operator, Outlet string
	// EnvLabel is the environment badge: "SANDBOX", "STAGING",
	// "PRODUCTION"… Empty means "SANDBOX" when Sandbox, else no badge.
	EnvLabel string
	// Sandbox is true on the built-in sandbox (or any non-OVO host).
	Sandbox bool
	// Production makes the session start with a confirmation that real
	// money moves (type YES), once per session.
	Production bool
	// Lang is "id" (default) or "en".
	Lang string
	// Renderer draws every style; nil means lipgloss.DefaultRenderer().
	// Over SSH: the session's renderer (bubbletea.MakeRenderer(sess)).
	Renderer *lipgloss.Renderer
	// Theme, when set, is the shared renderer and styles of the session's
	// colour profile (ThemeFor) and Renderer is not used: sessions with
	// the same profile share one set of styles.
	Theme *Theme
	// Context is the session's: when it ends, the session quits (after any
	// transaction in flight is recorded) and its subscription stops. Nil
	// means context.Background().
	Context context.Context
	// SSH is true over SSH: Ctrl+Z never suspends.
	SSH bool
	// Feed carries the service's events; one Feed serves every session of
	// a process. Nil: the session makes (and closes) its own.
	Feed *Feed

	// ReceiptDir, when set, lets the cashier save receipts as text files
	// there (key s), whatever printer is configured.
	ReceiptDir string
	// AutoPrint prints the customer's and the merchant's copy of every
	// success (screens.Common.AutoPrint).
	AutoPrint bool
	// Static turns animation off: the spinner shows one still frame (dumb
	// terminals, golden tests).
	Static bool
	// Now is the clock of the screens; time.Now when nil.
	Now func() time.Time

	// Role and From are who the operator is and where from (an SSH key's
	// role and fingerprint; at the counter, set by the lock): the limits
	// and the audit trail use them. Lock starts the counter locked, asking
	// for an operator and PIN from the service's operators file; it locks
	// again after IdleLock without a key (0: never) or on Ctrl+L (lock.go).
	Role     cashier.Role
	From     string
	Lock     bool
	IdleLock time.Duration
}
