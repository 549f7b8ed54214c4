package storage

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The append-only buckets keep their pages packed (appendFill) whichever
// commit writes them: txns and audit at every transaction, idx_time and
// idx_receipt at the fold.
func TestAppendOnlyBucketsStayPacked(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	for range 3_000 {
		tr := mustBegin(t, db, newTxn(10_000))
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, Code: "2003800"})
	}
	db.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketTxns, bucketAudit, bucketTime, bucketReceipt} {
			st := tx.Bucket(name).Stats()
			if used := float64(st.LeafInuse) / float64(st.LeafAlloc); st.LeafPageN < 4 || used < 0.8 {
				t.Errorf("%s: %d leaf pages %.0f %% used, want packed (appendFill)", name, st.LeafPageN, 100*used)
			}
		}
		return nil
	})
}
