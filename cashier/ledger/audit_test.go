package ledger

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestSealAuditCanonical pins the canonical bytes and hash of a record in
// the JSON form (the records sealed before the binary form): a backend
// that encodes them differently breaks every chain it shares.
func TestSealAuditCanonical(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 89, time.FixedZone("WIB", 7*3600))
	r := AuditEntry{Who: "siti", Role: "cashier", From: "terminal T1", Action: "send", Ref: "R1", Amount: 50000, Detail: "topup x"}.
		Record(3, at, "ab")
	r.Hash, r.Form = "ignored", AuditFormJSON
	body, hash, err := SealAudit(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"seq":3,"at":"2026-03-03T22:06:07.000000089Z","who":"siti","role":"cashier","from":"terminal T1","action":"send","ref":"R1","amount":50000,"detail":"topup x","prev":"ab"}`
	if string(body) != want {
		t.Fatalf("body\n got %s\nwant %s", body, want)
	}
	if hash != AuditHash([]byte(want)) || len(hash) != 64 {
		t.Fatalf("hash %q is not the SHA-256 of the body", hash)
	}
	back, err := ParseAudit(body)
	if err != nil {
		t.Fatal(err)
	}
	if back.Hash != hash || back.Seq != 3 || !back.At.Equal(at) || back.Prev != "ab" {
		t.Fatalf("parsed back %+v", back)
	}
	if err := back.Follows(3, "ab"); err != nil {
		t.Fatalf("Follows: %v", err)
	}
	for _, c := range []struct {
		seq  uint64
		prev string
	}{{4, "ab"}, {3, "cd"}} {
		if err := back.Follows(c.seq, c.prev); !errors.Is(err, ErrAuditBroken) {
			t.Errorf("Follows(%d, %q) = %v, want ErrAuditBroken", c.seq, c.prev, err)
		}
	}
	if _, err := ParseAudit([]byte(`{"seq":1,"extra":2}`)); err == nil {
		t.Error("a body with an unknown field parsed")
	}
}

// TestSealAuditBinary pins the binary form: its bytes, its hash, that it
// reads back to the same record, that digits are packed, and that every
// other body of the same record (or a cut or padded one) is refused.
func TestSealAuditBinary(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 89, time.FixedZone("WIB", 7*3600))
	prev := AuditHash([]byte("the record before"))
	r := AuditEntry{Who: "siti", Role: "cashier", From: "terminal T1", Action: "send", Ref: "202603041234567890120000000042", Amount: 50000, Detail: "topup"}.
		Record(300, at, prev)
	body, hash, err := SealAudit(r)
	if err != nil {
		t.Fatal(err)
	}
	const wantHex = "02ac02" + "1899741630925659" + // seq 300, at
		"1073697469" + "0e" + "2c7465726d696e616c205431" + "1a" + // who, role (a word), from, action (a word)
		"79202603041234567890120000000042" + "76" + "a08d06" // ref (30 digits packed), detail (a word), amount
	if got := hex.EncodeToString(body); got != wantHex+prev {
		t.Fatalf("body\n got %s\nwant %s", got, wantHex+prev)
	}
	if hash != AuditHash(body) || len(body) != len(wantHex)/2+32 {
		t.Fatalf("hash %q is not the SHA-256 of the body (%d bytes)", hash, len(body))
	}
	back, err := ParseAudit(body)
	if err != nil {
		t.Fatal(err)
	}
	r.Hash = hash
	if !reflect.DeepEqual(back, r) {
		t.Fatalf("parsed back\n%+v\nwant\n%+v", back, r)
	}
	first := AuditEntry{Who: "ovocashier", From: "ovo", Action: "settle", Ref: "7", Amount: -3, Detail: "12345"}.Record(1, at, "")
	b1, _, _ := SealAudit(first)
	if back, err := ParseAudit(b1); err != nil || back.Prev != "" || back.Amount != -3 || back.Detail != "12345" || back.Ref != "7" {
		t.Fatalf("the first record read back as %+v, %v", back, err)
	}
	const head, tail = "01" + "01" + "0000000000000001", "0000000000" + "00" // form 0x01, seq 1, at; role … detail empty, amount 0
	if r, err := ParseAudit(mustHex(head + "05" + "10" + tail)); err != nil || r.Who != "10" {
		t.Errorf("a small record of the first binary form: %+v, %v", r, err)
	}
	const head2 = "02" + "01" + "0000000000000001"
	if r, err := ParseAudit(mustHex(head2 + "09" + "10" + "02" + "00000000" + "00")); err != nil || r.Who != "10" || r.Role != "ovocashier" {
		t.Errorf("a small record: %+v, %v", r, err)
	}
	for name, bad := range map[string][]byte{
		"cut":                    body[:len(body)-1],
		"padded":                 append(append([]byte(nil), body...), 0),
		"a prev cut short":       append(append([]byte(nil), b1...), 1, 2, 3),
		"digits not packed":      mustHex(head + "04" + "3130" + tail),
		"odd digit padding":      mustHex(head + "07" + "101f" + tail),
		"a nibble above nine":    mustHex(head + "05" + "1a" + tail),
		"empty":                  {1},
		"a word not in the list": mustHex(head2 + fmt.Sprintf("%02x", len(auditWords)<<2|2) + tail),
		"a fourth kind":          mustHex(head2 + "03" + tail),
		"a word written out":     mustHex(head2 + "0c" + "6f766f" + tail), // "ovo"
		"digits not packed (v2)": mustHex(head2 + "08" + "3130" + tail),
	} {
		if _, err := ParseAudit(bad); !errors.Is(err, ErrAuditBroken) {
			t.Errorf("%s: parsed (%v)", name, err)
		}
	}
	// A record the binary form cannot hold is sealed as JSON, and read back
	// so; a JSON record is sealed as JSON again.
	odd := first
	odd.Prev = "not a hash"
	jb, jh, _ := SealAudit(odd)
	if jb[0] != '{' {
		t.Fatalf("a record with an odd prev sealed as %q", jb)
	}
	jr, err := ParseAudit(jb)
	if err != nil || jr.Form != AuditFormJSON {
		t.Fatalf("read back %+v, %v", jr, err)
	}
	if _, again, _ := SealAudit(jr); again != jh {
		t.Fatal("a JSON record does not reseal to its hash")
	}
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Whatever ParseAudit accepts reseals to exactly its bytes (one body per
// record), and nothing crashes it.
func FuzzParseAudit(f *testing.F) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 89, time.UTC)
	for _, r := range []AuditRecord{
		AuditEntry{Who: "siti", Role: "cashier", From: "terminal T1", Action: "send", Ref: "202603041234567890120000000042", Amount: 50000, Detail: "topup"}.Record(2, at, AuditHash(nil)),
		AuditEntry{Who: "ovocashier", From: "ovo", Action: "settle", Amount: -1, Detail: "topup success 2003800"}.Record(1, at, ""),
		{Seq: 3, At: at, Who: "x", Prev: "ab", Form: AuditFormJSON},
	} {
		body, _, err := SealAudit(r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Add([]byte{auditBinaryV1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0x10, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := ParseAudit(body)
		if err != nil {
			return
		}
		again, hash, err := SealAudit(r)
		if err != nil {
			t.Fatal(err)
		}
		if body[0] != '{' && (!bytes.Equal(again, body) || hash != r.Hash) {
			t.Fatalf("%x reseals as %x", body, again)
		}
	})
}
