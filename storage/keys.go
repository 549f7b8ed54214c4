package storage

import (
	"encoding/binary"
	"math"
	"time"
	_ "time/tzdata"

	bolt "go.etcd.io/bbolt" // Asia/Jakarta must load on machines without a zoneinfo database
)

// Bucket names.
var (
	bucketMeta    = []byte("meta")
	bucketTxns    = []byte("txns")
	bucketTime    = []byte("idx_time")
	bucketPhone   = []byte("idx_phone")
	bucketReceipt = []byte("idx_receipt")
	bucketOpen    = []byte("open")
	bucketDeposit = []byte("deposit")

	allBuckets = [][]byte{bucketMeta, bucketTxns, bucketTime, bucketPhone, bucketReceipt, bucketOpen, bucketDeposit}
)

// Keys in the meta bucket.
var (
	keySchemaVersion  = []byte("schema_version")
	keyInstallationID = []byte("installation_id")
	keyCreatedAt      = []byte("created_at")
	keySeqRef         = []byte("seq_ref")
	keySeqReceipt     = []byte("seq_receipt")
)

// Keys in the deposit bucket.
var (
	keyBalance     = []byte("balance")
	keyReserved    = []byte("reserved")
	keyRefreshedAt = []byte("refreshed_at")
	keyUncertain   = []byte("uncertain")   // Deposit.Uncertain
	keyDebited     = []byte("debited")     // running total of success debits (wraps harmlessly; only differences are used)
	keyReadingSeq  = []byte("reading_seq") // seq_ref when the last reading was recorded: open refs at or below it may be in it
)

// jakarta is the zone of OVO's business day: reference dates and History days.
var jakarta = mustLoad("Asia/Jakarta")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("storage: " + err.Error()) // unreachable: time/tzdata is embedded
	}
	return loc
}

// phoneSep ends the phone part of an idx_phone key; phones hold no NUL, so
// one phone's keys never interleave with a longer phone's.
const phoneSep = 0x00

// stamp is the sortable 8-byte big-endian form of t: UnixNano, clamped to
// [0, MaxInt64] so that the byte order is the time order.
func stamp(t time.Time) []byte {
	return appendStamp(make([]byte, 0, 8+24), t)
}

// appendStamp appends stamp(t) to dst.
func appendStamp(dst []byte, t time.Time) []byte {
	var n int64
	switch {
	case t.IsZero() || t.Before(time.Unix(0, 0)):
		n = 0
	case t.After(time.Unix(0, math.MaxInt64)):
		n = math.MaxInt64
	default:
		n = t.UnixNano()
	}
	return binary.BigEndian.AppendUint64(dst, uint64(n))
}

// timeKey is the idx_time key of a transaction: stamp(CreatedAt) ‖ the
// sequence of its reference as 5 bytes big-endian when the reference is
// one this installation (id inst) made on CreatedAt's day in Asia/Jakarta
// (every reference Begin makes since schema 5: refOfTimeKey rebuilds it),
// and stamp(CreatedAt) ‖ ref otherwise (keys written before, references
// of another ledger). A reference is 30 characters (24 in early ledgers),
// so the two forms never have the same length.
func timeKey(created time.Time, ref, inst string) []byte {
	p, ok := postingOf(ref, inst)
	return appendTimeKey(make([]byte, 0, 8+24), created, p, ok, ref)
}

// appendTimeKey appends the time key of the transaction created at created
// whose reference is ref, with posting p when ok (postingOf(ref)), to dst.
func appendTimeKey[S ~string | ~[]byte](dst []byte, created time.Time, p posting, ok bool, ref S) []byte {
	dst = appendStamp(dst, created)
	if ok && !created.IsZero() && int64(binary.BigEndian.Uint64(dst[len(dst)-8:])) == created.UnixNano() &&
		p.day == jakartaDay(created) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], p.seq)
		return append(dst, n[3:]...)
	}
	return append(dst, ref...)
}

