package storage

import (
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// morning is a morning's work: transactions sent and settled, a shift, an
// approval held and decided, a login.
func morning(t *testing.T, db *DB) {
	t.Helper()
	fund(t, db, 10_000_000)
	s, err := db.OpenShift(NewShift{Operator: "ani", Terminal: "T1", Float: 500_000})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		n := newTxn(int64(10_000 * (i + 1)))
		n.ShiftID = s.ID
		tx := mustBegin(t, db, n)
		mustSettle(t, db, tx.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "OVO" + tx.PartnerReferenceNo, Code: "2003800"})
	}
	if _, err := db.AddCashMove(CashMove{ShiftID: s.ID, Amount: 50_000, Reason: "bank", Operator: "ani"}); err != nil {
		t.Fatal(err)
	}
	a, err := db.HoldApproval(NewApproval{Kind: KindDisburse, CustomerNumber: "081234567890", Amount: 2_000_000, Maker: "ani", ExpiresAt: testStart.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideApproval(a.ID, Decision{Approve: false, Approver: "siti", Reason: "no"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendAudit(AuditEntry{Who: "ani", From: "terminal T1", Action: "login"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseShift(s.ID, ShiftClose{Counted: 600_000}); err != nil {
		t.Fatal(err)
	}
}

// copyLedger closes nothing: it copies the file of an open NoSync ledger
// after closing it, and returns the copy's path.
func copyLedger(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy.db")
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
	return dst
}

// tamper changes the copy with bbolt directly, as someone with the file could.
func tamper(t *testing.T, path string, fn func(b *bolt.Bucket) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket(bucketAudit)) }); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
}

func TestAuditVerifyDetectsEditAndRemoval(t *testing.T) {
	clk := newClock(testStart)
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	morning(t, db)
	n, err := db.VerifyAudit()
	if err != nil {
		t.Fatalf("a morning's work does not verify: %v", err)
	}
	// 1 shift open + 5×(send+settle) + pay-out + hold + reject + login + close.
	if n != 16 {
		t.Fatalf("%d records, want 16", n)
	}
	mustCheck(t, db)
	db.Close()

	verify := func(p string) error {
		d, err := Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		_, err = d.VerifyAudit()
		return err
	}
	cases := []struct {
		name    string
		change  func(b *bolt.Bucket) error
		wantSeq uint64
	}{
		{"a byte of record 4 changed", func(b *bolt.Bucket) error {
			v := append([]byte(nil), b.Get(u64(4))...)
			body, ok := AuditBody(v)
			r, err := ledger.ParseAudit(body)
			if !ok || err != nil || r.Amount != 20000 || len(v) != auditCheck+len(body) {
				t.Fatalf("record 4 is %+v, %v", r, err)
			}
			// The amount is the varint just before the 32 bytes of prev:
			// 20000 → 20001.
			v[len(v)-sha256.Size-3]++
			if r, err = ledger.ParseAudit(v[auditCheck:]); err != nil || r.Amount == 20000 {
				t.Fatalf("the edit did not change the amount: %+v, %v", r, err)
			}
			return b.Put(u64(4), v)
		}, 4},
		{"record 7 removed", func(b *bolt.Bucket) error { return b.Delete(u64(7)) }, 7},
		{"the last record removed", func(b *bolt.Bucket) error { return b.Delete(u64(16)) }, 16},
		{"record 3 rewritten with a fresh hash", func(b *bolt.Bucket) error {
			// The forger recomputes the record's own hash: the next record's prev
			// no longer matches.
			r, err := decodeAudit(u64(3), b.Get(u64(3)))
			if err != nil {
				return err
			}
			return fakeRecord(b, r)
		}, 4},
		{"record 5 rewritten in the binary form with a fresh check", func(b *bolt.Bucket) error {
			r, err := decodeAudit(u64(5), b.Get(u64(5)))
			if err != nil {
				return err
			}
			r.Who = "mallory"
			body, _, err := ledger.SealAudit(r)
			if err != nil || body[0] != 2 {
				t.Fatalf("sealed %q, %v", body, err)
			}
			return b.Put(u64(5), append(sha(body)[:auditCheck], body...))
		}, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := copyLedger(t, path)
			if err := verify(p); err != nil {
				t.Fatalf("the untouched copy does not verify: %v", err)
			}
			tamper(t, p, c.change)
			err := verify(p)
			var be *AuditBrokenError
			if !errors.As(err, &be) || !errors.Is(err, ErrAuditBroken) {
				t.Fatalf("tampering not detected: %v", err)
			}
			if be.Seq != c.wantSeq {
				t.Fatalf("broken at %d (%v), want %d", be.Seq, err, c.wantSeq)
			}
		})
	}
}

// fakeRecord stores r with a correct hash of its own body.
func fakeRecord(b *bolt.Bucket, r AuditRecord) error {
	body := []byte(`{"seq":3,"at":"` + r.At.Format(time.RFC3339Nano) + `","who":"mallory","from":"` + r.From + `","action":"` + r.Action + `","ref":"` + r.Ref + `","prev":"` + r.Prev + `"}`)
	return b.Put(u64(3), append(sha(body), body...))
}

func sha(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func TestRecordSettingsOnlyWhenChanged(t *testing.T) {
	db, _ := openTest(t)
	for i, c := range []struct {
		detail string
		want   bool
	}{{"a=1", true}, {"a=1", false}, {"a=2", true}, {"a=1", true}} {
		got, err := db.RecordSettings(AuditEntry{Who: "x", Detail: c.detail})
		if err != nil || got != c.want {
			t.Fatalf("%d: changed %v, %v; want %v", i, got, err, c.want)
		}
	}
	if n, err := db.VerifyAudit(); err != nil || n != 3 {
		t.Fatalf("%d records, %v", n, err)
	}
}

// A ledger written before the binary form keeps its JSON records: they
// verify, the next record (binary) chains to the last of them, and an edit
// of an old record is still named.
func TestAuditJSONRecordsStillVerify(t *testing.T) {
	clk := newClock(testStart)
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Two records as the ledger wrote them before: JSON bodies.
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucketIfNotExists(bucketAudit)
		hb, _ := tx.CreateBucketIfNotExists(bucketAuditHead)
		prev := ""
		for seq := uint64(1); seq <= 2; seq++ {
			r := AuditEntry{Who: "ani", From: "terminal T1", Action: "login"}.Record(seq, testStart, prev)
			r.Form = ledger.AuditFormJSON
			body, hash, err := ledger.SealAudit(r)
			if err != nil || body[0] != '{' {
				t.Fatalf("sealed %q, %v", body, err)
			}
			if err := b.Put(u64(seq), append(sha(body), body...)); err != nil {
				return err
			}
			if err := hb.Put(keyAuditHead, append(u64(seq), sha(body)...)); err != nil {
				return err
			}
			prev = hash
		}
		return nil
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	old, err := db.AuditAt(2)
	if err != nil || old.Form != ledger.AuditFormJSON {
		t.Fatalf("record 2: %+v, %v", old, err)
	}
	r3, err := db.AppendAudit(AuditEntry{Who: "ani", From: "terminal T1", Action: "lock"})
	if err != nil || r3.Prev != old.Hash || r3.Form != ledger.AuditFormBinary {
		t.Fatalf("appended %+v, %v; want it to follow %s", r3, err, old.Hash)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 3 {
		t.Fatalf("verify: %d, %v", n, err)
	}
	db.Close()
	p := copyLedger(t, path)
	tamper(t, p, func(b *bolt.Bucket) error {
		v := append([]byte(nil), b.Get(u64(1))...)
		v[len(v)-3]++
		return b.Put(u64(1), v)
	})
	d, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var be *AuditBrokenError
	if _, err := d.VerifyAudit(); !errors.As(err, &be) || be.Seq != 1 || be.Code != ledger.AuditChanged {
		t.Fatalf("an edited JSON record: %v", err)
	}
}
