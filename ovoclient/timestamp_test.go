package ovoclient

import (
	"testing"
	"time"
)

func TestTimestampFormat(t *testing.T) {
	ts := FormatTimestamp(time.Date(2026, 11, 23, 12, 5, 0, 123e6, time.UTC))
	if ts != "2026-11-23T19:05:00.123+07:00" {
		t.Fatalf("FormatTimestamp = %s", ts)
	}
	for _, s := range []string{"2026-11-23T19:05:00.123+07:00", "2026-11-23T19:05:00+07:00"} {
		if _, err := ParseTimestamp(s); err != nil {
			t.Errorf("ParseTimestamp(%s): %v", s, err)
		}
	}
	for _, s := range []string{"2026-11-23 19:05:00", "2026-11-23T19:05:00", ""} {
		if _, err := ParseTimestamp(s); err == nil {
			t.Errorf("ParseTimestamp(%q) accepted", s)
		}
	}
}
