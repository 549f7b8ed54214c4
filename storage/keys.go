package storage

import (
	"encoding/binary"
	"math"
	"time"
	_ "time/tzdata" // Asia/Jakarta must load on machines without a zoneinfo database
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
	var n int64
	switch {
	case t.IsZero() || t.Before(time.Unix(0, 0)):
		n = 0
	case t.After(time.Unix(0, math.MaxInt64)):
		n = math.MaxInt64
	default:
		n = t.UnixNano()
	}
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8+24), uint64(n))
}

// timeKey is the idx_time key of a transaction: stamp(CreatedAt) ‖ ref.
func timeKey(created time.Time, ref string) []byte {
	return append(stamp(created), ref...)
}

// phonePrefix is the idx_phone key prefix of every transaction of phone.
func phonePrefix(phone string) []byte {
	return append([]byte(phone), phoneSep)
}

// phoneKey is the idx_phone key of a transaction: phone ‖ 0x00 ‖ timeKey.
func phoneKey(phone string, tk []byte) []byte {
	return append(phonePrefix(phone), tk...)
}

// refOfTimeKey is the reference stored in a time key.
func refOfTimeKey(tk []byte) string { return string(tk[8:]) }

// u64 encodes v as 8 bytes big-endian.
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// getU64 decodes an 8-byte big-endian value; a missing value is 0.
func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// timeOf decodes a stored UnixNano; 0 is the zero time.
func timeOf(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// nanosOf is the stored form of t: UnixNano, 0 for the zero time.
func nanosOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// clean strips the monotonic reading and location so that a time survives
// a JSON round trip unchanged.
func clean(t time.Time) time.Time { return t.UTC() }
