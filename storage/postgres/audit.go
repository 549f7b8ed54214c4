package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The audit trail (migrations 0013 and 0030): one hash chain for the whole
// database, with the bbolt ledger's canonical bytes (ledger.SealAudit), so
// that a trail verifies the same way whichever backend wrote it, and a
// migrated trail keeps its hashes.
//
// A change that is a ledger write (Begin, Settle, approvals, batches,
// shifts, PINs) appends its record inside its own transaction, but only to
// audit_queue: an insert numbered by a sequence, without touching the
// head, so the money commits of many processes never queue on the chain.
// The record is then sealed — given its number in the chain, its prev and
// its hash, and moved to audit — by sealTail, which runs under the lock of
// the head row: one sealer at a time across processes, chaining every
// record committed so far in queue order. A record's time and fields are
// fixed at its commit; only its place is given at the seal. A change rolled
// back takes its queued record with it; a seal rolled back leaves the
// records queued for the next one.
//
// Who seals: this handle's sealer goroutine after each of its writes that
// queued a record (coalesced: one seal chains many records), Open (what a
// process that died between its commit and its seal left), Close, and
// every reader of the trail first (AuditRange, AuditAt, VerifyAudit), so
// the trail read is complete up to the moment of reading. The order is
// causal: a record committed before another change began has the lower
// queue id and is sealed first — a transaction's "send" always comes
// before its "settle".

// auditQueued marks, for the write that carries it in its context, that a
// record was queued: the write kicks the sealer after its commit.
type auditQueued struct{ queued atomic.Bool }

type auditQueuedKey struct{}

// appendAudit queues e as an audit record of tx, at time now: it is in the
// trail when tx commits and is sealed (numbered and chained) right after.
// The record returned is not sealed yet: its Seq and Hash are zero.
func (db *DB) appendAudit(ctx context.Context, tx pgx.Tx, e ledger.AuditEntry, now time.Time) (ledger.AuditRecord, error) {
	st := db.queueAuditStmt(ctx, e, now)
	if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
		return ledger.AuditRecord{}, fmt.Errorf("postgres: audit record: %w", err)
	}
	return e.Record(0, now, ""), nil
}

// queueAuditStmt is the statement queuing e at time now for this handle's
// outlet, to run in the transaction of the change it records (a write:
// ctx is the write's, whose commit then kicks the sealer).
func (db *DB) queueAuditStmt(ctx context.Context, e ledger.AuditEntry, now time.Time) stmt {
	if q, ok := ctx.Value(auditQueuedKey{}).(*auditQueued); ok {
		q.queued.Store(true)
	}
	return stmt{`INSERT INTO audit_queue (id, at_ns, outlet_id, who, role, origin, action, ref, amount, detail)
		VALUES (nextval('audit_queue_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9)`, []any{
		ledger.NanosOf(now.UTC().Round(0)), db.outlet, e.Who, e.Role, e.From, e.Action, e.Ref, e.Amount, e.Detail}}
}

// sealBatch is how many queued records one statement of a seal chains.
const sealBatch = 1000

