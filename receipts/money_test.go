package receipts

import (
	"math"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

func TestFormatRupiah(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "Rp0"},
		{1, "Rp1"},
		{999, "Rp999"},
		{1000, "Rp1.000"},
		{10000, "Rp10.000"},
		{100000, "Rp100.000"},
		{1234567, "Rp1.234.567"},
		{10000000, "Rp10.000.000"},
		{-2500, "-Rp2.500"},
		{math.MaxInt64, "Rp9.223.372.036.854.775.807"},
		{math.MinInt64, "-Rp9.223.372.036.854.775.808"},
	} {
		if got := FormatRupiah(tc.in); got != tc.want {
			t.Errorf("FormatRupiah(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0812345678", "0812**5678"},       // 10 digits
		{"08123456789", "0812***6789"},     // 11
		{"081234567890", "0812****7890"},   // 12
		{"0812345678901", "0812*****8901"}, // 13
		{"0812-3456-7890", "0812****7890"}, // separators dropped
		{" 0812 3456 7890 ", "0812****7890"},
		{"+6281234567890", "+628******7890"},
		{"081234567", "*********"}, // too short: all hidden
		{"0812", "****"},
		{"", ""},
	} {
		if got := MaskPhone(tc.in); got != tc.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 23, 12, 5, 12, 0, time.UTC), "23-11-2026 19:05:12 WIB"},
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), "01-01-2027 00:00:00 WIB"},
		{time.Date(2026, 11, 23, 19, 5, 12, 999, WIB), "23-11-2026 19:05:12 WIB"},
	} {
		if got := FormatTime(tc.in); got != tc.want {
			t.Errorf("FormatTime(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReceived(t *testing.T) {
	for _, tc := range []struct{ amount, fee, want int64 }{
		{10000, 500, 9500}, {10000, 0, 10000}, {500, 500, 0}, {500, 1000, 0},
	} {
		if got := (Receipt{Amount: tc.amount, Fee: tc.fee}).Received(); got != tc.want {
			t.Errorf("Received(%d, %d) = %d, want %d", tc.amount, tc.fee, got, tc.want)
		}
	}
}

// FormatRupiah groups digits as x/text's Indonesian printer does (what it
// used before), for amounts of every length and sign.
func TestFormatRupiahLikePrinter(t *testing.T) {
	p := message.NewPrinter(language.Indonesian)
	for _, v := range []int64{0, 7, 12, 123, 1234, 12345, 123456, 1234567, 20_000, 1_000_000_000_000, math.MaxInt64, math.MinInt64} {
		for _, n := range []int64{v, -v, v + 1, v - 1} {
			want := p.Sprintf("%d", n)
			if rest, neg := strings.CutPrefix(want, "-"); neg {
				want = "-Rp" + rest
			} else {
				want = "Rp" + want
			}
			if got := FormatRupiah(n); got != want {
				t.Errorf("FormatRupiah(%d) = %q, printer %q", n, got, want)
			}
		}
	}
}
