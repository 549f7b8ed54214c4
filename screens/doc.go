// Package screens holds one Bubble Tea model per screen of the cashier: the
// menu, the top up journey (phone, amount, checkout, processing and result),
// the disbursement journey (form, confirmation, result), status checks, the
// deposit, history and its details, the receipt view, the production
// confirmation and the "terminal too small" notice.
//
// Screens share one Common (size, styles, keys, catalog, service). They
// never do I/O in Update: every call to the cashier service runs in a
// tea.Cmd, and its result comes back as a message tagged with the request id
// (or transaction reference) it answers, so a late answer never lands on the
// wrong screen. Screens move between each other with the navigation messages
// of nav.go, which the shell in package tui routes.
package screens
