package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
)

// The audit trail: every action that changes money or access is one
// record, appended in the same commit as the change where the change is a
// ledger write, and chained by SHA-256 to the record before it. The chain
// rule is here so that every backend computes the same hashes: a record's
// canonical bytes (its body) are made by SealAudit, its hash is the hex
// SHA-256 of those bytes, and the next record's Prev is that hash. A
// backend stores the body as it was sealed and verifies by hashing the
// stored bytes.
//
// A body has one of two forms, told apart by its first byte:
//
//   - binary (0x02), what SealAudit writes since issue 17 (about a third of
//     the JSON): uvarint seq ‖ 8-byte big-endian UnixNano of At ‖ who, role,
//     from, action, ref, detail ‖ varint amount ‖ Prev as 32 raw bytes (none
//     for the first record). Each string is uvarint(n<<2|kind) and then:
//     kind 2, nothing (the string is auditWords[n]; a string that is one of
//     them is always written so); kind 1, a string of n ≥ 2 decimal digits
//     packed two to a byte, high nibble first, an odd one padded with 0;
//     kind 0, its n bytes. Exactly one body encodes a record: ParseAudit
//     refuses any other. (Tag 0x01, the same without auditWords and with
//     uvarint(n<<1|digits), was written by development builds only; it is
//     still read.)
//   - JSON ('{'), the records sealed before, and any record the binary form
//     cannot hold (a time outside 1678–2262, a Prev that is not a hex
//     SHA-256): the JSON encoding of the AuditRecord with Hash empty.
//
// ParseAudit reads every form, and a record read back is sealed in its
// form again (Form), so an old trail verifies and copies unchanged.

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
	// Form is the form of the record's body when it was read back (the
	// zero value, the binary form, for a new record): SealAudit seals it in
	// that form again.
	Form AuditForm `json:"-"`
}

// AuditForm is the form of a record's canonical bytes (see the top of this
// file).
type AuditForm uint8

// The forms of a record's body.
const (
	AuditFormBinary   AuditForm = iota // tag 0x02, what SealAudit writes
	AuditFormJSON                      // JSON: records sealed before issue 17, or that the binary form cannot hold
	AuditFormBinaryV1                  // tag 0x01, without auditWords (development builds)
)

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

