package main

import (
	"path/filepath"
	"strconv"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// roleSettings are the settings of roles, approvals and the counter's lock
// (issue 14; README: Roles, approvals and the audit trail).
type roleSettings struct {
	Operators          string        // the operators file (PINs, roles)
	TopUpAbove         int           // a cashier's top up above this waits for approval
	DisburseAbove      int           // a cashier's disbursement above this waits
	TopUpDayAbove      int           // a cashier's top ups of the day above this wait
	DisburseDayAbove   int           // a cashier's disbursements of the day above this wait
	ApprovalExpiry     time.Duration // an approval not decided by then is released
	IdleLock           time.Duration // the counter locks after this long without a key
	PINLockout         time.Duration // an operator is locked this long after 3 wrong PINs
	SupervisorTxnAbove int           // a supervisor's own transaction above this waits for another (0: never)
}

func itoa(n int) func() string { return str(strconv.Itoa(n)) }

func init() {
	settingDefs = append(settingDefs,
		settingDef{"operators", "OVO_OPERATORS", "the counter's operators file: names, roles and bcrypt-hashed PINs (managed with `ovocashier operators`)", false,
			func() string { return filepath.Join(configDir(), "operators.toml") }, func(s *settings) any { return &s.Roles.Operators }},
		settingDef{"approve-topup-above", "OVO_APPROVE_TOPUP_ABOVE", "a cashier's top up above this many rupiah waits for a supervisor's approval (0: never)", false,
			itoa(cashier.DefaultApproveTopUpAbove), func(s *settings) any { return &s.Roles.TopUpAbove }},
		settingDef{"approve-disburse-above", "OVO_APPROVE_DISBURSE_ABOVE", "a cashier's disbursement above this many rupiah waits for a supervisor's approval (0: never)", false,
			itoa(cashier.DefaultApproveDisburseAbove), func(s *settings) any { return &s.Roles.DisburseAbove }},
		settingDef{"approve-topup-day-above", "OVO_APPROVE_TOPUP_DAY_ABOVE", "once a cashier's top ups of the day would pass this many rupiah, the next waits for approval (0: never)", false,
			itoa(cashier.DefaultApproveTopUpDayAbove), func(s *settings) any { return &s.Roles.TopUpDayAbove }},
		settingDef{"approve-disburse-day-above", "OVO_APPROVE_DISBURSE_DAY_ABOVE", "once a cashier's disbursements of the day would pass this many rupiah, the next waits for approval (0: never)", false,
			itoa(cashier.DefaultApproveDisburseDayAbove), func(s *settings) any { return &s.Roles.DisburseDayAbove }},
		settingDef{"supervisor-approve-above", "OVO_SUPERVISOR_APPROVE_ABOVE", "a supervisor's own top up or disbursement above this waits for another supervisor or the owner (0: never)", false,
			str("0"), func(s *settings) any { return &s.Roles.SupervisorTxnAbove }},
		settingDef{"approval-expiry", "OVO_APPROVAL_EXPIRY", "a transaction awaiting approval this long is released, never sent", false,
			str(cashier.DefaultApprovalExpiry.String()), func(s *settings) any { return &s.Roles.ApprovalExpiry }},
		settingDef{"idle-lock", "OVO_IDLE_LOCK", "the counter locks after this long without a key, when the operators file lists operators (0: never)", false,
			str("5m0s"), func(s *settings) any { return &s.Roles.IdleLock }},
		settingDef{"pin-lockout", "OVO_PIN_LOCKOUT", "how long an operator is locked after 3 wrong PINs", false,
			str(cashier.DefaultPINLockout.String()), func(s *settings) any { return &s.Roles.PINLockout }},
	)
}

// limits are the settings as the cashier's Limits.
func (r roleSettings) limits() cashier.Limits {
	l := cashier.Limits{cashier.RoleCashier: {
		cashier.KindTopUp:    {PerTxn: int64(max(r.TopUpAbove, 0)), PerDay: int64(max(r.TopUpDayAbove, 0))},
		cashier.KindDisburse: {PerTxn: int64(max(r.DisburseAbove, 0)), PerDay: int64(max(r.DisburseDayAbove, 0))},
	}}
	if r.SupervisorTxnAbove > 0 {
		n := int64(r.SupervisorTxnAbove)
		l[cashier.RoleSupervisor] = map[cashier.Kind]cashier.Limit{cashier.KindTopUp: {PerTxn: n}, cashier.KindDisburse: {PerTxn: n}}
	}
	return l
}

// summary is the settings that decide where money goes and who may move
// it, as one line for the audit trail ("settings" record when it changes).
func (r roleSettings) summary(s *settings) string {
	return "env=" + s.Env + " base-url=" + s.BaseURL + " client-id=" + s.ClientID + " outlet=" + s.Outlet + " terminal=" + s.Terminal +
		" operators=" + r.Operators +
		" approve-topup-above=" + strconv.Itoa(r.TopUpAbove) + " approve-disburse-above=" + strconv.Itoa(r.DisburseAbove) +
		" approve-topup-day-above=" + strconv.Itoa(r.TopUpDayAbove) + " approve-disburse-day-above=" + strconv.Itoa(r.DisburseDayAbove) +
		" supervisor-approve-above=" + strconv.Itoa(r.SupervisorTxnAbove) + " approval-expiry=" + r.ApprovalExpiry.String() +
		" idle-lock=" + r.IdleLock.String() + " pin-lockout=" + r.PINLockout.String()
}
