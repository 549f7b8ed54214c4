package ledger

import (
	"errors"
	"testing"
	"time"
)

// TestSealAuditCanonical pins the canonical bytes and hash of a record: a
// backend that encodes them differently breaks every chain it shares.
func TestSealAuditCanonical(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 89, time.FixedZone("WIB", 7*3600))
	r := AuditEntry{Who: "siti", Role: "cashier", From: "terminal T1", Action: "send", Ref: "R1", Amount: 50000, Detail: "topup x"}.
		Record(3, at, "ab")
	r.Hash = "ignored"
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
