package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The audit trail (migration 0013): one hash chain for the whole database,
// with the bbolt ledger's canonical bytes (ledger.SealAudit), so that a
// trail verifies the same way whichever backend wrote it, and a migrated
// trail keeps its hashes.
//
// Appends from every process are serialized by the head row: appendAudit
// locks it (SELECT … FOR UPDATE) inside the transaction of the change it
// records, so two appends never take the same number or the same Prev, and
// a change rolled back takes its record with it. The head row is the last
// lock such a transaction takes (after the deposit row and any shift,
// approval or batch row), so the order of locks is the same everywhere.

// appendAudit appends e to the chain inside tx, at time now.
func (db *DB) appendAudit(ctx context.Context, tx pgx.Tx, e ledger.AuditEntry, now time.Time) (ledger.AuditRecord, error) {
	return appendAuditAt(ctx, tx, db.outlet, e, now)
}

// appendAuditAt is appendAudit for outlet (the record's outlet column).
func appendAuditAt(ctx context.Context, tx pgx.Tx, outlet string, e ledger.AuditEntry, now time.Time) (ledger.AuditRecord, error) {
	var seq uint64
	var prev string
	if err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&seq, &prev); err != nil {
		return ledger.AuditRecord{}, fmt.Errorf("postgres: audit head: %w", err)
	}
	r := e.Record(seq+1, now, prev)
	body, hash, err := ledger.SealAudit(r)
	if err != nil {
		return ledger.AuditRecord{}, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit (seq, at_ns, outlet_id, hash, body) VALUES ($1, $2, $3, $4, $5)`,
		int64(r.Seq), nanosOf(r.At), outlet, hash, body); err != nil {
		return ledger.AuditRecord{}, err
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, int64(r.Seq), hash); err != nil {
		return ledger.AuditRecord{}, err
	}
	r.Hash = hash
	return r, nil
}

// AppendAudit appends one record in its own commit: for actions that are
// not a ledger write themselves (a login, a failed PIN, a lock, a reprint,
// a change of operators or settings).
func (db *DB) AppendAudit(e ledger.AuditEntry) (ledger.AuditRecord, error) {
	var out ledger.AuditRecord
	err := db.write(func(ctx context.Context, tx pgx.Tx) (err error) {
		out, err = db.appendAudit(ctx, tx, e, db.nowUTC())
		return err
	})
	return out, err
}

// RecordSettings appends a "settings" record of e (its Detail the settings
// that matter, as text) when they differ from the last one recorded, in one
// commit; changed says whether it did. Processes starting at once with the
// same settings record them once.
func (db *DB) RecordSettings(e ledger.AuditEntry) (changed bool, err error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return false, err
	}
	var last *string
	err = db.pool.QueryRow(ctx, `SELECT settings FROM audit_head WHERE id = 1`).Scan(&last)
	cancel()
	if err != nil || (last != nil && *last == e.Detail) { // most starts change nothing: no commit
		return false, db.wrap(err)
	}
	err = db.write(func(ctx context.Context, tx pgx.Tx) error {
		changed = false
		var last *string
		// The head's lock, taken here before appendAudit takes it again,
		// makes the comparison and the append one step.
		if err := tx.QueryRow(ctx, `SELECT settings FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&last); err != nil {
			return err
		}
		if last != nil && *last == e.Detail {
			return nil
		}
		e.Action = "settings"
		if _, err := db.appendAudit(ctx, tx, e, db.nowUTC()); err != nil {
			return err
		}
		changed = true
		_, err := tx.Exec(ctx, `UPDATE audit_head SET settings = $1 WHERE id = 1`, e.Detail)
		return err
	})
	return changed, err
}

