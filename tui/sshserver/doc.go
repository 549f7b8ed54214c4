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
// Each session has its own renderer and colour profile (styles are built
// from it), its own window size with live resize, and an idle timeout that
// never ends a session with a transaction in flight. A session without a
// PTY, or with a command, gets a message saying how to connect. The server
// limits sessions at once, connections per remote address a minute, and the
// time from connect to session start; a panic in a session is recovered and
// logged. Shutdown stops accepting, tells every session, and lets each
// record its transaction in flight before it ends.
package sshserver
