// Package tui is the cashier's shell: the root Bubble Tea model that routes
// between the screens of package screens, draws the header (outlet,
// operator, available deposit, environment badge) and the footer (the keys
// of the screen shown), follows the cashier service's events, and makes
// sure that quitting never loses a transaction in flight.
//
// New builds the model for any terminal (the local one through Run, or an
// SSH session with its own renderer and context); Run runs it on a local
// terminal.
package tui
