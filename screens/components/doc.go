// Package components holds the reusable pieces the screens are built
// from, the bubbles way: each is a small value with its own state, its own
// KeyMap (the bindings it matches are the bindings its help shows) and a
// View that draws into the width it is given.
//
//   - Request: one asynchronous call a screen waits for — the id its answer
//     must carry (a late answer to an earlier call is stale and dropped), a
//     spinner while it runs, and the error banner of its failure.
//   - List: a cursor over rows, or a window over lines (a viewport), moved
//     by the bindings of its ListKeyMap.
//   - Field: a one-line input with its FieldKeyMap.
//   - Styles: every style the screens and the shell draw with, built once
//     per colour profile; and the text helpers (Wrap, Cut, Paragraph,
//     Banner, Hint) that lay words out in a width.
//
// Components import no package of ovocashier: they know nothing of money,
// OVO or the ledger.
package components
