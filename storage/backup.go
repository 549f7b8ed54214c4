package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the ledger, as of one moment, to a new
// file at path while the ledger stays in use (bbolt's Tx.WriteTo inside a
// read transaction: writers are not blocked). It refuses to overwrite an
// existing file, writes mode 0600, fsyncs the file and its directory, and
// then opens the copy read-only and runs the full Verify on it. On any
// error the partial copy is removed. It returns the bytes written.
//
// A copy is for restoring after the ledger is lost or damaged, with the
// live ledger gone: running a copy next to the ledger it came from would
// hand out the same references and receipt numbers twice.
func (db *DB) Backup(path string) (n int64, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, fmt.Errorf("storage: backup path %q: %w", path, err)
	}
	if abs == db.path {
		return 0, fmt.Errorf("storage: backup to %s: that is the ledger itself", abs)
	}
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return 0, fmt.Errorf("storage: backup to %s: the file exists; choose a new name (a backup never overwrites)", abs)
	}
	if err != nil {
		return 0, fmt.Errorf("storage: backup: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(abs)
		}
	}()
	if err = db.view(func(tx *bolt.Tx) (err error) {
		n, err = tx.WriteTo(f)
		return err
	}); err != nil {
		return 0, fmt.Errorf("storage: backup to %s: %w", abs, err)
	}
	if err = f.Sync(); err != nil {
		return 0, fmt.Errorf("storage: backup to %s: %w", abs, err)
	}
	if err = f.Close(); err != nil {
		return 0, fmt.Errorf("storage: backup to %s: %w", abs, err)
	}
	if err = syncDir(filepath.Dir(abs)); err != nil {
		return 0, err
	}
	cp, err := Open(abs, Options{ReadOnly: true, CheckBudget: -1})
	if err != nil {
		return 0, fmt.Errorf("storage: the backup %s does not open: %w", abs, err)
	}
	defer cp.Close()
	if err = cp.Verify(context.Background()); err != nil {
		return 0, fmt.Errorf("storage: the backup %s does not verify: %w", abs, err)
	}
	return n, nil
}
