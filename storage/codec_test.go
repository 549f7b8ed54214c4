package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func sampleTxn() Txn {
	at := time.Date(2026, 3, 1, 2, 3, 4, 567_891_234, time.UTC)
	return Txn{
		PartnerReferenceNo: "202603013753483638290000000042", Kind: KindTopUp, State: StateSuccess,
		CustomerNumber: "081234567890", CustomerName: "Dewi Lestari & Putra", Amount: 100_000, Fee: 1_000,
		Operator: "Siti", Outlet: "Outlet 1", ExternalID: "17404141234567890123", SessionID: "sess-ü",
		ReferenceNo: "OVO123", ResponseCode: "2003800", ResponseMessage: "Successful", LastStatus: "00",
		StatusChecks: 3, ReceiptNo: "R00000042", CreatedAt: at, UpdatedAt: at.Add(1500 * time.Millisecond),
		History: []Change{
			{State: StatePending, At: at},
			{State: StateUnknown, At: at.Add(time.Second), Code: "5003800", Reason: "timeout"},
			{State: StateSuccess, At: at.Add(1500 * time.Millisecond), Code: "2003800", Reason: "success"},
		},
	}
}

func TestTxnCodecRoundTrip(t *testing.T) {
	odd := sampleTxn()
	odd.Kind, odd.State, odd.History[1].State = "future-kind", "weird", "" // kept as strings
	zero := Txn{PartnerReferenceNo: "R1"}
	old := sampleTxn()
	old.CreatedAt = time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC) // beyond UnixNano: written as JSON
	for name, in := range map[string]Txn{"sample": sampleTxn(), "odd": odd, "zero": zero, "out of range": old} {
		b, err := encodeTxn(&in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeTxn(in.PartnerReferenceNo, b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, in) {
			t.Fatalf("%s: round trip\n got %+v\nwant %+v", name, got, in)
		}
	}
	// Values written as JSON before the binary form are still read.
	in := sampleTxn()
	j, _ := json.Marshal(in)
	if got, err := decodeTxn(in.PartnerReferenceNo, j); err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("JSON value: %+v, %v", got, err)
	}
	b, _ := encodeTxn(&in)
	if len(b)*2 > len(j) {
		t.Fatalf("binary %d bytes, JSON %d: want at most half", len(b), len(j))
	}
}

// A ledger written with JSON values (before the binary form) opens, reads
// and settles; the settled value is then binary.
func TestJSONValuesStillWork(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000)
	tr := mustBegin(t, db, newTxn(10_000))
	j, _ := json.Marshal(tr)
	// As written before schema 5: a JSON value under the reference as text.
	if err := db.write(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTxns)
		if err := b.Delete(txnKey(tr.PartnerReferenceNo, installation(tx))); err != nil {
			return err
		}
		return b.Put([]byte(tr.PartnerReferenceNo), j)
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Get(tr.PartnerReferenceNo); err != nil || !reflect.DeepEqual(got, tr) {
		t.Fatalf("JSON value read back as %+v, %v", got, err)
	}
	mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess})
	db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketTxns).Get([]byte(tr.PartnerReferenceNo)); v[0] != txnFormatPacked {
			t.Errorf("settled value not rewritten in the binary form: %q", v)
		}
		return nil
	})
	mustCheck(t, db)
}

func FuzzDecodeTxn(f *testing.F) {
	s := sampleTxn()
	b, _ := encodeTxn(&s)
	f.Add(b)
	j, _ := json.Marshal(s)
	f.Add(j)
	f.Add([]byte{txnFormatBinary, 1, 2, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{txnFormatPacked, 1, 2, 0x31, 0x12, 0x34, 0x0a, 0xab, 0xcd, 0xff, 0x0f})
	if old, ok := encodeBinaryTag(&s, txnFormatBinary); ok {
		f.Add(old)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := decodeTxn("ref", b)
		if err != nil || len(b) == 0 || (b[0] != txnFormatBinary && b[0] != txnFormatPacked) {
			return
		}
		// What decodes re-encodes to a value that decodes the same.
		b2, err := encodeTxn(&tr)
		if err != nil {
			t.Fatal(err)
		}
		tr2, err := decodeTxn("ref", b2)
		if err != nil || !reflect.DeepEqual(tr, tr2) {
			t.Fatalf("re-encoded value decodes as %+v, %v; want %+v", tr2, err, tr)
		}
	})
}

// Every field of Txn survives the binary form, whatever it is: a field
// added to Txn later is kept (in the extra part) without a codec change.
// The test fills every settable field with a non-zero value by reflection,
// so a field the codec drops fails it.
func TestTxnCodecKeepsEveryField(t *testing.T) {
	in := sampleTxn()
	v := reflect.ValueOf(&in).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() || !f.IsZero() {
			continue
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString("x-" + v.Type().Field(i).Name)
		case reflect.Int, reflect.Int64, reflect.Int32:
			f.SetInt(int64(7 + i))
		case reflect.Bool:
			f.SetBool(true)
		default:
			if f.Type() == reflect.TypeOf(time.Time{}) {
				f.Set(reflect.ValueOf(time.Date(2026, 12, 1, 10, i, 0, 0, time.UTC)))
			}
		}
	}
	b, err := encodeTxn(&in)
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != txnFormatPacked {
		t.Fatalf("sample written as format %d, want binary", b[0])
	}
	got, err := decodeTxn(in.PartnerReferenceNo, b)
	if err != nil {
		t.Fatal(err)
	}
	gv := reflect.ValueOf(got)
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		if !v.Type().Field(i).IsExported() {
			continue
		}
		a, g := v.Field(i).Interface(), gv.Field(i).Interface()
		if at, ok := a.(time.Time); ok {
			if !at.Equal(g.(time.Time)) {
				t.Errorf("%s: %v, read back %v", name, a, g)
			}
			continue
		}
		if !reflect.DeepEqual(a, g) {
			t.Errorf("%s: %#v, read back %#v", name, a, g)
		}
	}
}

