package ovo

import (
	"errors"
	"fmt"
)

// ErrInvalidRequest is matched by every error about a request that was
// refused before any byte was sent (bad phone, bad amount, missing field).
// A port returns it (wrapped) for a request it will not send.
var ErrInvalidRequest = errors.New("invalid request")

// ErrInvalidAmount is matched (errors.Is) by every error about a malformed or
// out-of-range money value, on the way out and on the way in.
var ErrInvalidAmount = errors.New("invalid amount")

// Error is every failure of a SNAP call after the request was valid: a SNAP
// refusal, an unreadable answer, or a transport failure. It says whether the
// outcome is definite (OVO certainly did not apply the request) or unknown
// (money may have moved: ask topup-status with the same partnerReferenceNo).
type Error struct {
	Op         string // "token", "inquiry", "topup", "status", "balance"
	HTTPStatus int    // as received; 0 when no answer arrived
	Code       string // responseCode as received, "" when none
	Message    string // responseMessage as received
	Reason     Reason // what it means, for the operator
	// Unknown is true when a top up may have been applied: a timeout, a
	// network failure, a 5xx, a 202, a 409xx01 or an answer that cannot be
	// read. False means a definite refusal. A read (token, inquiry, status,
	// balance) moves no money, so its failures are never Unknown: they come
	// back as ReasonUnavailable once its retries are spent.
	Unknown    bool
	ExternalID string // the X-EXTERNAL-ID of the last attempt
	Err        error  // the underlying cause, if any
}

// Error renders op, code, message and cause, e.g.
// "topup: 4033802 Exceeds Transaction Amount Limit".
func (e *Error) Error() string {
	s := e.Op + ": "
	switch {
	case e.Code != "":
		s += e.Code + " " + e.Message
	case e.HTTPStatus != 0:
		s += fmt.Sprintf("HTTP %d", e.HTTPStatus)
	default:
		s += string(e.Reason)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if e.Unknown {
		s += " (outcome unknown)"
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Definite reports that OVO certainly did not apply the request.
func (e *Error) Definite() bool { return !e.Unknown }

// Retryable reports whether repeating the very same read-only request
// (token, inquiry, status, balance) may succeed: transport failures, 5xx,
// 429 and unreadable answers. A top up is never repeated on this basis.
func (e *Error) Retryable() bool {
	switch e.Reason {
	case ReasonNetwork, ReasonTimeout, ReasonBadResponse, ReasonTooManyRequests, ReasonUnavailable,
		ReasonGeneralError, ReasonInternalError, ReasonExternalError:
		return true
	}
	return e.HTTPStatus >= 500
}

// OperatorText is the English sentence for the operator followed by OVO's
// code and message, e.g. "The amount is above OVO's per-transaction limit.
// (4033802 Exceeds Transaction Amount Limit)".
func (e *Error) OperatorText() string {
	s := e.Reason.Text()
	if e.Code != "" {
		s += " (" + e.Code + " " + e.Message + ")"
	}
	return s
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsUnknownOutcome reports whether err leaves the outcome of a request unknown.
func IsUnknownOutcome(err error) bool {
	e, ok := AsError(err)
	return ok && e.Unknown
}

// ReasonOf is the Reason of err's *Error, or "" when err is not a SNAP error.
func ReasonOf(err error) Reason {
	if e, ok := AsError(err); ok {
		return e.Reason
	}
	return ""
}
