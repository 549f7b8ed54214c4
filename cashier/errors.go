package cashier

import (
	"errors"
	"fmt"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// ErrInvalidInput is matched by every error about what the operator typed:
// a phone number, an amount, a reference. Nothing was sent.
var ErrInvalidInput = errors.New("invalid input")

// ErrLimit is matched by LimitError.
var ErrLimit = errors.New("amount outside the limits")

// ErrDeposit is matched by DepositError.
var ErrDeposit = errors.New("deposit too low")

// ErrClosed is returned by Execute once the service is shutting down.
var ErrClosed = errors.New("cashier is shutting down")

// LimitError says an amount is outside OVO's per-transaction limits.
type LimitError struct {
	Amount, Min, Max int64
}

func (e *LimitError) Error() string {
	if e.Amount < e.Min {
		return fmt.Sprintf("amount %s is below the minimum %s", Rupiah(e.Amount), Rupiah(e.Min))
	}
	return fmt.Sprintf("amount %s is above the maximum %s per transaction", Rupiah(e.Amount), Rupiah(e.Max))
}

// Is makes LimitError match ErrLimit and ErrInvalidInput.
func (e *LimitError) Is(target error) bool { return target == ErrLimit || target == ErrInvalidInput }

// Below reports whether the amount is under the minimum (else it is over the maximum).
func (e *LimitError) Below() bool { return e.Amount < e.Min }

// DepositError says the local deposit mirror cannot cover an amount; nothing
// was sent to OVO.
type DepositError struct {
	Amount, Available int64
	// Unread is true when the deposit could not be read from OVO yet, so
	// Available is not known rather than low.
	Unread bool
}

func (e *DepositError) Error() string {
	if e.Unread {
		return fmt.Sprintf("the merchant deposit could not be read from OVO yet, so %s cannot be reserved; check the connection and refresh the deposit", Rupiah(e.Amount))
	}
	return fmt.Sprintf("deposit too low: %s needed, %s available", Rupiah(e.Amount), Rupiah(e.Available))
}

// Is makes DepositError match ErrDeposit.
func (e *DepositError) Is(target error) bool { return target == ErrDeposit }

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidInput, fmt.Sprintf(format, a...))
}

// Exit codes of the scripted commands (issue: 0 success, 1 definite refusal,
// 2 bad input, 3 unknown outcome).
const (
	ExitOK      = 0
	ExitRefused = 1
	ExitInput   = 2
	ExitUnknown = 3
)

// ExitCode maps an error of this package (or of the OVO port, cashier/ovo) to the scripted
// commands' exit status. A nil error is ExitOK.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrInvalidInput), errors.Is(err, ovo.ErrInvalidRequest), errors.Is(err, ovo.ErrInvalidPhone),
		errors.Is(err, ovo.ErrInvalidAmount):
		return ExitInput
	case ovo.IsUnknownOutcome(err):
		return ExitUnknown
	}
	return ExitRefused
}

// StateExitCode is the exit status that a transaction's state stands for.
func StateExitCode(s ledger.State) int {
	switch s {
	case ledger.StateSuccess:
		return ExitOK
	case ledger.StateFailed:
		return ExitRefused
	}
	return ExitUnknown
}
