package ovoclient

import (
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// TimestampLayout is OVO's yyyy-MM-ddTHH:mm:ss.SSSTZD, e.g. 2026-11-23T19:05:00.123+07:00.
const TimestampLayout = "2006-01-02T15:04:05.000Z07:00"

// TransactionDateLayout is transactionDate's yyyy-MM-ddTHH:mm:ssTZD, 25
// characters, e.g. 2026-11-23T19:05:00+07:00 (ASPI's length and samples).
const TransactionDateLayout = "2006-01-02T15:04:05Z07:00"

// FormatTimestamp renders t for X-TIMESTAMP: ovo.Jakarta time with milliseconds
// and offset.
func FormatTimestamp(t time.Time) string { return t.In(ovo.Jakarta).Format(TimestampLayout) }

// FormatTransactionDate renders t for a body's transactionDate: ovo.Jakarta time
// to the second with offset, 25 characters.
func FormatTransactionDate(t time.Time) string {
	return t.In(ovo.Jakarta).Format(TransactionDateLayout)
}

// ParseTimestamp reads an X-TIMESTAMP with or without milliseconds. The zone
// is mandatory: an offset (+07:00) or Z for UTC.
func ParseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %q is not yyyy-MM-ddTHH:mm:ss[.SSS]+07:00: %w", s, err)
	}
	return t, nil
}
