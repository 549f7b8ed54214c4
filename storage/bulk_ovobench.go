//go:build ovobench

package storage

import (
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// BulkLoad writes n successful top ups of amount straight into the ledger's
// buckets and indexes (and idx_shift when shiftID is given), created from
// `from` one step apart, batch transactions per bbolt commit, bypassing the
// committer and the deposit mirror. It exists for the ovobench benchmarks,
// which need a ledger of a million transactions in seconds; nothing else
// may call it.
func (db *DB) BulkLoad(n int, shiftID string, from time.Time, step time.Duration, amount int64, batch int) error {
	for done := 0; done < n; {
		k := min(batch, n-done)
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			inst := string(meta.Get(keyInstallationID))
			seqRef, seqReceipt := getU64(meta.Get(keySeqRef)), getU64(meta.Get(keySeqReceipt))
			for i := range k {
				seqRef++
				seqReceipt++
				at := clean(from.Add(time.Duration(done+i) * step))
				t := Txn{PartnerReferenceNo: ledger.FormatRef(at.In(jakarta).Format("20060102"), inst, seqRef), Kind: KindTopUp,
					State: StateSuccess, CustomerNumber: fmt.Sprintf("0812%08d", (done+i)%100_000_000), CustomerName: "Budi Santoso",
					Amount: amount, Fee: 1_000, Operator: "bench", Outlet: "Outlet", ExternalID: "1", ShiftID: shiftID,
					ReferenceNo: "OVO", ResponseCode: "2003800", ReceiptNo: ledger.FormatReceipt(seqReceipt), CreatedAt: at, UpdatedAt: at,
					History: []Change{{State: StatePending, At: at}, {State: StateSuccess, At: at, Code: "2003800"}}}
				if err := putTxn(tx, &t); err != nil {
					return err
				}
				tk := timeKey(at, t.PartnerReferenceNo, inst)
				for _, kv := range []struct {
					b    []byte
					k, v []byte
				}{{bucketTime, tk, nil}, {bucketPhone, phoneKey(t.CustomerNumber, tk), nil},
					{bucketReceipt, []byte(t.ReceiptNo), receiptValue(t.PartnerReferenceNo, inst)}} {
					if err := tx.Bucket(kv.b).Put(kv.k, kv.v); err != nil {
						return err
					}
				}
				if err := indexShift(tx, &t, tk); err != nil {
					return err
				}
			}
			if err := meta.Put(keySeqRef, u64(seqRef)); err != nil {
				return err
			}
			return meta.Put(keySeqReceipt, u64(seqReceipt))
		})
		if err != nil {
			return err
		}
		done += k
	}
	return nil
}
