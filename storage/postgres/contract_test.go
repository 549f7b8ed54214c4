package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// TestContract runs the ledger contract suite against PostgreSQL: a fresh
// database per case, handles as separate pools (as separate processes
// would have).
func TestContract(t *testing.T) {
	pgtest.URL(t)
	ledgertest.Run(t, ledgertest.Backend{
		Shared: true,
		New: func(t *testing.T, now func() time.Time) func(t *testing.T) ledgertest.Core {
			url := pgtest.DB(t)
			return func(t *testing.T) ledgertest.Core {
				db, err := Open(context.Background(), url, Options{Now: now, MaxConns: 8})
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return db
			}
		},
		Die: func(t *testing.T, l ledgertest.Core) { die(t, l.(*DB)) },
	})
}
