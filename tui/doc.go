// Package tui is the cashier's shell: the root Bubble Tea model that routes
// between the screens of package screens, draws the header (outlet,
// operator, available deposit, environment badge) and the footer (the keys
// of the screen shown), follows the cashier service's events, and makes
// sure that quitting never loses a transaction in flight.
//
// The shell owns what changes while a session runs: the size (given to the
// screen on top through SetSize), the deposit shown (given as a DepositMsg
// when it changes and as a screen is shown), the stack of screens (moved by
// the Next each screen's Update returns) and the money calls in flight
// (counted by the Sender it gives the screens; InFlight, the InFlighter
// interface, is what a server asks before it ends a session). Screens get
// an immutable screens.Common and own only their own state.
//
// A session draws a frame only when something on it changed: the service's
// events reach it through a Feed that keeps only what it shows (NewFeed,
// one per process), and its styles come from a Theme shared by every
// session of the same colour profile (ThemeFor). Sizes are clamped
// (ClampSize).
//
// New builds the model for any terminal (the local one through Run, or an
// SSH session with its own renderer and context); Run runs it on a local
// terminal.
package tui
