// Package ovo is the cashier's port to OVO: what the cashier asks of OVO and
// what it is told, in the cashier's terms, with no wire format and no
// dependency beyond the standard library.
//
// It holds the vocabulary every layer shares: the typed reasons of SNAP's
// response codes (Reason, Code), the transaction statuses of topup-status,
// the error of a call (Error: HTTP status, SNAP code, reason, and whether the
// outcome is unknown), OVO's phone number rules (NormalizePhone), the
// X-EXTERNAL-ID source and the Asia/Jakarta zone of SNAP's timestamps.
//
// The SNAP BI client (package ovoclient) implements the port; the cashier
// never imports it. Front ends read reasons and statuses from here and word
// them in their own catalog.
package ovo
