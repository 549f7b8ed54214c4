package storage

import bolt "go.etcd.io/bbolt"

// MarkPrinted records that n more slips of transaction ref were printed, in
// one commit, and returns the transaction as stored. It is the only change
// a final transaction takes: the count lets the next slip say REPRINT only
// when one was printed before. An unknown ref gives ErrNotFound.
func (db *DB) MarkPrinted(ref string, n int) (Txn, error) {
	var out Txn
	err := db.write(func(tx *bolt.Tx) error {
		t, err := getTxn(tx, ref)
		if err != nil {
			return err
		}
		t.Printed += max(n, 0)
		if err := putTxn(tx, &t); err != nil {
			return err
		}
		out = t
		return nil
	})
	if err != nil {
		return Txn{}, err
	}
	return out, nil
}
