package i18n

import (
	"testing"
	"time"
)

func TestCatalogTimesInTheOutletsZone(t *testing.T) {
	makassar, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 16, 30, 5, 0, time.UTC) // 23:30 WIB, 00:30 WITA the 24th
	for _, tc := range []struct {
		cat                     *Catalog
		time, short, clock, col string
	}{
		{New(EN), "23-11-2026 23:30:05 WIB", "23-11 23:30", "23:30:05", "Time (WIB)"},
		{New(ID).In(makassar), "24-11-2026 00:30:05 WITA", "24-11 00:30", "00:30:05", "Waktu (WITA)"},
		{nil, "23-11-2026 23:30:05 WIB", "23-11 23:30", "23:30:05", "Waktu (WIB)"},
	} {
		if got := tc.cat.Time(at); got != tc.time {
			t.Errorf("Time %q, want %q", got, tc.time)
		}
		if got := tc.cat.ShortTime(at); got != tc.short {
			t.Errorf("ShortTime %q, want %q", got, tc.short)
		}
		if got := tc.cat.Clock(at); got != tc.clock {
			t.Errorf("Clock %q, want %q", got, tc.clock)
		}
		if got := tc.cat.ColTimeZone(); got != tc.col {
			t.Errorf("ColTimeZone %q, want %q", got, tc.col)
		}
	}
}
