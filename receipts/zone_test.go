package receipts

import (
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestZoneAbbrev(t *testing.T) {
	at := time.Date(2026, 11, 23, 16, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ zone, want string }{
		{"Asia/Jakarta", "WIB"},
		{"Asia/Pontianak", "WIB"},
		{"Asia/Makassar", "WITA"},
		{"Asia/Jayapura", "WIT"},
		{"Asia/Singapore", "UTC+08:00"}, // tzdata has only "+08" for it
		{"Europe/Amsterdam", "CET"},
		{"UTC", "UTC"},
	} {
		if got := ZoneAbbrev(at.In(mustZone(t, tc.zone))); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.zone, got, tc.want)
		}
	}
}

// A slip of an outlet in Makassar says WITA, with the local time and day:
// 16:30 UTC is 23:30 WIB but already 00:30 WITA the next day.
func TestSlipInMakassar(t *testing.T) {
	r := baseReceipt()
	r.Time = time.Date(2026, 11, 23, 16, 30, 5, 0, time.UTC)
	r.Reprint, r.ReprintedAt = true, time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
	r.Location = mustZone(t, "Asia/Makassar")
	out, err := Render(r, 32)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"24-11-2026 00:30:05 WITA", "24-11-2026 09:00:00 WITA"} {
		if !strings.Contains(out, want) {
			t.Errorf("slip lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "WIB") {
		t.Errorf("a Makassar slip says WIB:\n%s", out)
	}
	// Without a location: WIB, as before.
	r.Location = nil
	if out, _ := Render(r, 32); !strings.Contains(out, "23-11-2026 23:30:05 WIB") {
		t.Errorf("default slip:\n%s", out)
	}
	name, err := FileName(r)
	if err != nil || !strings.Contains(name, "reprint-20261124T080000") {
		t.Errorf("file name %q, %v", name, err)
	}
	r.Location = mustZone(t, "Asia/Jayapura")
	if name, _ := FileName(r); !strings.Contains(name, "reprint-20261124T100000") {
		t.Errorf("file name in WIT %q", name)
	}
}

// A Z report of an outlet in Makassar prints its times in WITA, like its
// slips: 16:30 UTC is already 00:30 WITA the next day.
func TestZReportInMakassar(t *testing.T) {
	z := reportCases()["z-provisional"]
	z.OpenedAt = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	z.ClosedAt = time.Date(2026, 11, 23, 16, 30, 5, 0, time.UTC)
	z.PrintedAt = z.ClosedAt
	z.Location = mustZone(t, "Asia/Makassar")
	for _, w := range Widths {
		out, err := RenderReport(z, w)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"23-11-2026 09:00:00 WITA", "24-11-2026 00:30:05 WITA"} {
			if !strings.Contains(out, want) {
				t.Errorf("%d columns: the Z report lacks %q:\n%s", w, want, out)
			}
		}
		if strings.Contains(out, "WIB") {
			t.Errorf("%d columns: a Makassar Z report says WIB:\n%s", w, out)
		}
	}
}
