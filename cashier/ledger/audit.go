package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The audit trail: every action that changes money or access is one
// record, appended in the same commit as the change where the change is a
// ledger write, and chained by SHA-256 to the record before it. The chain
// rule is here so that every backend computes the same hashes: a record's
// canonical bytes (its body) are the JSON encoding of the AuditRecord with
// Hash empty (SealAudit), its hash is the hex SHA-256 of those bytes, and
// the next record's Prev is that hash. A backend stores the body as it was
// sealed (its time to the nanosecond, in UTC) and verifies by hashing the
// stored bytes.

// ErrAuditBroken: the audit chain does not verify. The error is an
// *AuditBrokenError naming the first broken record.
var ErrAuditBroken = errors.New("ledger: the audit trail is broken")

// AuditRecord is one entry of the audit trail: who did what, when and from
// where. Its times are UTC.
type AuditRecord struct {
	Seq    uint64    `json:"seq"`
	At     time.Time `json:"at"`
	Who    string    `json:"who"`            // the operator, or "ovocashier" for what the program records by itself
	Role   string    `json:"role,omitempty"` // the operator's role when known
	From   string    `json:"from"`           // "terminal NAME", "ssh SHA256:…", "command line", "ovo"
	Action string    `json:"action"`         // send, settle, approve, reject, expire, hold, shift-open, …
	Ref    string    `json:"ref,omitempty"`  // the transaction, approval, shift or operator it is about
	Amount int64     `json:"amount,omitempty"`
	Detail string    `json:"detail,omitempty"`
	Prev   string    `json:"prev"` // hex SHA-256 of the record before; "" for the first
	// Hash is the hex SHA-256 of this record's stored body (filled on read).
	Hash string `json:"hash,omitempty"`
}

// AuditEntry is what the caller says of an action: AppendAudit adds the
// sequence, the time and the chain.
type AuditEntry struct {
	Who, Role, From, Action, Ref, Detail string
	Amount                               int64
}

// AuditBrokenError names the first record of the audit trail that does not
// verify, and why: Code (with its number N) for the catalog, Reason in
// English for logs. It matches ErrAuditBroken.
type AuditBrokenError struct {
	Seq    uint64 // the record (or the missing record's number)
	Code   AuditBreak
	N      uint64 // the number Code speaks of (see each code)
	Reason string
}

// AuditBreak says how the audit trail is broken at a record.
type AuditBreak string

// How the audit trail may be broken.
const (
	AuditRecordsMissing AuditBreak = "records_missing" // the head is there, the records are not
	AuditBadKey         AuditBreak = "bad_key"         // a key is not a record number (N: its length)
	AuditRecordMissing  AuditBreak = "record_missing"  // the record is missing (N: the next one there)
	AuditTruncated      AuditBreak = "truncated"       // the record is too short to hold a hash
	AuditChanged        AuditBreak = "changed"         // its bytes do not match its hash
	AuditUnparsable     AuditBreak = "unparsable"      // it does not parse
	AuditWrongNumber    AuditBreak = "wrong_number"    // it says it is record N
	AuditPrevDiffers    AuditBreak = "prev_differs"    // its prev hash is not that of the record before
	AuditHeadMissing    AuditBreak = "head_missing"    // the head of the trail is missing
	AuditHeadDiffers    AuditBreak = "head_differs"    // the trail ends before or after its head (N: the head's record)
	AuditAnchorMissing  AuditBreak = "anchor_missing"  // an anchored record is gone (N: the records there are)
	AuditAnchorDiffers  AuditBreak = "anchor_differs"  // an anchored record's hash is not the anchor's
)

// Error names the record and the reason.
func (e *AuditBrokenError) Error() string {
	return fmt.Sprintf("ledger: the audit trail is broken at record %d: %s", e.Seq, e.Reason)
}

// Is makes errors.Is(err, ErrAuditBroken) true.
func (e *AuditBrokenError) Is(target error) bool { return target == ErrAuditBroken }

// Record is the record that e becomes as record number seq, appended at
// time at (made UTC, without a monotonic reading), after the record whose hash is prev ("" for the
// first record).
func (e AuditEntry) Record(seq uint64, at time.Time, prev string) AuditRecord {
	return AuditRecord{Seq: seq, At: at.UTC().Round(0), Who: e.Who, Role: e.Role, From: e.From, Action: e.Action, Ref: e.Ref,
		Amount: e.Amount, Detail: e.Detail, Prev: prev}
}

// SealAudit returns the canonical bytes of r (its JSON encoding with Hash
// empty) and their hex SHA-256: what a backend stores, and what the next
// record's Prev names. r.Hash is ignored.
func SealAudit(r AuditRecord) (body []byte, hash string, err error) {
	r.Hash = ""
	body, err = json.Marshal(r)
	if err != nil {
		return nil, "", err
	}
	return body, AuditHash(body), nil
}

// AuditHash is the hex SHA-256 of a record's stored body.
func AuditHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// ParseAudit reads a stored body back into its record, Hash filled from
// the bytes. A body with a field AuditRecord does not have, or that does
// not parse, is refused (an *AuditBrokenError without its record number):
// it was not written by SealAudit.
func ParseAudit(body []byte) (AuditRecord, error) {
	var r AuditRecord
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return AuditRecord{}, &AuditBrokenError{Code: AuditUnparsable, Reason: fmt.Sprintf("the record does not parse: %v", err)}
	}
	r.Hash = AuditHash(body)
	return r, nil
}

// Follows checks that r is record number want and follows the record whose
// hash is prev; otherwise it returns an *AuditBrokenError saying which.
func (r AuditRecord) Follows(want uint64, prev string) error {
	switch {
	case r.Seq != want:
		return &AuditBrokenError{Seq: want, Code: AuditWrongNumber, N: r.Seq, Reason: fmt.Sprintf("it says it is record %d", r.Seq)}
	case r.Prev != prev:
		return &AuditBrokenError{Seq: want, Code: AuditPrevDiffers, Reason: "it does not follow the record before (prev hash differs)"}
	}
	return nil
}
