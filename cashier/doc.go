// Package cashier is the UI-free core of ovocashier: the top up and disburse
// flow, local deposit control, and reconciliation of unknown outcomes. Every
// front end (the TUI, each SSH session, the CLI) goes through one Service.
//
// The money-safe flow (DESIGN.md):
//
//  1. Inquiry: the customer's name, fee and limits from OVO.
//  2. Execute: in one ledger commit the amount is reserved against the
//     deposit mirror and the transaction is written as pending with its
//     partnerReferenceNo and X-EXTERNAL-ID; only then is the top up sent.
//  3. The outcome is recorded in one commit: success, failed (a definite
//     refusal), or unknown (timeout, network, 5xx, 202, 409xx01).
//  4. Unknown and pending transactions are settled by topup-status with the
//     same reference, in the background and on start-up. A transaction is
//     never sent a second time.
package cashier