// SealAudit returns the canonical bytes of r and their hex SHA-256: what a
// backend stores, and what the next record's Prev names. The bytes are in
// r.Form (the binary form for a new record), in JSON when the binary form
// cannot hold r (see the top of this file). r.Hash is ignored.
func SealAudit(r AuditRecord) (body []byte, hash string, err error) {
	r.Hash = ""
	if r.Form != AuditFormJSON {
		tag := byte(auditBinary)
		if r.Form == AuditFormBinaryV1 {
			tag = auditBinaryV1
		}
		if body, ok := appendAuditBinary(make([]byte, 0, 128), &r, tag); ok {
			return body, AuditHash(body), nil
		}
	}
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

// ParseAudit reads a stored body (either form) back into its record, Hash
// filled from the bytes. A body that does not parse, a JSON body with a
// field AuditRecord does not have, or a binary body that is not the one
// SealAudit makes of its record is refused (an *AuditBrokenError without
// its record number): it was not written by SealAudit.
func ParseAudit(body []byte) (AuditRecord, error) {
	var r AuditRecord
	if len(body) > 0 && (body[0] == auditBinary || body[0] == auditBinaryV1) {
		var ok bool
		if r, ok = parseAuditBinary(body); !ok {
			return AuditRecord{}, &AuditBrokenError{Code: AuditUnparsable, Reason: "the record does not parse: not a binary record"}
		}
		if body[0] == auditBinaryV1 {
			r.Form = AuditFormBinaryV1
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return AuditRecord{}, &AuditBrokenError{Code: AuditUnparsable, Reason: fmt.Sprintf("the record does not parse: %v", err)}
		}
		r.Form = AuditFormJSON
	}
	r.Hash = AuditHash(body)
	return r, nil
}

// auditBinary is the first byte of a body in the binary form (a JSON body
// starts with '{'); auditBinaryV1 that of the form without auditWords.
const (
	auditBinary   = 0x02
	auditBinaryV1 = 0x01
)

// auditWords are the strings the binary form writes as their index: the
// program's own who, from, roles, actions and the commonest details. The
// list is frozen — a body's bytes, hence its hash, depend on it: never
// change or reorder an entry; new words need a new form tag.
var auditWords = [...]string{
	"ovocashier", "ovo", "command line", "cashier", "supervisor", "owner",
	"send", "settle", "hold", "approve", "reject", "expire", "shift-open", "shift-close", "pay-in", "pay-out",
	"login", "lock", "pin-failed", "pin-locked", "pin-refused-locked", "reprint", "operator-set", "operator-remove",
	"settings", "batch-approve", "batch-run", "migrate", "close-with-difference",
	"topup", "disburse", "topup success 2003800", "disburse success 2003800",
}

// auditWord is the index of s in auditWords, or -1.
var auditWordIndex = func() map[string]int {
	m := make(map[string]int, len(auditWords))
	for i, w := range auditWords {
		m[w] = i
	}
	return m
}()

// appendAuditBinary appends the binary form tag of r to b; ok is false
// when the form cannot hold r.
func appendAuditBinary(b []byte, r *AuditRecord, tag byte) (_ []byte, ok bool) {
	var prev []byte
	if r.Prev != "" {
		p, err := hex.DecodeString(r.Prev)
		if err != nil || len(p) != sha256.Size || hex.EncodeToString(p) != r.Prev {
			return nil, false // not a lower-case hex SHA-256
		}
		prev = p
	}
	if r.At.IsZero() || r.At.Before(time.Unix(0, math.MinInt64+1)) || r.At.After(time.Unix(0, math.MaxInt64)) {
		return nil, false
	}
	b = append(b, tag)
	b = binary.AppendUvarint(b, r.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(r.At.UnixNano()))
	for _, s := range [...]string{r.Who, r.Role, r.From, r.Action, r.Ref, r.Detail} {
		b = appendPacked(b, s, tag)
	}
	b = binary.AppendVarint(b, r.Amount)
	return append(b, prev...), true
}

// The kinds of a string in the binary form (tag auditBinary).
const (
	wordRaw    = 0
	wordDigits = 1
	wordIndex  = 2
)

// appendPacked appends s in the binary form tag (see the top of this
// file).
func appendPacked(b []byte, s string, tag byte) []byte {
	shift, digits := uint64(2), uint64(wordDigits)
	if tag == auditBinaryV1 {
		shift = 1
	} else if i, ok := auditWordIndex[s]; ok {
		return binary.AppendUvarint(b, uint64(i)<<2|wordIndex)
	}
	if !allDigits(s) {
		return append(binary.AppendUvarint(b, uint64(len(s))<<shift), s...)
	}
	b = binary.AppendUvarint(b, uint64(len(s))<<shift|digits)
	for i := 0; i < len(s); i += 2 {
		hi, lo := s[i]-'0', byte(0)
		if i+1 < len(s) {
			lo = s[i+1] - '0'
		}
		b = append(b, hi<<4|lo)
	}
	return b
}

// allDigits says whether s is at least two decimal digits (the strings
// appendPacked packs).
func allDigits(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseAuditBinary reads the binary form; ok is false unless b is exactly
// the binary form of the record it reads.
func parseAuditBinary(b []byte) (r AuditRecord, ok bool) {
	in := b[1:]
	seq, n := binary.Uvarint(in)
	if n <= 0 || len(in) < n+8 {
		return r, false
	}
	r.Seq = seq
	r.At = time.Unix(0, int64(binary.BigEndian.Uint64(in[n:]))).UTC()
	in = in[n+8:]
	for _, p := range [...]*string{&r.Who, &r.Role, &r.From, &r.Action, &r.Ref, &r.Detail} {
		if *p, in, ok = readPacked(in, b[0]); !ok {
			return r, false
		}
	}
	if r.Amount, n = binary.Varint(in); n <= 0 {
		return r, false
	}
	switch in = in[n:]; len(in) {
	case 0:
	case sha256.Size:
		r.Prev = hex.EncodeToString(in)
	default:
		return r, false
	}
	again, ok := appendAuditBinary(make([]byte, 0, len(b)), &r, b[0])
	return r, ok && bytes.Equal(again, b)
}

// readPacked reads a string appendPacked wrote in the form tag and
// returns the rest.
func readPacked(b []byte, tag byte) (string, []byte, bool) {
	h, n := binary.Uvarint(b)
	if n <= 0 {
		return "", nil, false
	}
	b = b[n:]
	l, kind := h>>2, h&3
	if tag == auditBinaryV1 {
		l, kind = h>>1, h&1
	}
	switch kind {
	case wordIndex:
		if l >= uint64(len(auditWords)) {
			return "", nil, false
		}
		return auditWords[l], b, true
	case wordRaw:
		if l > uint64(len(b)) {
			return "", nil, false
		}
		return string(b[:l]), b[l:], true
	case wordDigits:
	default:
		return "", nil, false
	}
	nb := (l + 1) / 2
	if nb > uint64(len(b)) {
		return "", nil, false
	}
	s := make([]byte, 0, l)
	for i := uint64(0); i < l; i++ {
		d := b[i/2] >> 4
		if i%2 == 1 {
			d = b[i/2] & 0x0f
		}
		if d > 9 {
			return "", nil, false
		}
		s = append(s, '0'+d)
	}
	return string(s), b[nb:], true
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