// sealTail locks the trail's head inside tx (one sealer at a time, across
// processes), chains every record queued and committed so far onto it in
// queue order, and returns the head after them. A missing head row is
// errNoHead and nothing is sealed (VerifyAudit names the break).
func sealTail(ctx context.Context, tx pgx.Tx) (seq uint64, hash string, err error) {
	if err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&seq, &hash); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, "", errNoHead
		}
		return 0, "", fmt.Errorf("postgres: audit head: %w", err)
	}
	for {
		// A statement of its own, after the lock: under READ COMMITTED it
		// sees every record committed until now, and none another sealer
		// already moved.
		rows, err := tx.Query(ctx, `SELECT id, at_ns, who, role, origin, action, ref, amount, detail, outlet_id
			FROM audit_queue ORDER BY id LIMIT $1`, sealBatch)
		if err != nil {
			return 0, "", err
		}
		var (
			ids, seqs, ats  []int64
			outlets, hashes []string
			bodies          [][]byte
		)
		for rows.Next() {
			var id, at int64
			var e ledger.AuditEntry
			var outlet string
			if err := rows.Scan(&id, &at, &e.Who, &e.Role, &e.From, &e.Action, &e.Ref, &e.Amount, &e.Detail, &outlet); err != nil {
				rows.Close()
				return 0, "", err
			}
			seq++
			body, h, err := ledger.SealAudit(e.Record(seq, ledger.TimeOfNanos(at), hash))
			if err != nil {
				rows.Close()
				return 0, "", err
			}
			hash = h
			ids, seqs, ats = append(ids, id), append(seqs, int64(seq)), append(ats, at)
			outlets, hashes, bodies = append(outlets, outlet), append(hashes, h), append(bodies, body)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, "", err
		}
		if len(ids) == 0 {
			return seq, hash, nil
		}
		if _, err := execAll(ctx, tx,
			stmt{`INSERT INTO audit (seq, at_ns, outlet_id, hash, body)
				SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::BYTEA[])`,
				[]any{seqs, ats, outlets, hashes, bodies}},
			stmt{`DELETE FROM audit_queue WHERE id = ANY($1::BIGINT[])`, []any{ids}},
			stmt{`UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, []any{int64(seq), hash}},
		); err != nil {
			return 0, "", fmt.Errorf("postgres: seal audit records: %w", err)
		}
		if len(ids) < sealBatch {
			return seq, hash, nil
		}
	}
}

// errNoHead: the trail's head row is gone (VerifyAudit reports it).
var errNoHead = errors.New("postgres: the audit trail's head is missing")

// seal chains the queued records in a commit of its own (see sealTail);
// a missing head seals nothing and is not an error here.
func (db *DB) seal(ctx context.Context) error {
	err := db.retry(ctx, func(tx pgx.Tx) error {
		_, _, err := sealTail(ctx, tx)
		return err
	})
	if errors.Is(err, errNoHead) {
		return nil
	}
	return db.wrap(err)
}

// sealNow is seal bounded by the call timeout, for the readers of the
// trail.
func (db *DB) sealNow() error {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return err
	}
	defer cancel()
	return db.seal(ctx)
}

// sealRetry is how long the sealer waits after a seal that failed (the
// database away) before trying again.
const sealRetry = time.Second

// sealGather is how long the sealer lets records gather after a kick
// before it seals them all in one commit. Nobody waits for a seal (a
// reader seals for itself), so this costs no caller anything, and under
// load it makes one seal of many records instead of one per record.
const sealGather = 100 * time.Millisecond

// runSealer seals after every kick (kicks that come while it gathers or
// seals make one more), and again after a failure until it succeeds, until
// stop is closed.
func (db *DB) runSealer(kick <-chan struct{}, stop <-chan struct{}) {
	var retry <-chan time.Time
	for {
		select {
		case <-stop:
			return
		case <-kick:
			select {
			case <-stop:
				return
			case <-time.After(sealGather):
			}
		case <-retry:
		}
		retry = nil
		ctx, cancel := context.WithTimeout(context.Background(), db.timeout)
		if err := db.seal(ctx); err != nil && !db.closed.Load() {
			retry = time.After(sealRetry)
		}
		cancel()
	}
}

// kickSeal asks the sealer for a seal (never blocks: a kick pending is
// enough).
func (db *DB) kickSeal() {
	select {
	case db.sealKick <- struct{}{}:
	default:
	}
}

// appendAuditAt chains e directly onto the head inside tx, at time now, for
// outlet (the record's outlet column): for a caller that sealed the queue
// in tx first (sealTail) and wants the record's place and hash now.
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
	if _, err := execAll(ctx, tx,
		stmt{`INSERT INTO audit (seq, at_ns, outlet_id, hash, body) VALUES ($1, $2, $3, $4, $5)`,
			[]any{int64(r.Seq), ledger.NanosOf(r.At), outlet, hash, body}},
		stmt{`UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, []any{int64(r.Seq), hash}},
	); err != nil {
		return ledger.AuditRecord{}, err
	}
	r.Hash = hash
	return r, nil
}

// AppendAudit appends one record in its own commit: for actions that are
// not a ledger write themselves (a login, a failed PIN, a lock, a reprint,
// a change of operators or settings). The records queued before it are
// sealed first, and it is chained at once: the record returned has its
// number and hash.
func (db *DB) AppendAudit(e ledger.AuditEntry) (ledger.AuditRecord, error) {
	var out ledger.AuditRecord
	err := db.write(func(ctx context.Context, tx pgx.Tx) (err error) {
		if _, _, err := sealTail(ctx, tx); err != nil {
			return err
		}
		out, err = appendAuditAt(ctx, tx, db.outlet, e, db.nowUTC())
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
// order they were appended (the queued ones sealed first). Records are not
// verified here (VerifyAudit).
func (db *DB) AuditRange(from, to time.Time, fn func(ledger.AuditRecord) error) error {
	if err := db.sealNow(); err != nil {
		return err
	}
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
// a trail shorter than its head says. The records queued when it is called
// are sealed first, so it covers every record committed until then; it
// reads one snapshot (REPEATABLE READ), so appends by other processes
// meanwhile do not break it.
func (db *DB) VerifyAudit() (n uint64, err error) {
	if err := db.sealNow(); err != nil {
		return 0, err
	}
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
// The records queued when it is called are sealed first.
func (db *DB) AuditAt(seq uint64) (ledger.AuditRecord, error) {
	if err := db.sealNow(); err != nil {
		return ledger.AuditRecord{}, err
	}
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
