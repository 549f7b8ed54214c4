package ledger

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every backend returns an error matching one of these
// (with errors.Is) for its condition, so the cashier tells them apart
// without knowing the backend (their texts start "ledger:", whichever
// backend returned them).
var (
	// ErrNotFound: no transaction with that reference or receipt number.
	ErrNotFound = errors.New("ledger: transaction not found")
	// ErrFinal: the transaction is already success or failed and was not
	// changed. The error is a *FinalError; see IsSameFinal.
	ErrFinal = errors.New("ledger: transaction is already final")
	// ErrInsufficientDeposit: the amount exceeds the available deposit. The
	// error is an *InsufficientDepositError.
	ErrInsufficientDeposit = errors.New("ledger: insufficient deposit")
	// ErrLocked: another process (or another handle in this process) holds
	// the ledger. The error text names it.
	ErrLocked = errors.New("ledger: ledger is locked")
	// ErrSchemaTooNew: the ledger was written by a newer ovocashier whose
	// schema this binary does not know; it is left untouched.
	ErrSchemaTooNew = errors.New("ledger: ledger schema is newer than this program")
	// ErrInvalid: an argument was rejected before anything was written. The
	// error is a *ValidationError.
	ErrInvalid = errors.New("ledger: invalid argument")
	// ErrClosed: the ledger was closed.
	ErrClosed = errors.New("ledger: ledger is closed")
	// ErrReadOnly: a write on a ledger opened read-only.
	ErrReadOnly = errors.New("ledger: ledger is open read-only")
)

// InsufficientDepositError reports a Begin refused because Amount is more
// than the deposit Available at that moment. It matches ErrInsufficientDeposit.
type InsufficientDepositError struct {
	Available int64 // what was available when Begin was refused
	Amount    int64 // what Begin asked for
}

// Error says how much was asked for and how much was available.
func (e *InsufficientDepositError) Error() string {
	return fmt.Sprintf("ledger: insufficient deposit: %d requested, %d available", e.Amount, e.Available)
}

// Is makes errors.Is(err, ErrInsufficientDeposit) true.
func (e *InsufficientDepositError) Is(target error) bool { return target == ErrInsufficientDeposit }

// FinalError reports a Settle or NoteCheck on a transaction that is already
// final; the transaction was left unchanged. It matches ErrFinal.
type FinalError struct {
	Ref       string // the transaction
	State     State  // its stored, final state
	Attempted State  // the state Settle was asked to record ("" for NoteCheck)
}

// Error names the transaction, its final state and the refused change.
func (e *FinalError) Error() string {
	if e.Attempted == "" {
		return fmt.Sprintf("ledger: transaction %s is already %s", e.Ref, e.State)
	}
	return fmt.Sprintf("ledger: transaction %s is already %s; not changed to %s", e.Ref, e.State, e.Attempted)
}

// Is makes errors.Is(err, ErrFinal) true.
func (e *FinalError) Is(target error) bool { return target == ErrFinal }

// IsSameFinal reports whether err says that Settle found the transaction
// already in exactly the final state it was asked to record. Callers treat
// that as idempotent success (e.g. a reconciler and a session both learning
// the same outcome); any other ErrFinal is a genuine conflict.
func IsSameFinal(err error) bool {
	var fe *FinalError
	return errors.As(err, &fe) && fe.Attempted == fe.State
}

// ValidationError reports an argument rejected before anything was written.
// It matches ErrInvalid.
type ValidationError struct {
	Field   string // the argument or field, e.g. "Amount"
	Problem string // what is wrong with it
}

// Error names the field and the problem.
func (e *ValidationError) Error() string {
	return "ledger: invalid " + e.Field + ": " + e.Problem
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// ErrDamaged is matched by every error about a ledger that is not a sound
// ledger: empty, truncated, with a page or a value that does not read back,
// or a fault while reading or writing it. The error is a *DamagedError.
var ErrDamaged = errors.New("ledger: ledger is damaged")

// DamagedError reports a damaged ledger. It matches ErrDamaged.
type DamagedError struct {
	Path   string // the ledger file (or the database's name)
	Detail string // what was found
}

// Error names the file, what is wrong and what to do.
func (e *DamagedError) Error() string {
	return fmt.Sprintf("ledger %s is damaged (%s); it was not used: restore it from a backup (see the README, \"The ledger file: checks, backup and restore\") and never run a copy next to the live ledger",
		e.Path, e.Detail)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// AmbiguousError is a number (a receipt, shift, approval or batch number)
// that several outlets of a shared ledger hold, none of them the asking
// handle's: numbers kept as printed when the outlets' own ledgers were
// migrated into one database, each numbered from 1. It matches (errors.Is)
// the not-found error of its lookup (ErrNotFound, ErrNoShift,
// ErrApprovalNotFound, ErrBatchNotFound): it is not this outlet's, and
// which outlet's is meant only the asker can say.
type AmbiguousError struct {
	What     string   // "receipt", "shift", "approval" or "batch"
	Number   string   // the number asked for
	Outlets  []string // the outlets holding it, in order
	NotFound error    // the lookup's not-found error
}

// Error names the number and every outlet that holds it (English, for
// logs; the front ends word it from their catalog).
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s %s is at %d outlets (%s), none of them this one: ask from one of them (--outlet)",
		e.What, e.Number, len(e.Outlets), strings.Join(e.Outlets, ", "))
}

// Unwrap is the lookup's not-found error.
func (e *AmbiguousError) Unwrap() error { return e.NotFound }

// UpgradeNeededError is a ledger written by an older ovocashier (schema
// Found; this program reads Current) opened read-only: reading it needs
// the migrations only a writable open runs (a command that writes, the
// cashier screen, serve).
type UpgradeNeededError struct {
	Path           string
	Found, Current int
}

// Error says which file and schemas.
func (e *UpgradeNeededError) Error() string {
	return fmt.Sprintf("storage: ledger %s has schema version %d and must be upgraded to %d: open it once with write access", e.Path, e.Found, e.Current)
}

// UnreachableError is a ledger database that cannot be used: it could not
// be opened, or the connection failed, was refused or was cut (the server
// shutting down or restarting). Cause is the driver's own words.
type UnreachableError struct{ Cause error }

// Error says so, with the driver's words.
func (e *UnreachableError) Error() string {
	return "ledger database cannot be used: " + e.Cause.Error()
}

// Unwrap is the driver's error.
func (e *UnreachableError) Unwrap() error { return e.Cause }