// A change's reason is typed (Change.Reason); the stored note slot keeps
// the "reason:CODE" form the cashier wrote before, both ways: a ledger
// written before reads its notes as reasons, and what is written now is
// byte for byte what an older ovocashier wrote for the same outcome.
func TestChangeReasonStoredForm(t *testing.T) {
	for _, tc := range []struct {
		c    Change
		slot string
	}{
		{Change{}, ""},
		{Change{Note: "free text"}, "free text"},
		{Change{Reason: "timeout"}, "reason:timeout"},
		{Change{Reason: "timeout", Note: "and a note"}, "reason:timeout and a note"},
		{Change{Note: "reason:looks like one"}, "reason: reason:looks like one"},
	} {
		if got := noteSlot(tc.c); got != tc.slot {
			t.Errorf("noteSlot(%+v) = %q, want %q", tc.c, got, tc.slot)
		}
		if r, n := splitNote(tc.slot); r != tc.c.Reason || n != tc.c.Note {
			t.Errorf("splitNote(%q) = %q, %q; want %+v", tc.slot, r, n, tc.c)
		}
	}

	// The old forms: a binary value and a JSON value whose changes carry
	// the reason as a note.
	want := sampleTxn()
	old := sampleTxn()
	for i := range old.History {
		if r := old.History[i].Reason; r != "" {
			old.History[i].Reason, old.History[i].Note = "", "reason:"+string(r)
		}
	}
	j, _ := json.Marshal(old)
	if got, err := decodeTxn(old.PartnerReferenceNo, j); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("old JSON value read as %+v, %v", got, err)
	}
	b, _ := encodeTxn(&want)
	if !bytes.Contains(b, []byte("reason:timeout")) || !bytes.Contains(b, []byte("reason:success")) {
		t.Fatalf("binary form %q does not hold the reasons in the note form", b)
	}
	// The binary form with plain strings (tag 0x01, before schema 5).
	plain, _ := encodeBinaryTag(&want, txnFormatBinary)
	if got, err := decodeTxn(want.PartnerReferenceNo, plain); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("plain binary value read as %+v, %v", got, err)
	}
	if len(b) >= len(plain) {
		t.Fatalf("the packed form (%d bytes) is not smaller than the plain one (%d)", len(b), len(plain))
	}
	if got := want.LastReason(); got != "success" {
		t.Fatalf("LastReason = %q", got)
	}
}

// Settle records the outcome's reason and refuses one that the stored
// form could not hold, writing nothing.
func TestSettleReason(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000)
	tr := mustBegin(t, db, newTxn(10_000))
	for _, bad := range []Reason{"two words", "reason:x", Reason(strings.Repeat("a", 65))} {
		if _, err := db.Settle(tr.PartnerReferenceNo, Outcome{State: StateFailed, Reason: bad}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("Settle with reason %q: %v, want ErrInvalid", bad, err)
		}
	}
	got, err := db.Settle(tr.PartnerReferenceNo, Outcome{State: StateUnknown, Reason: "timeout"})
	if err != nil {
		t.Fatal(err)
	}
	if back, _ := db.Get(tr.PartnerReferenceNo); back.LastReason() != "timeout" || got.LastReason() != "timeout" || back.State != StateUnknown {
		t.Fatalf("reason not recorded: %+v", back.History)
	}
	mustCheck(t, db)
}

// Every string survives its packed form, whichever form it takes.
func TestPackedStrings(t *testing.T) {
	for _, c := range []struct {
		s    string
		form int
	}{
		{"", strRaw}, {"0", strRaw}, {"a", strRaw}, {"00", strDigits}, {"081234567890", strDigits}, {"123", strDigits},
		{"0a", strHex}, {"deadbeef1", strHex}, {"DEADBEEF", strRaw}, {"12 3", strRaw}, {"sess-ü", strRaw}, {"ffff", strHex},
	} {
		if f := stringForm(c.s); f != c.form {
			t.Errorf("%q: form %d, want %d", c.s, f, c.form)
		}
		r := &reader{b: appendPackedString(nil, c.s), packed: true}
		if got := r.string(); got != c.s || r.err != nil || len(r.b) != 0 {
			t.Errorf("%q read back as %q (%v, %d left)", c.s, got, r.err, len(r.b))
		}
	}
	// A decimal form holding a hex nibble is refused.
	if r := (&reader{b: []byte{2<<2 | strDigits, 0x1a}, packed: true}); r.string() != "" || r.err == nil {
		t.Error("a decimal string with a hex nibble was read")
	}
}

// customerOf reads the phone of every binary form as the whole decode does.
func TestCustomerOf(t *testing.T) {
	for _, tag := range []byte{txnFormatBinary, txnFormatPacked} {
		for _, phone := range []string{"081234567890", "", "+62 812-3456", "08123"} {
			tr := Txn{Kind: KindTopUp, State: StatePending, CustomerNumber: phone, CustomerName: "BUDI", Amount: 1}
			v, ok := encodeBinaryTag(&tr, tag)
			if !ok {
				t.Fatal("not encoded")
			}
			if got, ok := customerOf(v); !ok || got != phone {
				t.Errorf("tag %d %q: %q %v", tag, phone, got, ok)
			}
		}
	}
	if _, ok := customerOf([]byte(`{"CustomerNumber":"0812"}`)); ok {
		t.Error("JSON read as binary")
	}
}
