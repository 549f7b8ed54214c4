package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// The audit trail (issue 14): every action that changes money or access is
// one record, appended in the same commit as the change where the change is
// a ledger write (Begin, Settle, shifts, approvals), and chained by
// SHA-256 to the record before it.
//
// Buckets (created by the first record):
//
//	audit       8-byte sequence → check ‖ body, body the record's canonical bytes (ledger.SealAudit:
//	            the binary form since schema 5, JSON before; both are read)
//	audit_head  "head" → 8-byte sequence ‖ SHA-256 of the last record
//
// The check is the first 4 bytes of the body's SHA-256 (schema 5; the
// whole 32 before, and such values are still read: AuditBody). A record's
// body names the whole hash of the record before it ("prev"), so changing
// a byte of any record breaks its own check, a record rewritten with a
// fresh check breaks the next record's "prev", and removing one breaks the
// sequence and the next record's "prev"; removing or rewriting the last is
// seen against the head, which keeps the whole hash. The check is not
// what makes the trail trustworthy (whoever can rewrite a record can
// compute its check, as they could its whole hash): the chain of whole
// hashes, the head and the anchors are; the check only names a record
// whose bytes changed. Its 4 bytes instead of 32 save 28 bytes a record.
var (
	bucketAudit     = []byte("audit")
	bucketAuditHead = []byte("audit_head")
	keyAuditHead    = []byte("head")
)

// AppendAudit appends one record in its own commit: for actions that are
// not a ledger write themselves (a login, a failed PIN, a lock, a reprint,
// a change of operators or settings).
func (db *DB) AppendAudit(e AuditEntry) (AuditRecord, error) {
	var out AuditRecord
	err := db.write(func(tx *bolt.Tx) (err error) {
		out, err = appendAudit(tx, e, db.nowUTC())
		return err
	})
	return out, err
}

// appendAudit appends e to the chain inside tx.
func appendAudit(tx *bolt.Tx, e AuditEntry, now time.Time) (AuditRecord, error) {
	b, err := tx.CreateBucketIfNotExists(bucketAudit)
	if err != nil {
		return AuditRecord{}, err
	}
	hb, err := tx.CreateBucketIfNotExists(bucketAuditHead)
	if err != nil {
		return AuditRecord{}, err
	}
	var seq uint64
	prev := ""
	if h := hb.Get(keyAuditHead); len(h) == 8+sha256.Size {
		seq = getU64(h[:8])
		prev = hex.EncodeToString(h[8:])
	}
	seq++
	r := e.Record(seq, now, prev)
	body, hash, err := ledger.SealAudit(r)
	if err != nil {
		return AuditRecord{}, err
	}
	sum := sha256.Sum256(body)
	if err := b.Put(u64(seq), append(append(make([]byte, 0, auditCheck+len(body)), sum[:auditCheck]...), body...)); err != nil {
		return AuditRecord{}, err
	}
	if err := hb.Put(keyAuditHead, append(u64(seq), sum[:]...)); err != nil {
		return AuditRecord{}, err
	}
	r.Hash = hash
	return r, nil
}

