// Package postgres is the shared ledger: the cashier's Ledger on PostgreSQL
// (through pgx), for a chain whose outlets and serve processes share one
// database and one merchant deposit.
//
// Every write is one database transaction committed with synchronous
// commit before the method returns, so Begin's pending record is durable
// before a byte goes to OVO. The deposit reservation is a conditional
// UPDATE of the one deposit row (Available, the row plus what settles added
// to its shard rows, covers the amount), so the mirror never goes below
// zero however many processes reserve at once; a settle only adds to a
// shard row, and a handle's Begins that arrive together share one commit
// (deposit.go, begin.go). Audit records are queued in the commit of the
// change they record and chained after it by one sealer at a time
// (audit.go).
// References and receipt numbers come from database sequences: unique
// across every process and outlet without coordination. Transactions that
// the database aborts as serialization failures or deadlocks (40001,
// 40P01) are retried whole; any other error is returned, and nothing of
// the transaction was committed unless the commit itself was cut off (then
// the outcome is settled by status later, as after a crash).
//
// The schema is in versioned migrations (migrations/NNNN_name.sql)
// applied at Open in one transaction under an advisory lock; a database
// whose schema is newer than this program is refused. Migration numbers
// 0001–0009 are the core (transactions, deposit, leases), 0010–0019
// shifts, approvals, batches, audit and outlets, 0030–0039 the audit queue
// and the deposit's shards.
//
// Times are stored as Unix nanoseconds (BIGINT) so a transaction reads
// back exactly as written, as with the bbolt ledger.
package postgres
