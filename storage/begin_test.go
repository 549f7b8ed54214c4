package storage

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"testing"
	"time"
)

func TestBeginValidation(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000)
	tests := []struct {
		name  string
		edit  func(*NewTxn)
		field string
	}{
		{"unknown kind", func(n *NewTxn) { n.Kind = "refund" }, "Kind"},
		{"empty kind", func(n *NewTxn) { n.Kind = "" }, "Kind"},
		{"zero amount", func(n *NewTxn) { n.Amount = 0 }, "Amount"},
		{"negative amount", func(n *NewTxn) { n.Amount = -5 }, "Amount"},
		{"negative fee", func(n *NewTxn) { n.Fee = -1 }, "Fee"},
		{"empty phone", func(n *NewTxn) { n.CustomerNumber = "" }, "CustomerNumber"},
		{"NUL in phone", func(n *NewTxn) { n.CustomerNumber = "0812\x00" }, "CustomerNumber"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newTxn(10_000)
			tc.edit(&n)
			_, err := db.Begin(n)
			wantErr(t, err, ErrInvalid)
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field {
				t.Fatalf("error %v does not name field %s", err, tc.field)
			}
		})
	}
	if d := mustDeposit(t, db); d.Reserved != 0 {
		t.Fatalf("invalid Begins reserved %d", d.Reserved)
	}
	// Zero fee and a disbursement are fine.
	n := newTxn(10_000)
	n.Fee, n.Kind = 0, KindDisburse
	mustBegin(t, db, n)
}

var refPattern = regexp.MustCompile(`^\d{30}$`)

func TestBeginWritesPendingAndReserves(t *testing.T) {
	db, clk := openTest(t)
	fund(t, db, 500_000)
	// 23:30 UTC on 9 March is 06:30 on 10 March in Jakarta.
	at := time.Date(2025, time.March, 9, 23, 30, 0, 0, time.UTC)
	clk.Set(at)
	n := newTxn(150_000)
	got := mustBegin(t, db, n)

	meta, err := db.Meta()
	if err != nil {
		t.Fatal(err)
	}
	want := Txn{
		PartnerReferenceNo: "20250310" + meta.InstallationID + "0000000001",
		Kind:               KindTopUp,
		State:              StatePending,
		CustomerNumber:     n.CustomerNumber,
		CustomerName:       n.CustomerName,
		Amount:             150_000,
		Fee:                1000,
		Operator:           "ani",
		Outlet:             "OUTLET-1",
		ExternalID:         "ext-1",
		SessionID:          "sess-1",
		CreatedAt:          at,
		UpdatedAt:          at,
		History:            []Change{{State: StatePending, At: at}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Begin returned\n%+v\nwant\n%+v", got, want)
	}
	stored, err := db.Get(got.PartnerReferenceNo)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, want) {
		t.Fatalf("stored\n%+v\nwant\n%+v", stored, want)
	}
	d := mustDeposit(t, db)
	if d.Balance != 500_000 || d.Reserved != 150_000 || d.Available != 350_000 {
		t.Fatalf("deposit after Begin = %+v", d)
	}
	open, err := db.Open()
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].PartnerReferenceNo != got.PartnerReferenceNo {
		t.Fatalf("open set = %+v", open)
	}
	mustCheck(t, db)
}

func TestRefsUniqueSequential30Digits(t *testing.T) {
	db, clk := openTest(t)
	clk.step = 3 * time.Hour // cross several Jakarta days
	fund(t, db, 1_000_000_000)
	meta, _ := db.Meta()
	seen := map[string]bool{}
	for i := 1; i <= 200; i++ {
		tx := mustBegin(t, db, newTxn(1000))
		ref := tx.PartnerReferenceNo
		if !refPattern.MatchString(ref) {
			t.Fatalf("ref %q is not 30 digits", ref)
		}
		if seen[ref] {
			t.Fatalf("ref %s handed out twice", ref)
		}
		seen[ref] = true
		if day := tx.CreatedAt.In(jakarta).Format("20060102"); ref[:8] != day {
			t.Fatalf("ref %s does not start with the Jakarta day %s", ref, day)
		}
		if ref[8:20] != meta.InstallationID {
			t.Fatalf("ref %s does not carry installation id %s", ref, meta.InstallationID)
		}
		if seq, _ := strconv.Atoi(ref[20:]); seq != i {
			t.Fatalf("ref %s has sequence %d, want %d", ref, seq, i)
		}
	}
	mustCheck(t, db)
}

func TestBeginInsufficientDeposit(t *testing.T) {
	db, _ := openTest(t)
	// Nothing mirrored yet: nothing available.
	_, err := db.Begin(newTxn(1))
	wantErr(t, err, ErrInsufficientDeposit)

	fund(t, db, 100_000)
	mustBegin(t, db, newTxn(60_000))
	_, err = db.Begin(newTxn(40_001))
	wantErr(t, err, ErrInsufficientDeposit)
	var ie *InsufficientDepositError
	if !errors.As(err, &ie) || ie.Available != 40_000 || ie.Amount != 40_001 {
		t.Fatalf("error = %#v, want Available 40000, Amount 40001", err)
	}
	// The refusal wrote nothing: no reservation, no sequence number used.
	if d := mustDeposit(t, db); d.Reserved != 60_000 {
		t.Fatalf("reserved = %d after a refused Begin", d.Reserved)
	}
	tx := mustBegin(t, db, newTxn(40_000))
	if seq := tx.PartnerReferenceNo[20:]; seq != "0000000002" {
		t.Fatalf("sequence after a refusal = %s, want 0000000002", seq)
	}
	if d := mustDeposit(t, db); d.Available != 0 {
		t.Fatalf("available = %d, want 0", d.Available)
	}
	mustCheck(t, db)
}
