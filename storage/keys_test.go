package storage

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// The time keys of this installation's references carry the reference's
// sequence in 5 bytes and give the reference back, on either side of
// midnight in Jakarta; any other reference keeps the text form.
func TestTimeKeyForms(t *testing.T) {
	const inst = "123456789012"
	for _, at := range []time.Time{jkt(2026, 12, 1, 23, 59, 59), jkt(2026, 12, 2, 0, 0, 0), jkt(2026, 12, 2, 6, 59, 59)} {
		ref := ledger.FormatRef(at.In(jakarta).Format("20060102"), inst, 4_200_000_001)
		tk := timeKey(at, ref, inst)
		if len(tk) != packedTimeKey || refOfTimeKey(tk, inst) != ref {
			t.Errorf("%v: key %x gives back %s, want %s in %d bytes", at, tk, refOfTimeKey(tk, inst), ref, packedTimeKey)
		}
		if k := txnKey(ref, inst); len(k) != packedTxnKey || refOfTxnKey(k, inst) != ref {
			t.Errorf("%v: txns key %x gives back %s", at, k, refOfTxnKey(k, inst))
		}
		v := receiptValue(ref, inst)
		if len(v) > 10 || refOfReceiptValue(v, inst) != ref {
			t.Errorf("%v: receipt value %x gives back %s", at, v, refOfReceiptValue(v, inst))
		}
		for _, other := range []struct {
			ref string
			at  time.Time
		}{
			{ledger.FormatRef(at.In(jakarta).Format("20060102"), "999999999999", 7), at}, // another installation
			{ref, at.Add(24 * time.Hour)},               // dated another day
			{"202612011234567890120000000001"[:26], at}, // not a reference
		} {
			tk := timeKey(other.at, other.ref, inst)
			if string(tk[8:]) != other.ref || refOfTimeKey(tk, inst) != other.ref {
				t.Errorf("%s at %v: key %x", other.ref, other.at, tk)
			}
			if k := txnKey(other.ref, inst); other.at == at && (string(k) != other.ref || refOfTxnKey(k, inst) != other.ref) {
				t.Errorf("%s: txns key %x", other.ref, k)
			}
			if v := receiptValue(other.ref, inst); refOfReceiptValue(v, inst) != other.ref {
				t.Errorf("%s: receipt value %x", other.ref, v)
			}
		}
	}
}

// A ledger written before schema 5 holds its transactions and index keys
// under the reference as text and its receipt index with the reference as
// value: history, reports, receipts, changes and the check read them as
// before, and a change keeps a transaction where it is.
func TestTextIndexKeysStillRead(t *testing.T) {
	clk := newClock(testStart)
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{Now: clk.Now, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1_000_000)
	s, err := db.OpenShift(NewShift{Operator: "ani", Terminal: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for i := range 3 {
		n := newTxn(int64(10_000 * (i + 1)))
		n.ShiftID = s.ID
		tr := mustBegin(t, db, n)
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "OVO1", Code: "2003800"})
		refs = append(refs, tr.PartnerReferenceNo)
		clk.Set(testStart.Add(time.Duration(i+1) * time.Minute))
	}
	db.Close()
	// Rewrite the first two transactions' keys in the old form.
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		inst := installation(tx)
		for _, ref := range refs[:2] {
			tr, err := getTxn(tx, ref)
			if err != nil {
				return err
			}
			packed, text := timeKey(tr.CreatedAt, ref, inst), append(stamp(tr.CreatedAt), ref...)
			if len(packed) != packedTimeKey {
				t.Fatalf("a new key is not packed: %x", packed)
			}
			for _, kv := range []struct {
				bucket []byte
				prefix []byte
			}{{bucketTime, nil}, {bucketPhone, phonePrefix(tr.CustomerNumber)}, {bucketShiftTxns, shiftPrefix(s.ID)}} {
				b := tx.Bucket(kv.bucket)
				if err := b.Delete(cat(kv.prefix, packed)); err != nil {
					return err
				}
				if err := b.Put(cat(kv.prefix, text), nil); err != nil {
					return err
				}
			}
			if err := tx.Bucket(bucketReceipt).Put([]byte(tr.ReceiptNo), []byte(ref)); err != nil {
				return err
			}
			txns := tx.Bucket(bucketTxns)
			v := append([]byte(nil), txns.Get(txnKey(ref, inst))...)
			if err := txns.Delete(txnKey(ref, inst)); err != nil {
				return err
			}
			if err := txns.Put([]byte(ref), v); err != nil {
				return err
			}
		}
		return nil
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{Now: clk.Now, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	if tr, err := db.MarkPrinted(refs[0], 1); err != nil || tr.Printed != 1 {
		t.Fatalf("a change of an old transaction: %+v, %v", tr, err)
	}
	mustCheck(t, db) // still one value, under its text key
	p, err := db.History(Query{Limit: 2})
	if err != nil || len(p.Txns) != 2 || p.Txns[0].PartnerReferenceNo != refs[2] || p.Txns[1].PartnerReferenceNo != refs[1] {
		t.Fatalf("history page 1: %+v, %v", p, err)
	}
	p, err = db.History(Query{Limit: 2, Before: p.Next})
	if err != nil || len(p.Txns) != 1 || p.Txns[0].PartnerReferenceNo != refs[0] {
		t.Fatalf("history page 2: %+v, %v", p, err)
	}
	p, err = db.History(Query{Phone: newTxn(1).CustomerNumber})
	if err != nil || len(p.Txns) != 3 {
		t.Fatalf("history by phone: %d, %v", len(p.Txns), err)
	}
	var got []string
	if err := db.ShiftTxns(s.ID, func(tr Txn) error { got = append(got, tr.PartnerReferenceNo); return nil }); err != nil || len(got) != 3 || got[0] != refs[0] {
		t.Fatalf("shift: %v, %v", got, err)
	}
	got = nil
	if err := db.RangeTxns(testStart.Add(-time.Hour), testStart.Add(time.Hour), func(tr Txn) error { got = append(got, tr.PartnerReferenceNo); return nil }); err != nil || len(got) != 3 {
		t.Fatalf("range: %v, %v", got, err)
	}
	for _, ref := range refs {
		tr, _ := db.Get(ref)
		if back, err := db.GetByReceipt(tr.ReceiptNo); err != nil || back.PartnerReferenceNo != ref {
			t.Fatalf("receipt %s: %s, %v", tr.ReceiptNo, back.PartnerReferenceNo, err)
		}
	}
}
