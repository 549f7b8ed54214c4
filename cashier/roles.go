package cashier

import (
	"errors"
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Role is what an operator may do (issue 14):
//
//   - cashier: top up, disburse up to a limit, status, own history, own shift;
//   - supervisor: everything a cashier does, approvals, every operator's
//     history, reports, closing a shift with a difference, the audit trail;
//   - owner: everything, settings and operators.
//
// The empty role is "roles not in use" (a single-owner shop without an
// operators file): it may do everything, as an owner.
type Role string

// The roles, least to most.
const (
	RoleCashier    Role = "cashier"
	RoleSupervisor Role = "supervisor"
	RoleOwner      Role = "owner"
)

// ParseRole reads a role name; "" and anything else is an error.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleCashier, RoleSupervisor, RoleOwner:
		return r, nil
	}
	return "", fmt.Errorf("%w: role %q: use cashier, supervisor or owner", ErrInvalidInput, s)
}

func (r Role) rank() int {
	switch r {
	case RoleCashier:
		return 1
	case RoleSupervisor:
		return 2
	}
	return 3 // owner, and "" (roles not in use)
}

// AtLeast reports whether r may do what need may.
func (r Role) AtLeast(need Role) bool { return r.rank() >= need.rank() }

// ErrRole is matched by a *RoleError.
var ErrRole = errors.New("not allowed for this role")

// RoleError says an operator's role may not do something: it needs Need.
type RoleError struct {
	Have, Need Role
	What       string // the command or action
}

// Error says what is needed.
func (e *RoleError) Error() string {
	return fmt.Sprintf("%s needs a %s (you are %s)", e.What, e.Need, e.Have)
}

// Is makes a RoleError match ErrRole.
func (e *RoleError) Is(target error) bool { return target == ErrRole }

// Needs is the least role each guarded action needs; actions not listed
// are a cashier's. Commands use it by their names.
var Needs = map[string]Role{
	"approvals": RoleSupervisor, "approve": RoleSupervisor, "reject": RoleSupervisor,
	"report": RoleSupervisor, "report day": RoleSupervisor, // every operator's totals
	"audit": RoleSupervisor, "history-all": RoleSupervisor,
	"close-with-difference": RoleSupervisor, "batch approve": RoleSupervisor, "batches": RoleSupervisor, // batches: the TUI's screen
	"operators": RoleOwner, "settings": RoleOwner,
}

// NeedsProof lists the actions any role may do whose doer is recorded as
// the maker a supervisor's approval is checked against: on the command
// line, when an operators file lists operators, the name must come with
// its PIN — or a supervisor could load a batch under a cashier's name and
// approve it themselves.
var NeedsProof = map[string]bool{"batch load": true}

// Allow returns nil when role may do action, else a *RoleError.
func Allow(role Role, action string) error {
	need, ok := Needs[action]
	if !ok || role.AtLeast(need) {
		return nil
	}
	return &RoleError{Have: role, Need: need, What: action}
}

// Actor is who does something and from where: the audit trail's who and
// from, and what their role allows.
type Actor struct {
	Name string
	Role Role
	// From is where: "terminal NAME", "ssh SHA256:…" (the key's
	// fingerprint), "command line".
	From string
	// Key is the SSH public key the operator authenticated with (wire
	// form), when over SSH: approvals are verified against it.
	Key []byte
}

// Limit is a ceiling in rupiah per transaction and per day (the maker's
// own transactions of the outlet's day, sent or awaiting approval); 0 is
// no ceiling.
type Limit struct {
	PerTxn, PerDay int64
}

// Limits are the ceilings above which a role's top ups and disbursements
// wait for a supervisor's approval. A role without an entry has none.
type Limits map[Role]map[ledger.Kind]Limit

// Defaults of the approval settings (README: Roles, approvals and the
// audit trail).
const (
	DefaultApproveTopUpAbove       = 2_000_000
	DefaultApproveDisburseAbove    = 1_000_000
	DefaultApproveTopUpDayAbove    = 20_000_000
	DefaultApproveDisburseDayAbove = 5_000_000
	DefaultApprovalExpiry          = 30 * time.Minute
)

// DefaultLimits are a cashier's ceilings by default; supervisors and owners
// have none.
func DefaultLimits() Limits {
	return Limits{RoleCashier: {
		ledger.KindTopUp:    {PerTxn: DefaultApproveTopUpAbove, PerDay: DefaultApproveTopUpDayAbove},
		ledger.KindDisburse: {PerTxn: DefaultApproveDisburseAbove, PerDay: DefaultApproveDisburseDayAbove},
	}}
}