// hasTimeKey reports whether b holds prefix ‖ the time key of the
// transaction ref created at created, in either form (a ledger written
// before schema 5 holds the text form).
func hasTimeKey(b *bolt.Bucket, prefix []byte, created time.Time, ref, inst string) bool {
	return hasKey(b, cat(prefix, timeKey(created, ref, inst))) || hasKey(b, cat(prefix, append(stamp(created), ref...)))
}

// packedTimeKey is the length of a time key in the packed form.
const packedTimeKey = 8 + 5

// jakartaDay is the day of t in Asia/Jakarta, in days since 1970-01-01:
// the date of a reference made at t.
func jakartaDay(t time.Time) uint64 {
	y, m, d := t.In(jakarta).Date()
	return uint64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// phonePrefix is the idx_phone key prefix of every transaction of phone.
func phonePrefix(phone string) []byte {
	return append([]byte(phone), phoneSep)
}

// phoneKey is the idx_phone key of a transaction: phone ‖ 0x00 ‖ timeKey.
func phoneKey(phone string, tk []byte) []byte {
	return append(phonePrefix(phone), tk...)
}

// refOfTimeKey is the reference a time key names (inst: the ledger's
// installation id).
func refOfTimeKey(tk []byte, inst string) string {
	if len(tk) == packedTimeKey {
		at := time.Unix(0, int64(binary.BigEndian.Uint64(tk)))
		return posting{seq: seq5(tk[8:]), day: jakartaDay(at)}.ref(inst)
	}
	return string(tk[8:])
}

// txnKey is the txns key of reference ref: its 5-byte big-endian sequence
// and its 2-byte day (days since 1970-01-01) when it is one this
// installation (id inst) made (schema 5), else ref itself (keys written
// before: 24 or 30 digits). Packed keys sort by sequence, so txns stays
// append-only; both forms are read (getTxn tries the packed one first).
func txnKey(ref, inst string) []byte {
	return appendTxnKey(make([]byte, 0, packedTxnKey), ref, inst)
}

// appendTxnKey appends txnKey(ref, inst) to dst.
func appendTxnKey(dst []byte, ref, inst string) []byte {
	if p, ok := postingOf(ref, inst); ok && p.day < 1<<16 {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], p.seq)
		return binary.BigEndian.AppendUint16(append(dst, n[3:]...), uint16(p.day))
	}
	return append(dst, ref...)
}

// seq5 is the sequence a packed key holds as 5 big-endian bytes (b[:5]):
// the txns key, the packed time key's tail, a search chunk's base.
func seq5(b []byte) uint64 {
	var n [8]byte
	copy(n[3:], b[:5])
	return binary.BigEndian.Uint64(n[:])
}

// packedTxnKey is the length of a txns key in the packed form.
const packedTxnKey = 5 + 2

// refOfTxnKey is the reference a txns key names.
func refOfTxnKey(k []byte, inst string) string {
	if len(k) == packedTxnKey {
		return posting{seq: seq5(k[:5]), day: uint64(binary.BigEndian.Uint16(k[5:]))}.ref(inst)
	}
	return string(k)
}

// receiptValue is the idx_receipt value of reference ref: its sequence and
// day as two uvarints when it is one this installation made (schema 5),
// else the reference itself (values written before; at least 24 bytes).
func receiptValue(ref, inst string) []byte {
	if p, ok := postingOf(ref, inst); ok {
		return binary.AppendUvarint(binary.AppendUvarint(make([]byte, 0, 10), p.seq), p.day)
	}
	return []byte(ref)
}

// refOfReceiptValue is the reference an idx_receipt value names.
func refOfReceiptValue(v []byte, inst string) string {
	if len(v) <= 2*binary.MaxVarintLen64 && len(v) < 24 {
		if ps, ok := decodeOVORef(v); ok && len(ps) == 1 {
			return ps[0].ref(inst)
		}
	}
	return string(v)
}

// u64 encodes v as 8 bytes big-endian.
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// getU64 decodes an 8-byte big-endian value; a missing value is 0.
func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// clean strips the monotonic reading and location so that a time survives
// a JSON round trip unchanged.
func clean(t time.Time) time.Time { return t.UTC() }
