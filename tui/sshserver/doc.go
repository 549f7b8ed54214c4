// Package sshserver serves the cashier TUI to operators over SSH with
// charmbracelet/wish: one process, one cashier.Service and one ledger, a
// session per operator connecting with a plain ssh client.
//
// Operators log in with a public key listed in an OpenSSH authorized_keys
// file; the key's comment is the operator's name (shown in the header,
// stored on each transaction, printed on receipts). Nothing else logs in:
// no passwords, no keyboard-interactive, no unknown key; an unknown key is
// refused before any session starts. The file is re-read when it changes; a
// bad line is skipped and logged, the good lines keep working.
//
// Each session draws with the shared theme of its colour profile and
// background (tui.ThemeFor), has its own window size (clamped to
// tui.MaxWidth × tui.MaxHeight) with live resize, a frame writer that sleeps
// until its frame changes and writes only the changed lines, and an idle
// timeout that never ends a session with a transaction in flight. All
// sessions share one tui.Feed of the service's events. A session without a
// PTY, or with a command, gets a message saying how to connect. The server
// limits sessions at once, per operator and per connection, connections
// open at once and per remote address a minute, and the time from connect
// to session start; it refuses (and logs) every channel and request but a
// terminal session's; a removed key ends its sessions; a panic in a session
// is recovered and logged. Shutdown stops accepting, tells every session,
// and lets each record its transaction in flight before it ends.
package sshserver
