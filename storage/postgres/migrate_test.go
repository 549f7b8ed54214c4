package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// open opens a ledger on a fresh test database and closes it at the end.
func open(t *testing.T, url string, opts Options) *DB {
	t.Helper()
	db, err := Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].Version != 1 {
		t.Fatalf("migrations %v: want 0001 first", ms)
	}
}

// Processes starting at once on an empty database migrate it once, and
// agree on one installation id.
func TestOpenConcurrentMigratesOnce(t *testing.T) {
	url := pgtest.DB(t)
	var wg sync.WaitGroup
	ids := make([]string, 4)
	errs := make([]error, 4)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(context.Background(), url, Options{})
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			m, err := db.Meta()
			ids[i], errs[i] = m.InstallationID, err
			if err == nil && m.SchemaVersion != SchemaVersion() {
				t.Errorf("schema version %d, want %d", m.SchemaVersion, SchemaVersion())
			}
		}()
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil {
			t.Fatalf("open %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] || len(ids[i]) != 12 {
			t.Fatalf("installation ids %q", ids)
		}
	}
}

// A database migrated by a newer program is refused and left untouched.
func TestOpenRefusesNewerSchema(t *testing.T) {
	url := pgtest.DB(t)
	db := open(t, url, Options{})
	next := SchemaVersion() + 1
	if _, err := db.Pool().Exec(context.Background(),
		`INSERT INTO schema_migrations (version, name, applied_ns) VALUES ($1, 'future', 0)`, next); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), url, Options{})
	var se *SchemaError
	if !errors.Is(err, ledger.ErrSchemaTooNew) || !errors.As(err, &se) || se.Found != next {
		t.Fatalf("Open on a newer schema: %v, want ErrSchemaTooNew naming %d", err, next)
	}
	ms, _ := Migrations() // versions may leave gaps (0001–0009 core, 0010–0019 the rest)
	var n int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms)+1 {
		t.Fatalf("schema_migrations rows %d (%v), want %d untouched", n, err, len(ms)+1)
	}
}

// After Close every call says ErrClosed.
func TestClosed(t *testing.T) {
	db := open(t, pgtest.DB(t), Options{})
	db.Close()
	if _, err := db.Meta(); !errors.Is(err, ledger.ErrClosed) {
		t.Fatalf("Meta after Close: %v", err)
	}
}
