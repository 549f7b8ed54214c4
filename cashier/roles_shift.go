package cashier

import (
	"context"
	"errors"
)

// CloseShiftAs closes operator's shift as by: a close whose difference the
// open transactions do not explain needs a supervisor or owner (issue 14).
// For a cashier such a close is refused — nothing closed — with a
// *CloseDifferenceError holding the report and matching ErrRole; their
// note is not enough. A close without such a difference is theirs to make.
func (s *Service) CloseShiftAs(ctx context.Context, by Actor, operator string, counted int64, note string) (ShiftReport, error) {
	if Allow(by.Role, "close-with-difference") == nil {
		return s.CloseShift(ctx, operator, counted, note)
	}
	r, err := s.CloseShift(ctx, operator, counted, "")
	var ce *CloseError
	if errors.As(err, &ce) {
		return ce.Report, &CloseDifferenceError{Report: ce.Report, RoleError: RoleError{Have: by.Role, Need: RoleSupervisor, What: "close-with-difference"}}
	}
	return r, err
}

// CloseDifferenceError refuses a cashier's close with a difference: a
// supervisor closes it (with a note). It matches ErrRole.
type CloseDifferenceError struct {
	Report ShiftReport
	RoleError
}

// Unwrap gives the *RoleError, for the words of a refusal.
func (e *CloseDifferenceError) Unwrap() error { return &e.RoleError }
