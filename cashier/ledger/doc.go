// Package ledger is what a ledger backend and the cashier share: the
// records a ledger keeps (transactions, the deposit mirror, shifts,
// approvals, batches, the audit trail), their states and the pure rules on
// them (validation, search terms, the audit hash chain), the sentinel
// errors every backend returns for the same conditions, and the Ledger
// interface the cashier needs.
//
// It imports only the standard library. The cashier (package cashier)
// depends on it and on nothing that stores; the embedded bbolt ledger
// (package storage) and the shared PostgreSQL ledger (storage/postgres)
// implement Ledger in its terms. Because the errors are these values, not
// copies, errors.Is(err, ledger.ErrNotFound) holds whichever backend
// returned err.
package ledger
