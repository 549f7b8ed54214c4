package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is not set.
const DefaultTimeout = time.Second

// Options tune Open. The zero value is what production uses.
type Options struct {
	// Timeout is how long Open waits for the file lock held by another
	// process (or another handle) before failing with ErrLocked;
	// zero or negative means DefaultTimeout. Open never waits forever.
	Timeout time.Duration
	// Now is the clock for CreatedAt, UpdatedAt, Change.At and reference
	// dates; nil means time.Now. Tests inject a fake.
	Now func() time.Time
	// NoSync skips fsync: commits are not durable. Tests and benchmarks only.
	NoSync bool
}

// DB is an open ledger. It is safe for concurrent use by many goroutines;
// only one DB (one process) can hold a file at a time.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time
	c    *committer
}

// Open opens the ledger at path, creating it (parent directories 0700, file
// 0600) if it does not exist, and brings its schema up to date. If another
// handle holds the file, Open fails within opts.Timeout with an error that
// matches ErrLocked and names the file. A file written by a newer schema is
// refused with ErrSchemaTooNew and left untouched.
func Open(path string, opts Options) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("storage: ledger path %q: %w", path, err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("storage: create ledger directory: %w", err)
	}
	bdb, err := bolt.Open(abs, 0o600, &bolt.Options{
		Timeout: opts.Timeout,
		NoSync:  opts.NoSync,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, &lockedError{path: abs, timeout: opts.Timeout}
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open ledger %s: %w", abs, err)
	}
	if err := migrate(bdb, abs, migrateEnv{now: opts.Now}); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	return &DB{bolt: bdb, path: abs, now: opts.Now, c: newCommitter(bdb)}, nil
}

// Close waits for queued writes to commit, stops the committer and closes
// the file, releasing its lock. Every other method called after Close
// returns ErrClosed; Close itself may be called again and returns nil.
func (db *DB) Close() error {
	db.c.close()
	err := db.bolt.Close()
	if err != nil {
		return fmt.Errorf("storage: close ledger %s: %w", db.path, err)
	}
	return nil
}

// Path is the absolute path of the ledger file.
func (db *DB) Path() string { return db.path }

// Meta describes the ledger file itself.
type Meta struct {
	SchemaVersion  int       // the schema the file is in (this program's current one once opened)
	InstallationID string    // 12 digits, chosen at random when the file was created; part of every reference
	CreatedAt      time.Time // when the file was created
}

// Meta returns the ledger's schema version, installation id and creation time.
func (db *DB) Meta() (Meta, error) {
	var m Meta
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		m = Meta{
			SchemaVersion:  int(getU64(b.Get(keySchemaVersion))),
			InstallationID: string(b.Get(keyInstallationID)),
			CreatedAt:      timeOf(int64(getU64(b.Get(keyCreatedAt)))),
		}
		return nil
	})
	return m, err
}

// write runs fn through the committer: durable when it returns nil.
func (db *DB) write(fn writeFn) error { return db.c.do(fn) }

// view runs fn in a read-only transaction; ErrClosed after Close.
func (db *DB) view(fn func(*bolt.Tx) error) error {
	err := db.bolt.View(fn)
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return err
}

// now is the injected clock, cleaned for storage.
func (db *DB) nowUTC() time.Time { return clean(db.now()) }
