package receipts

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // WIB must render right on machines without a zoneinfo database
)

// FormatRupiah renders an integer amount of rupiah the Indonesian way, with dots
// grouping thousands and no decimals: 10000 → "Rp10.000", 0 → "Rp0",
// -2500 → "-Rp2.500". It is exact for every int64. (It groups the digits
// itself: a screen draws a dozen amounts a frame, and x/text's printer
// took most of a frame's time.)
func FormatRupiah(rupiah int64) string {
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], uint64(rupiah), 10)
	if rupiah < 0 {
		d = strconv.AppendUint(digits[:0], -uint64(rupiah), 10) // exact for MinInt64 too
	}
	b := make([]byte, 0, 4+len(d)+len(d)/3)
	if rupiah < 0 {
		b = append(b, '-')
	}
	b = append(b, "Rp"...)
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, c)
	}
	return string(b)
}

// MaskPhone hides the middle of a phone number for printing: spaces, dashes,
// dots and brackets are dropped, then a number of 10 or more characters keeps
// its first 4 and last 4 with every character between them replaced by '*'
// ("081234567890" → "0812****7890"). A shorter input is masked entirely (it is
// not a valid number and revealing 8 of its characters would reveal nearly all
// of it); "" stays "".
func MaskPhone(phone string) string {
	rs := []rune(strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t':
			return -1
		}
		return r
	}, phone))
	n := len(rs)
	if n < 10 {
		return strings.Repeat("*", n)
	}
	return string(rs[:4]) + strings.Repeat("*", n-8) + string(rs[n-4:])
}

// WIB is Western Indonesia Time (Asia/Jakarta, UTC+7), the zone every time on a
// receipt is printed in.
var WIB = loadWIB()

func loadWIB() *time.Location {
	if loc, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*60*60) // Jakarta has kept UTC+7 without DST since 1964
}

// FormatTime renders t in WIB the way receipts print it:
// "23-11-2026 19:05:12 WIB".
func FormatTime(t time.Time) string { return FormatTimeIn(t, WIB) }

// FormatTimeIn renders t in loc (nil: WIB) the way receipts print it, with
// the zone's Indonesian name: "23-11-2026 20:05:12 WITA".
func FormatTimeIn(t time.Time, loc *time.Location) string {
	t = t.In(orWIB(loc))
	return t.Format("02-01-2006 15:04:05") + " " + ZoneAbbrev(t)
}

// orWIB is loc, or WIB when loc is nil.
func orWIB(loc *time.Location) *time.Location {
	if loc == nil {
		return WIB
	}
	return loc
}

// ZoneAbbrev is the name people use for the zone of t: WIB (Asia/Jakarta,
// Asia/Pontianak), WITA (Asia/Makassar), WIT (Asia/Jayapura); for any other
// zone its abbreviation, or "UTC+08:00" when the zone has only a number.
func ZoneAbbrev(t time.Time) string {
	switch t.Location().String() {
	case "Asia/Jakarta", "Asia/Pontianak":
		return "WIB"
	case "Asia/Makassar", "Asia/Ujung_Pandang":
		return "WITA"
	case "Asia/Jayapura":
		return "WIT"
	}
	name, _ := t.Zone()
	if name == "" || strings.ContainsAny(name[:1], "+-0123456789") {
		return "UTC" + t.Format("-07:00")
	}
	return name
}
