package storage

import (
	"testing"
	"time"
)

// The day of History is the outlet's calendar day: in Asia/Makassar (WITA,
// UTC+8) the day starts an hour before it does in Jakarta.
func TestHistoryDayInMakassar(t *testing.T) {
	db, _ := openTest(t)
	makassar, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		t.Fatal(err)
	}
	// 15:30 UTC on 10 March: 22:30 WIB, 23:30 WITA, both the 10th.
	// 16:30 UTC: 23:30 WIB the 10th, but 00:30 WITA the 11th.
	// 17:30 UTC: the 11th in both.
	times := []time.Time{
		time.Date(2025, time.March, 10, 15, 30, 0, 0, time.UTC),
		time.Date(2025, time.March, 10, 16, 30, 0, 0, time.UTC),
		time.Date(2025, time.March, 10, 17, 30, 0, 0, time.UTC),
	}
	all := bulk(t, db, len(times), func(i int) (NewTxn, time.Time) { return newTxn(1), times[i] })
	day := func(loc *time.Location, d int) []string {
		t.Helper()
		p, err := db.History(Query{Day: time.Date(2025, time.March, d, 12, 0, 0, 0, time.UTC), Location: loc})
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, x := range p.Txns {
			refs = append(refs, x.PartnerReferenceNo)
		}
		return refs
	}
	ref := func(i int) string { return all[i].PartnerReferenceNo }
	for _, tc := range []struct {
		name string
		loc  *time.Location
		d    int
		want []string // newest first
	}{
		{"10th in WITA", makassar, 10, []string{ref(0)}},
		{"11th in WITA", makassar, 11, []string{ref(2), ref(1)}},
		{"10th in WIB (nil)", nil, 10, []string{ref(1), ref(0)}},
		{"11th in WIB (nil)", nil, 11, []string{ref(2)}},
	} {
		got := day(tc.loc, tc.d)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}
