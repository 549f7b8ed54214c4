// Package storage is ovocashier's durable ledger: every transaction, its
// state machine, the mirror of the merchant deposit, the durable sequences
// that number references and receipts, and the queries over them, kept in one
// bbolt file owned by one process. It is the embedded adapter of the
// cashier's ledger port: *DB implements cashier/ledger.Ledger, and the
// records, states and errors it speaks of are that package's (records.go
// keeps their storage names as aliases); what is bbolt's own (buckets, keys,
// the binary codec, the file lock, checks and backups) stays here.
//
// # Promises
//
//   - A write API (Begin, Settle, NoteCheck, SetBalance) returns only after
//     its change is committed (fsync'd unless Options.NoSync); a returned
//     error means nothing of that call was written.
//   - Begin is one commit and Settle is one commit: a transaction's normal
//     life costs exactly two commits.
//   - Deposit.Reserved always equals the sum of the amounts of the open
//     (pending or unknown) transactions plus what approved batches hold for
//     their rows not sent yet (batch.go), and no Begin can make the reserved
//     amount exceed the mirrored balance, whatever the number of concurrent
//     callers. Balance, Reserved and Available are never negative.
//   - A final transaction (success or failed) never changes again.
//   - PartnerReferenceNo values are 30 digits (yyyyMMdd, a random 12-digit
//     installation id, a 10-digit sequence) and never repeat across restarts;
//     ledgers of different installations sharing an OVO merchant account
//     differ by installation id (a copied ledger file does not: never run
//     two copies of one ledger). Receipt numbers are "R" + 8 digits, sequential.
//   - History pages cost what the page costs, not what the ledger holds.
//
// # Layout
//
// Buckets (all keys and values are bytes; integers are 8-byte big-endian):
//
//	meta         schema_version, installation_id, created_at, seq_ref, seq_receipt
//	txns         txnKey(partnerReferenceNo) → Txn, compact binary (codec.go; older values JSON)
//	idx_time     UnixNano(CreatedAt) ‖ refKey → nil
//	idx_phone    customerNumber ‖ 0x00 ‖ UnixNano(CreatedAt) ‖ refKey → nil
//	idx_receipt  receiptNo → uvarint(sequence) ‖ uvarint(day) of ref, or ref as text
//	open         ref → nil, for every pending or unknown transaction
//	deposit      balance, reserved, uncertain, refreshed_at, debited, reading_seq
//
// refKey is the 5-byte big-endian sequence of the reference when it is one
// this installation made (schema 5; the reference is rebuilt from it, the
// day of CreatedAt and the installation id), else the reference as text
// (keys written before schema 5); txnKey is likewise the sequence and a
// 2-byte day, or the reference as text. See keys.go. The audit trail's
// buckets are described in audit.go, the search index's in search.go.
//
// # Writes
//
// All writes go through one committer goroutine (see commit.go): a lone
// writer is committed at once, while writers that arrive together share one
// bbolt commit (group commit), and one writer's failure never affects another.
package storage