// AuditRange calls fn with each record whose time is in [from, to), in the
// order they were appended. Records are not verified here (VerifyAudit).
func (db *DB) AuditRange(from, to time.Time, fn func(ledger.AuditRecord) error) error {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return err
	}
	defer cancel()
	rows, err := db.pool.Query(ctx, `SELECT body FROM audit WHERE at_ns >= $1 AND at_ns < $2 ORDER BY seq`, rangeNanos(from), rangeNanos(to))
	if err != nil {
		return db.wrap(err)
	}
	defer rows.Close()
	var recs []ledger.AuditRecord
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return db.wrap(err)
		}
		r, err := ledger.ParseAudit(body)
		if err != nil {
			continue // as bbolt: a record that does not parse is VerifyAudit's to report
		}
		recs = append(recs, r)
	}
	if err := rows.Err(); err != nil {
		return db.wrap(err)
	}
	rows.Close()
	for _, r := range recs { // fn may call the ledger: not while the rows hold a connection
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// VerifyAudit walks the whole audit trail from its first record and returns
// how many records verify, or an *ledger.AuditBrokenError naming the first
// record whose bytes do not hash to what is stored, whose "prev" is not the
// hash of the record before, whose number is not the next, or, at the end,
// a trail shorter than its head says. It reads one snapshot (REPEATABLE
// READ), so appends by other processes meanwhile do not break it.
func (db *DB) VerifyAudit() (n uint64, err error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return 0, err
	}
	defer cancel()
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var headSeq uint64
		var headHash string
		headMissing := false
		if err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				headSeq, headHash, headMissing = 0, "", true
			} else {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT seq, hash, body FROM audit ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		prev := ""
		var want uint64 = 1
		for rows.Next() {
			var seq int64
			var stored string
			var body []byte
			if err := rows.Scan(&seq, &stored, &body); err != nil {
				return err
			}
			if uint64(seq) != want {
				return &ledger.AuditBrokenError{Seq: want, Code: ledger.AuditRecordMissing, N: uint64(seq), Reason: fmt.Sprintf("record %d is missing (the next is %d)", want, seq)}
			}
			if ledger.AuditHash(body) != stored {
				return &ledger.AuditBrokenError{Seq: want, Code: ledger.AuditChanged, Reason: "its bytes do not match its hash (the record was changed)"}
			}
			r, err := ledger.ParseAudit(body)
			if err != nil {
				be := &ledger.AuditBrokenError{Code: ledger.AuditUnparsable, Reason: err.Error()}
				errors.As(err, &be)
				be.Seq = want
				return be
			}
			if err := r.Follows(want, prev); err != nil {
				return err
			}
			prev = r.Hash
			n = want
			want++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if headMissing && n > 0 {
			return &ledger.AuditBrokenError{Seq: n, Code: ledger.AuditHeadMissing, Reason: "the head of the trail is missing"}
		}
		if headSeq != n || headHash != prev {
			return &ledger.AuditBrokenError{Seq: min(headSeq, n+1), Code: ledger.AuditHeadDiffers, N: headSeq, Reason: fmt.Sprintf("the trail ends at record %d but its head says %d", n, headSeq)}
		}
		return nil
	})
	if err != nil {
		return 0, db.wrap(err)
	}
	return n, nil
}

// AuditAt returns record seq of the audit trail (0: the last; none yet is
// the zero record), its stored hash checked against its bytes, or an
// *ledger.AuditBrokenError when it is not there (AuditAnchorMissing, N the
// records there are) or does not verify — as the bbolt ledger's AuditAt.
func (db *DB) AuditAt(seq uint64) (ledger.AuditRecord, error) {
	var r ledger.AuditRecord
	err := db.withCtx(func(ctx context.Context) error {
		var last int64
		if err := db.pool.QueryRow(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&last); err != nil {
			return err
		}
		if seq == 0 {
			if last == 0 {
				return nil
			}
			seq = uint64(last)
		}
		var hash string
		var body []byte
		err := db.pool.QueryRow(ctx, `SELECT hash, body FROM audit WHERE seq = $1`, int64(seq)).Scan(&hash, &body)
		if errors.Is(err, pgx.ErrNoRows) {
			return &ledger.AuditBrokenError{Seq: seq, Code: ledger.AuditAnchorMissing, N: uint64(last),
				Reason: fmt.Sprintf("record %d is not there (the head is record %d)", seq, last)}
		}
		if err != nil {
			return err
		}
		if ledger.AuditHash(body) != hash {
			return &ledger.AuditBrokenError{Seq: seq, Code: ledger.AuditChanged, Reason: "its bytes do not match its hash (the record was changed)"}
		}
		if r, err = ledger.ParseAudit(body); err != nil {
			be := &ledger.AuditBrokenError{Code: ledger.AuditUnparsable, Reason: err.Error()}
			errors.As(err, &be)
			be.Seq = seq
			return be
		}
		return nil
	})
	return r, err
}
