package ledger

import "time"

// TimeOfNanos decodes a time both ledgers store as Unix nanoseconds: 0 is
// the zero time, any other value a UTC time.
func TimeOfNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// NanosOf is the stored form of t both ledgers use: Unix nanoseconds, 0
// for the zero time.
func NanosOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
