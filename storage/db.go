package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
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
	// ReadOnly opens an existing ledger for reading only (a shared lock, so
	// it waits for a process that has the ledger open for writing): the
	// file is never created, migrated or written, and every write returns
	// ErrReadOnly. For the read-only commands on a read-only file system.
	ReadOnly bool
	// CheckBudget bounds the part of Open's check that grows with the file
	// (see DB.Verify for the full one); zero means DefaultCheckBudget,
	// negative checks only what every write touches.
	CheckBudget time.Duration
}

// DB is an open ledger. It is safe for concurrent use by many goroutines;
// only one DB (one process) can hold a file at a time.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time
	c    *committer
}

// Open opens the ledger at path and brings its schema up to date. Only a
// path that does not exist creates a new ledger (parent directories 0700,
// file 0600), built under a temporary name and linked into place once
// complete, so a crash never leaves an empty file behind. An existing file
// is checked before it is used (see quickCheck): an empty, truncated or
// damaged one is refused with a *DamagedError matching ErrDamaged and is
// never re-initialised. If another handle holds the file, Open fails within
// opts.Timeout with an error that matches ErrLocked and names the file. A
// file written by a newer schema is refused with ErrSchemaTooNew and left
// untouched.
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
	if opts.CheckBudget == 0 {
		opts.CheckBudget = DefaultCheckBudget
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !opts.ReadOnly:
		if err := create(abs, opts); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("storage: open ledger %s: %w", abs, err)
	case !fi.Mode().IsRegular():
		return nil, &DamagedError{Path: abs, Detail: "not a regular file"}
	default:
		if err := preflight(abs, fi.Size()); err != nil {
			return nil, err
		}
	}
	bdb, err := openBolt(abs, opts)
	if err != nil {
		return nil, err
	}
	db := &DB{bolt: bdb, path: abs, now: opts.Now, c: newCommitter(bdb, opts.ReadOnly)}
	if fi, err = os.Stat(abs); err == nil {
		err = db.guard(func() error { return migrate(bdb, abs, migrateEnv{now: opts.Now}, opts.ReadOnly) })
	}
	if err == nil {
		err = db.quickCheck(fi.Size(), opts.CheckBudget)
	}
	if err != nil {
		db.c.close()
		_ = bdb.Close()
		return nil, err
	}
	return db, nil
}

// openBolt opens the bbolt file, turning a lock timeout into ErrLocked and
// an unreadable file (bad meta pages, a panic or a fault) into a
// *DamagedError.
func openBolt(abs string, opts Options) (bdb *bolt.DB, err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if p := recover(); p != nil {
			bdb, err = nil, &DamagedError{Path: abs, Detail: fmt.Sprintf("opening it failed: %v", p)}
		}
	}()
	bdb, err = bolt.Open(abs, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, &lockedError{path: abs, timeout: opts.Timeout}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch),
		err != nil && strings.Contains(err.Error(), "file size too small"):
		return nil, &DamagedError{Path: abs, Detail: err.Error()}
	case err != nil:
		return nil, fmt.Errorf("storage: open ledger %s: %w", abs, err)
	}
	bdb.AllocSize = growStep
	return bdb, nil
}

// growStep is how far past its data the ledger file grows when it must
// (bbolt's default is 16 MiB: up to 16 bytes a transaction of room that a
// ledger of a million never used, in the file's size). Each step costs an
// ftruncate and an fsync, once per about 1,500 top ups.
const growStep = 1 << 20

// create makes a new, migrated ledger at abs: it is built under a temporary
// name beside it and linked into place only once complete and synced, so a
// crash leaves either no ledger or a whole one. If another process created
// abs meanwhile, that one is kept.
func create(abs string, opts Options) error {
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("storage: create ledger directory: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".*.creating")
	if err != nil {
		return fmt.Errorf("storage: create ledger %s: %w", abs, err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	bdb, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync})
	if err != nil {
		return fmt.Errorf("storage: create ledger %s: %w", abs, err)
	}
	err = migrate(bdb, abs, migrateEnv{now: opts.Now}, false)
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(tmp, abs); err != nil && !errors.Is(err, fs.ErrExist) {
		// A file system without hard links: rename, which does not refuse
		// an existing file (one created in the last moments by another
		// process would be replaced by this equally empty ledger).
		if err := os.Rename(tmp, abs); err != nil {
			return fmt.Errorf("storage: create ledger %s: %w", abs, err)
		}
	}
	return syncDir(dir)
}

// syncDir makes a directory's entries (a new or renamed file) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("storage: sync directory %s: %w", dir, err)
	}
	return nil
}

// Close waits for queued writes to commit, stops the committer and closes
// the file, releasing its lock. Every other method called after Close
// returns ErrClosed; Close itself may be called again and returns nil.
// Once the ledger was found damaged while open (every call then returns the
// *DamagedError), Close releases nothing: the file stays open and locked
// until the process exits.
func (db *DB) Close() error {
	db.c.close()
	if db.c.broken.Load() != nil {
		// After a panic or a fault bbolt may hold its locks forever; Close
		// would wait on them. The file is left to the process's exit.
		return nil
	}
	err := db.bolt.Close()
	if err != nil {
		return fmt.Errorf("storage: close ledger %s: %w", db.path, err)
	}
	return nil
}

// Path is the absolute path of the ledger file.
func (db *DB) Path() string { return db.path }

// Meta returns the ledger's schema version, installation id and creation time.
func (db *DB) Meta() (Meta, error) {
	var m Meta
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		m = Meta{
			SchemaVersion:  int(getU64(b.Get(keySchemaVersion))),
			InstallationID: string(b.Get(keyInstallationID)),
			CreatedAt:      ledger.TimeOfNanos(int64(getU64(b.Get(keyCreatedAt)))),
		}
		return nil
	})
	return m, err
}

// write runs fn through the committer: durable when it returns nil.
func (db *DB) write(fn writeFn) error { return db.c.do(fn) }

// view runs fn in a read-only transaction, guarded (see guard); ErrClosed
// after Close.
func (db *DB) view(fn func(*bolt.Tx) error) error {
	if e := db.c.broken.Load(); e != nil {
		return e // bbolt may hold its locks forever after a fault: never enter it again
	}
	err := db.guard(func() error { return db.bolt.View(fn) })
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return err
}

// now is the injected clock, cleaned for storage.
func (db *DB) nowUTC() time.Time { return clean(db.now()) }
