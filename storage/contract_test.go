package storage_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/storage"
)

// TestContract runs the ledger contract suite against the bbolt ledger: a
// fresh file per case, one handle at a time (the file lock).
func TestContract(t *testing.T) {
	ledgertest.Run(t, ledgertest.Backend{
		New: func(t *testing.T, now func() time.Time) func(t *testing.T) ledgertest.Core {
			path := filepath.Join(t.TempDir(), "ledger.db")
			return func(t *testing.T) ledgertest.Core {
				db, err := storage.Open(path, storage.Options{NoSync: true, Now: now})
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return db
			}
		},
		Check: func(l ledgertest.Core) error { return l.(*storage.DB).Check() },
	})
}
