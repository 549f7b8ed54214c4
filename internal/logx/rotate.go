package logx

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Rotation defaults: a log file grows to DefaultMaxBytes, then it becomes
// FILE.1 (FILE.1 becomes FILE.2 …) and the oldest beyond DefaultKeep is
// deleted, so the log never takes more than (DefaultKeep+1) × DefaultMaxBytes.
const (
	DefaultMaxBytes = 10 << 20
	DefaultKeep     = 5
)

// RotatingFile is a log file rotated by size. It is safe for concurrent
// use; a write is never split across two files. When another process
// rotated the file first, it follows to the new file instead of rotating
// again.
type RotatingFile struct {
	path     string
	maxBytes int64
	keep     int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// OpenRotating opens (creating, mode 0600, its directory 0700) the log at
// path for appending. maxBytes <= 0 is DefaultMaxBytes; keep < 1 is
// DefaultKeep.
func OpenRotating(path string, maxBytes int64, keep int) (*RotatingFile, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if keep < 1 {
		keep = DefaultKeep
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	r := &RotatingFile{path: path, maxBytes: maxBytes, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *RotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.size = f, fi.Size()
	return nil
}

// Path is the log file's path.
func (r *RotatingFile) Path() string { return r.path }

// Write appends p, rotating first when p would take the file past its
// size (a file holds at least one write, however large).
func (r *RotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	r.follow()
	if r.size > 0 && r.size+int64(len(p)) > r.maxBytes {
		if err := r.rotate(); err != nil {
			// Keep logging into the file we have rather than lose lines.
			fmt.Fprintf(r.f, "log rotation failed: %v\n", err)
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

// follow reopens FILE when it is no longer the file we write: another
// process (or logrotate) moved it away. When it still is, its size is taken
// from the file, so that another process's lines count too. A stat a line:
// the cashier logs a few lines a transaction.
func (r *RotatingFile) follow() {
	fi, err := os.Stat(r.path)
	if err != nil {
		if !os.IsNotExist(err) {
			return
		}
	} else if cur, err := r.f.Stat(); err != nil || os.SameFile(fi, cur) {
		if err == nil {
			r.size = fi.Size()
		}
		return
	}
	old := r.f
	if err := r.open(); err != nil {
		r.f = old
		return
	}
	old.Close()
}

// rotate shifts FILE.i to FILE.i+1 (dropping FILE.keep), FILE to FILE.1,
// and opens a new FILE.
func (r *RotatingFile) rotate() error {
	os.Remove(r.old(r.keep))
	for i := r.keep - 1; i >= 1; i-- {
		if err := os.Rename(r.old(i), r.old(i+1)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.Rename(r.path, r.old(1)); err != nil && !os.IsNotExist(err) {
		return err
	}
	old := r.f
	if err := r.open(); err != nil {
		r.f = old // write on into FILE.1 rather than nowhere
		return err
	}
	old.Close()
	return nil
}

func (r *RotatingFile) old(i int) string { return fmt.Sprintf("%s.%d", r.path, i) }

// Close closes the file; later writes fail with os.ErrClosed.
func (r *RotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