// VerifyAudit walks the whole audit trail from its first record and returns
// how many records verify, or an *AuditBrokenError naming the first record
// whose bytes do not hash to what is stored, whose "prev" is not the hash of
// the record before, whose number is not the next, or, at the end, a trail
// shorter than its head says.
func (db *DB) VerifyAudit() (n uint64, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		var head []byte
		if hb := tx.Bucket(bucketAuditHead); hb != nil {
			head = hb.Get(keyAuditHead)
		}
		if b == nil {
			if head != nil {
				return &AuditBrokenError{Seq: 1, Code: AuditRecordsMissing, Reason: "the records are missing"}
			}
			return nil
		}
		prev := ""
		var want uint64 = 1
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			r, err := decodeAudit(k, v)
			switch {
			case len(k) != 8:
				return &AuditBrokenError{Seq: want, Code: AuditBadKey, N: uint64(len(k)), Reason: fmt.Sprintf("a key of %d bytes is not a record number", len(k))}
			case getU64(k) != want:
				return &AuditBrokenError{Seq: want, Code: AuditRecordMissing, N: getU64(k), Reason: fmt.Sprintf("record %d is missing (the next is %d)", want, getU64(k))}
			case err != nil:
				be := &AuditBrokenError{Code: AuditUnparsable, Reason: err.Error()}
				errors.As(err, &be)
				be.Seq = want
				return be
			case r.Seq != want:
				return &AuditBrokenError{Seq: want, Code: AuditWrongNumber, N: r.Seq, Reason: fmt.Sprintf("it says it is record %d", r.Seq)}
			case r.Prev != prev:
				return &AuditBrokenError{Seq: want, Code: AuditPrevDiffers, Reason: "it does not follow the record before (prev hash differs)"}
			}
			prev = r.Hash
			n = want
			want++
		}
		if len(head) != 8+sha256.Size {
			if n > 0 {
				return &AuditBrokenError{Seq: n, Code: AuditHeadMissing, Reason: "the head of the trail is missing"}
			}
			return nil
		}
		if hs := getU64(head[:8]); hs != n || hex.EncodeToString(head[8:]) != prev {
			return &AuditBrokenError{Seq: min(hs, n+1), Code: AuditHeadDiffers, N: hs, Reason: fmt.Sprintf("the trail ends at record %d but its head says %d", n, hs)}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// AuditAt returns record seq (0: the last; none yet is the zero record),
// its hash checked against its bytes, or an *AuditBrokenError when it is
// not there (AuditAnchorMissing, N the records there are) or does not
// verify.
func (db *DB) AuditAt(seq uint64) (AuditRecord, error) {
	var r AuditRecord
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		var last uint64
		if hb := tx.Bucket(bucketAuditHead); hb != nil {
			if h := hb.Get(keyAuditHead); len(h) == 8+sha256.Size {
				last = getU64(h[:8])
			}
		}
		if seq == 0 {
			if last == 0 {
				return nil
			}
			seq = last
		}
		var v []byte
		if b != nil {
			v = b.Get(u64(seq))
		}
		if v == nil {
			return &AuditBrokenError{Seq: seq, Code: AuditAnchorMissing, N: last, Reason: fmt.Sprintf("record %d is not there (the head is record %d)", seq, last)}
		}
		var err error
		if r, err = decodeAudit(u64(seq), v); err != nil {
			be := &AuditBrokenError{Code: AuditUnparsable, Reason: err.Error()}
			errors.As(err, &be)
			be.Seq = seq
			return be
		}
		return nil
	})
	return r, err
}

// decodeAudit checks and parses one stored record: its hash must be that of
// its body. Its error is an *AuditBrokenError (without the record number).
func decodeAudit(k, v []byte) (AuditRecord, error) {
	if len(v) < auditCheck+2 {
		return AuditRecord{}, &AuditBrokenError{Code: AuditTruncated, Reason: "the record is truncated"}
	}
	body, ok := AuditBody(v)
	if !ok {
		return AuditRecord{}, &AuditBrokenError{Code: AuditChanged, Reason: "its bytes do not match its hash (the record was changed)"}
	}
	return ledger.ParseAudit(body)
}

// auditCheck is how many bytes of its SHA-256 a record is stored with.
const auditCheck = 4

// AuditBody returns the canonical bytes (ledger.SealAudit) held in a value
// of the audit bucket, in either stored form: the body after the first 4
// bytes of its SHA-256 (schema 5) or after the whole of it (before); ok is
// false when the value's check does not match its bytes (the record was
// changed or cut). For tools and tests that read the file with bbolt.
func AuditBody(v []byte) (body []byte, ok bool) {
	if len(v) > sha256.Size {
		if sum := sha256.Sum256(v[sha256.Size:]); bytes.Equal(sum[:], v[:sha256.Size]) {
			return v[sha256.Size:], true
		}
	}
	if len(v) > auditCheck {
		if sum := sha256.Sum256(v[auditCheck:]); bytes.Equal(sum[:auditCheck], v[:auditCheck]) {
			return v[auditCheck:], true
		}
	}
	return nil, false
}

