package cashier_test

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/storage"
)

// rewriteAuditTail rewrites the audit trail of the ledger file from record
// from on as a forger with the file would: record from gets detail, the
// records after it are kept only up to keep (0: all), and every hash, prev
// and the head are computed again, so the chain verifies on its own.
func rewriteAuditTail(t *testing.T, path string, from, keep uint64, detail string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := func(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
	err = db.Update(func(tx *bolt.Tx) error {
		b, hb := tx.Bucket([]byte("audit")), tx.Bucket([]byte("audit_head"))
		prev := ""
		if from > 1 {
			body, _ := storage.AuditBody(b.Get(key(from - 1)))
			r, err := ledger.ParseAudit(body)
			if err != nil {
				return err
			}
			prev = r.Hash
		}
		var last uint64
		var lastSum []byte
		for n := from; ; n++ {
			v := b.Get(key(n))
			if v == nil {
				break
			}
			if keep > 0 && n > keep {
				if err := b.Delete(key(n)); err != nil {
					return err
				}
				continue
			}
			body, _ := storage.AuditBody(v)
			r, err := ledger.ParseAudit(body)
			if err != nil {
				return err
			}
			if n == from {
				r.Detail = detail
			}
			r.Prev = prev
			body, hash, err := ledger.SealAudit(r)
			if err != nil {
				return err
			}
			sum, _ := hex.DecodeString(hash)
			if err := b.Put(key(n), append(sum, body...)); err != nil {
				return err
			}
			prev, last, lastSum = hash, n, sum
		}
		return hb.Put([]byte("head"), append(key(last), lastSum...))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The chain alone cannot show a rewritten tail (every hash can be computed
// again); an anchor kept outside the ledger can: rewriting the records
// from an anchored one (or before it) on, or dropping it, is detected and
// names the anchored record. Rewriting only records after the anchor is
// left to a later anchor.
func TestAuditAnchorDetectsRewrittenTail(t *testing.T) {
	for _, tc := range []struct {
		name       string
		from, keep uint64
		want       ledger.AuditBreak
	}{
		{"rewrite from before the anchor", 3, 0, ledger.AuditAnchorDiffers},
		{"rewrite the anchored record", 5, 0, ledger.AuditAnchorDiffers},
		{"cut before the anchor", 3, 4, ledger.AuditAnchorMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			e := testenv.New(t, testenv.Options{Dir: dir, NoStart: true})
			by := cashier.Actor{Name: "siti", Role: cashier.RoleSupervisor, From: "terminal T1"}
			for range 5 {
				e.Service.Audit(by, "reprint", "R1", 1000, "")
			}
			anchor, err := e.Service.AuditHead()
			if err != nil || anchor.Seq != 5 || len(anchor.Hash) != 64 {
				t.Fatalf("head: %+v %v", anchor, err)
			}
			parsed, err := cashier.ParseAuditAnchor(anchor.String()[:2+cashier.MinAnchorHex]) // a slip may keep a prefix
			if err != nil {
				t.Fatal(err)
			}
			e.Service.Audit(by, "reprint", "R2", 2000, "")
			if _, err := e.Service.VerifyAuditAnchors([]cashier.AuditAnchor{anchor, parsed}); err != nil {
				t.Fatalf("an untouched chain: %v", err)
			}
			e.Close()

			rewriteAuditTail(t, filepath.Join(dir, "ledger.db"), tc.from, tc.keep, "forged")
			e = testenv.New(t, testenv.Options{Dir: dir, NoStart: true})
			if n, err := e.Service.VerifyAudit(); err != nil {
				t.Fatalf("the rewritten chain does not verify on its own (the forgery is not the one this test means): %d %v", n, err)
			}
			for _, a := range []cashier.AuditAnchor{anchor, parsed} {
				_, err := e.Service.VerifyAuditAnchors([]cashier.AuditAnchor{a})
				var be *ledger.AuditBrokenError
				if !errors.As(err, &be) || be.Code != tc.want || be.Seq != 5 {
					t.Fatalf("anchor %s after the rewrite: %v; want %s at record 5", a, err, tc.want)
				}
			}
		})
	}
	for _, bad := range []string{"", "5", "5:", "x:0123456789abcdef", "0:0123456789abcdef", "5:0123", "5:0123456789abcdeg"} {
		if _, err := cashier.ParseAuditAnchor(bad); !errors.Is(err, cashier.ErrInvalidInput) {
			t.Errorf("anchor %q: %v", bad, err)
		}
	}
}
