package storage

import (
	"fmt"
	"time"

	berrors "go.etcd.io/bbolt/errors"
)

// lockedError is returned by Open when the file lock is not acquired in time.
type lockedError struct {
	path    string
	timeout time.Duration
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("ledger %s is in use by another ovocashier process (lock not acquired within %s)", e.path, e.timeout)
}

func (e *lockedError) Is(target error) bool {
	return target == ErrLocked || target == berrors.ErrTimeout
}

// schemaError is returned by Open for a file with a newer schema.
type schemaError struct {
	path           string
	found, current int
}

func (e *schemaError) Error() string {
	return fmt.Sprintf("ledger %s has schema version %d but this ovocashier only knows up to version %d; upgrade ovocashier to open it", e.path, e.found, e.current)
}

func (e *schemaError) Is(target error) bool { return target == ErrSchemaTooNew }