// AuditRange calls fn with each record whose time is in [from, to), in the
// order they were appended. Records are not verified here (VerifyAudit).
func (db *DB) AuditRange(from, to time.Time, fn func(AuditRecord) error) error {
	return db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			body, ok := AuditBody(v)
			if !ok {
				continue
			}
			r, err := ledger.ParseAudit(body)
			if err != nil {
				continue
			}
			if !r.At.Before(from) && r.At.Before(to) {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// auditTxn is the entry of a transaction's change: its maker, origin and
// amount.
func auditTxn(action string, t *Txn, who, from, detail string) AuditEntry {
	if who == "" {
		who = "ovocashier"
	}
	return AuditEntry{Who: who, From: from, Action: action, Ref: t.PartnerReferenceNo, Amount: t.Amount,
		Detail: strings.TrimSpace(string(t.Kind) + " " + detail)}
}

// keyAuditSettings holds the detail of the last "settings" record.
var keyAuditSettings = []byte("settings")

// RecordSettings appends a "settings" record of e (its Detail the
// settings that matter, as text) when they differ from the last one
// recorded, in one commit; changed says whether it did.
func (db *DB) RecordSettings(e AuditEntry) (changed bool, err error) {
	same := false
	if err := db.view(func(tx *bolt.Tx) error { // most starts change nothing: no commit
		hb := tx.Bucket(bucketAuditHead)
		same = hb != nil && string(hb.Get(keyAuditSettings)) == e.Detail
		return nil
	}); err != nil || same {
		return false, err
	}
	err = db.write(func(tx *bolt.Tx) error {
		changed = false
		if hb := tx.Bucket(bucketAuditHead); hb != nil && string(hb.Get(keyAuditSettings)) == e.Detail {
			return nil
		}
		e.Action = "settings"
		if _, err := appendAudit(tx, e, db.nowUTC()); err != nil {
			return err
		}
		changed = true
		return tx.Bucket(bucketAuditHead).Put(keyAuditSettings, []byte(e.Detail))
	})
	return changed, err
}

// The wrong-PIN count and lockout of each operator (issue 14), kept so a
// restart does not unlock an operator:
//
//	pin_state  lower-case operator name → PINState as JSON (absent: no wrong PIN since the last right one)
//
// It is written in the same commit as the audit record of the try that
// changed it (RecordPIN).
var bucketPINState = []byte("pin_state")

// PINState is ledger.PINState.
type PINState = ledger.PINState

// PINState returns name's state (the zero state when none is kept).
func (db *DB) PINState(name string) (PINState, error) {
	var st PINState
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPINState)
		if b == nil {
			return nil
		}
		if v := b.Get([]byte(strings.ToLower(name))); v != nil {
			if err := json.Unmarshal(v, &st); err != nil {
				return fmt.Errorf("storage: decode PIN state of %s: %w", name, err)
			}
		}
		return nil
	})
	return st, err
}

// RecordPIN keeps name's state st (the zero state clears it) and appends
// entries (the try and what it caused) to the audit trail, in one commit.
func (db *DB) RecordPIN(name string, st PINState, entries ...AuditEntry) error {
	return db.write(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketPINState)
		if err != nil {
			return err
		}
		key := []byte(strings.ToLower(name))
		if st == (PINState{}) {
			err = b.Delete(key)
		} else {
			st.Until = clean(st.Until)
			var v []byte
			if v, err = json.Marshal(st); err == nil {
				err = b.Put(key, v)
			}
		}
		if err != nil {
			return err
		}
		now := db.nowUTC()
		for _, e := range entries {
			if _, err := appendAudit(tx, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}
