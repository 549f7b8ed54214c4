package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The schema, one file per version: migrations/NNNN_name.sql, applied in
// order. A file, once released, is never edited: a change is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLockKey is the advisory lock that serialises processes
// migrating the same database at once ("ovomigr" in ASCII).
const migrationLockKey = 0x6f766f6d696772

// Migration is one schema version this program knows.
type Migration struct {
	Version int
	Name    string // the file name
	SQL     string
}

// Migrations are the schema versions this program knows, in order.
func Migrations() ([]Migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("postgres: migration file %s is not NNNN_name.sql", base)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("postgres: migrations %s and %s have the same version", other, base)
		}
		seen[v] = base
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: base, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// SchemaVersion is the newest schema version this program knows.
func SchemaVersion() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// SchemaError reports a database whose schema is newer than this program
// knows. It matches ErrSchemaTooNew.
type SchemaError struct {
	Found, Known int
}

// Error says what was found and what to do.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("postgres: the ledger database has schema version %d but this ovocashier only knows up to version %d; upgrade ovocashier to use it", e.Found, e.Known)
}

// Is makes errors.Is(err, ErrSchemaTooNew) true.
func (e *SchemaError) Is(target error) bool { return target == ledger.ErrSchemaTooNew }

// migrate brings the database's schema up to the newest version this
// program knows, in one transaction under an advisory lock (so processes
// starting at once migrate once), recording each version in
// schema_migrations. A database with a version this program does not know
// is refused with a *SchemaError and left untouched.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	known := ms[len(ms)-1].Version
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLockKey)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INT PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_ns BIGINT NOT NULL)`); err != nil {
			return err
		}
		applied := map[int]bool{}
		rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		vs, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v > known {
				return &SchemaError{Found: v, Known: known}
			}
			applied[v] = true
		}
		for _, m := range ms {
			if applied[m.Version] {
				continue
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_ns) VALUES ($1, $2, $3)`,
				m.Version, m.Name, ledger.NanosOf(timeNow())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if _, ok := err.(*SchemaError); ok {
			return err
		}
		return fmt.Errorf("postgres: schema: %w", err)
	}
	return nil
}
