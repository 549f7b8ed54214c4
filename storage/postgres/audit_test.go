package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// A changed byte, a removed record and a removed last record are each
// found, naming the record, as on the bbolt ledger.
func TestAuditTamperingFound(t *testing.T) {
	for _, c := range []struct {
		name    string
		sql     string
		wantSeq uint64
	}{
		{"changed byte", `UPDATE audit SET body = overlay(body placing '#'::bytea from 10 for 1) WHERE seq = 3`, 3},
		// The body is binary (ledger.SealAudit): flip a bit of its last byte.
		{"changed hash with body", `UPDATE audit SET body = set_byte(body, length(body) - 1, get_byte(body, length(body) - 1) # 1) WHERE seq = 2`, 2},
		{"removed record", `DELETE FROM audit WHERE seq = 4`, 4},
		{"removed last", `DELETE FROM audit WHERE seq = 5`, 5},
		{"removed head", `DELETE FROM audit_head`, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := open(t, pgtest.DB(t), Options{})
			for i := range 5 {
				if _, err := db.AppendAudit(ledger.AuditEntry{Who: "siti", From: "terminal T1", Action: "login", Amount: int64(i + 1)}); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := db.VerifyAudit(); err != nil || n != 5 {
				t.Fatalf("before: %d %v", n, err)
			}
			tag, err := db.Pool().Exec(context.Background(), c.sql)
			if err != nil || tag.RowsAffected() != 1 {
				t.Fatalf("tamper: %v (%d rows)", err, tag.RowsAffected())
			}
			_, err = db.VerifyAudit()
			var be *ledger.AuditBrokenError
			if !errors.As(err, &be) || be.Seq != c.wantSeq {
				t.Fatalf("verify after %s: %v, want record %d named", c.name, err, c.wantSeq)
			}
		})
	}
}
