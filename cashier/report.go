package cashier

import (
	"context"
	"sort"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// ReportKind is which report a ShiftReport is.
type ReportKind string

// The shift reports.
const (
	ReportX ReportKind = "X" // mid-shift: nothing closed
	ReportZ ReportKind = "Z" // the close
)

// Why a transaction is listed beside a difference.
const (
	WhyPending           = "pending"                        // not final yet: OVO may or may not have moved it
	WhySettledAfterClose = "settled_after_close"            // was pending at the close, final now
	WhyAppliedButFailed  = "applied_by_ovo_recorded_failed" // OVO's status 00, the ledger says failed
	WhyUnknownToOVO      = "success_unknown_to_ovo"         // the ledger says success, OVO's status 07
	WhyReversedByOVO     = "success_reversed_by_ovo"        // the ledger says success, OVO's status 04/05/06
	WhyInProgressAtOVO   = "final_but_in_progress_at_ovo"   // the ledger is final, OVO says 01–03
	WhyAfterReading      = "sent_after_closing_reading"     // of the shift, but after OVO's closing reading
)

// maxExplainChecks bounds the status calls one close makes to explain a
// deposit difference; beyond it, recon --day finds the rest.
const maxExplainChecks = 50

// Totals counts transactions and adds up their amounts (integer rupiah):
// Received is what customers received (amount − fee).
type Totals struct {
	Count    int   `json:"count"`
	Amount   int64 `json:"amount"`
	Fee      int64 `json:"fee"`
	Received int64 `json:"received"`
}

func (t *Totals) add(x ledger.Txn) {
	t.Count++
	t.Amount += x.Amount
	t.Fee += x.Fee
	t.Received += x.Receive()
}

// Refusal counts the failed transactions of one reason.
type Refusal struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
	Amount int64  `json:"amount"`
}

// KindTotals is one kind's transactions by state, and its refusals by reason.
type KindTotals struct {
	Success  Totals    `json:"success"`
	Failed   Totals    `json:"failed"`
	Pending  Totals    `json:"pending"` // pending or unknown
	Refusals []Refusal `json:"refusals"`
}

func (k *KindTotals) add(t ledger.Txn) {
	switch t.State {
	case ledger.StateSuccess:
		k.Success.add(t)
	case ledger.StateFailed:
		k.Failed.add(t)
		r := string(TxnReason(t))
		if r == "" {
			r = "unknown"
		}
		for i := range k.Refusals {
			if k.Refusals[i].Reason == r {
				k.Refusals[i].Count++
				k.Refusals[i].Amount += t.Amount
				return
			}
		}
		k.Refusals = append(k.Refusals, Refusal{Reason: r, Count: 1, Amount: t.Amount})
	default:
		k.Pending.add(t)
	}
}

// TxnLine is a transaction listed in a report: not final, or explaining a
// difference (Why).
type TxnLine struct {
	PartnerReferenceNo string       `json:"partnerReferenceNo"`
	ReceiptNo          string       `json:"receiptNo,omitempty"`
	Kind               ledger.Kind  `json:"kind"`
	State              ledger.State `json:"state"`
	Amount             int64        `json:"amount"`
	ShiftID            string       `json:"shiftId,omitempty"`
	Operator           string       `json:"operator"`
	CreatedAt          time.Time    `json:"createdAt"`
	Why                string       `json:"why,omitempty"`
	OVOStatus          string       `json:"latestTransactionStatus,omitempty"`
}

func lineOf(t ledger.Txn, why string) TxnLine {
	return TxnLine{PartnerReferenceNo: t.PartnerReferenceNo, ReceiptNo: t.ReceiptNo, Kind: t.Kind, State: t.State,
		Amount: t.Amount, ShiftID: t.ShiftID, Operator: t.Operator, CreatedAt: t.CreatedAt, Why: why}
}

// Tally adds up a set of transactions: by kind and state, the cash they
// collected (the cash rule), the deposit their successes used, and the ones
// not final.
type Tally struct {
	TopUps        KindTotals `json:"topUps"`
	Disbursements KindTotals `json:"disbursements"`
	// CashCollected is the cash of the successful top ups.
	CashCollected int64 `json:"cashCollected"`
	// PendingCash is the cash of the top ups not final: held apart until
	// they settle.
	PendingCash int64 `json:"pendingCash"`
	// SuccessTotal is what the successes took from the deposit.
	SuccessTotal int64     `json:"ledgerSuccessTotal"`
	Pending      []TxnLine `json:"pending"`
	// PendingAmount adds up the amounts of Pending.
	PendingAmount int64 `json:"pendingAmount"`
}

// Add counts t.
func (ty *Tally) Add(t ledger.Txn) {
	if t.Kind == ledger.KindDisburse {
		ty.Disbursements.add(t)
	} else {
		ty.TopUps.add(t)
	}
	switch {
	case t.State == ledger.StateSuccess:
		ty.CashCollected += CashToCollect(t.Kind, t.Amount)
		ty.SuccessTotal += t.Amount
	case !t.State.Final():
		ty.PendingCash += CashToCollect(t.Kind, t.Amount)
		ty.Pending = append(ty.Pending, lineOf(t, WhyPending))
		ty.PendingAmount += t.Amount
	}
}

// ShiftReport is the X or Z report of a shift: the three-way close of the
// drawer, the ledger and OVO's deposit, with the shift's totals. Amounts are
// integer rupiah; a nil amount was not known (no count yet, no reading).
type ShiftReport struct {
	Kind     ReportKind `json:"report"`
	ShiftID  string     `json:"shiftId"`
	Operator string     `json:"operator"`
	Terminal string     `json:"terminal"`
	Outlet   string     `json:"outlet"`
	OpenedAt time.Time  `json:"openedAt"`
	ClosedAt *time.Time `json:"closedAt"`

	// (a) the drawer.
	Float          int64             `json:"float"`
	PayIns         int64             `json:"payIns"`
	PayOuts        int64             `json:"payOuts"`
	CashMoves      []ledger.CashMove `json:"cashMoves"`
	ExpectedCash   int64             `json:"expectedCash"`
	CountedCash    *int64            `json:"countedCash"`
	CashDifference *int64            `json:"cashDifference"` // counted − expected

	// (b) the ledger: Tally.SuccessTotal is ledgerSuccessTotal.
	Tally

	// (c) OVO's deposit between the shift's readings.
	DepositOpen        *int64     `json:"depositOpen"`
	DepositOpenAt      time.Time  `json:"depositOpenAt"`
	DepositClose       *int64     `json:"depositClose"`
	DepositCloseAt     *time.Time `json:"depositCloseAt"`
	DepositReadError   string     `json:"depositReadError,omitempty"`
	OtherShiftsSuccess int64      `json:"otherShiftsSuccess"`
	// DepositDifference = (depositOpen − depositClose) − otherShiftsSuccess
	// − ledgerSuccessTotal of the shift: what OVO's deposit moved that the
	// ledger does not account for.
	DepositDifference *int64 `json:"depositDifference"`
	// WindowPendingAmount adds up the transactions of any shift in the
	// deposit window that are not final: OVO's reading may include them.
	WindowPendingAmount int64 `json:"windowPendingAmount"`

	// Explain lists the transactions that explain the differences.
	Explain []TxnLine `json:"explain"`
	// Final is true when no transaction the report counts is still open:
	// until then the close is provisional.
	Final bool   `json:"final"`
	Note  string `json:"note,omitempty"`

	LowDeposit  LowDepositState `json:"lowDeposit"`
	GeneratedAt time.Time       `json:"generatedAt"`
}

// NeedsNote reports whether the close has a difference that its open
// transactions cannot explain: a cash difference other than 0 or the cash
// of its pending top ups, or a deposit difference outside 0 … the amount of
// the window's pending transactions.
func (r ShiftReport) NeedsNote() bool {
	if d := r.CashDifference; d != nil && *d != 0 && *d != r.PendingCash {
		return true
	}
	if d := r.DepositDifference; d != nil && (*d < 0 || *d > r.WindowPendingAmount) {
		return true
	}
	return false
}

// shiftReport computes a shift's report as the ledger stands now. closing
// is OVO's reading that ends the deposit window (zero: no deposit check);
// ask lets it ask OVO the status of the window's final transactions when
// the deposit does not add up.
func (s *Service) shiftReport(ctx context.Context, sh ledger.Shift, kind ReportKind, closing ledger.Reading, ask bool) (ShiftReport, error) {
	r := ShiftReport{Kind: kind, ShiftID: sh.ID, Operator: sh.Operator, Terminal: sh.Terminal, Outlet: sh.Outlet,
		OpenedAt: sh.OpenedAt, Float: sh.Float, Note: sh.Note, GeneratedAt: s.now(), CashMoves: []ledger.CashMove{}}
	moves, err := s.db.CashMoves(sh.ID)
	if err != nil {
		return r, err
	}
	for _, m := range moves {
		if m.In {
			r.PayIns += m.Amount
		} else {
			r.PayOuts += m.Amount
		}
		r.CashMoves = append(r.CashMoves, m)
	}
	wasOpen := map[string]bool{}
	for _, ref := range sh.OpenAtClose {
		wasOpen[ref] = true
	}
	var late int64       // successes of the shift sent after the closing reading
	var own []ledger.Txn // its final transactions: what may explain a deposit difference
	if err := s.db.ShiftTxns(sh.ID, func(t ledger.Txn) error {
		r.Add(t)
		if t.State.Final() && closing.OK() {
			own = append(own, t)
		}
		if wasOpen[t.PartnerReferenceNo] && t.State.Final() {
			r.Explain = append(r.Explain, lineOf(t, WhySettledAfterClose))
		}
		if closing.OK() && t.State == ledger.StateSuccess && !t.CreatedAt.Before(closing.At) {
			late += t.Amount
			r.Explain = append(r.Explain, lineOf(t, WhyAfterReading))
		}
		return nil
	}); err != nil {
		return r, err
	}
	if r.Pending == nil {
		r.Pending = []TxnLine{}
	}
	r.ExpectedCash = ExpectedCash(r.Float, r.CashCollected, r.PayIns, r.PayOuts)
	if kind == ReportZ {
		closedAt, counted := sh.ClosedAt, sh.Counted
		diff := counted - r.ExpectedCash
		r.ClosedAt, r.CountedCash, r.CashDifference = &closedAt, &counted, &diff
	}
	r.Final = len(r.Pending) == 0

	if sh.DepositOpen.OK() {
		v := sh.DepositOpen.Balance
		r.DepositOpen, r.DepositOpenAt = &v, sh.DepositOpen.At
	} else {
		r.DepositReadError = "opening reading: " + sh.DepositOpen.Err
	}
	if !closing.At.IsZero() {
		if closing.OK() {
			v, at := closing.Balance, closing.At
			r.DepositClose, r.DepositCloseAt = &v, &at
		} else {
			r.DepositReadError = "closing reading: " + closing.Err
		}
	}
	if r.DepositOpen != nil && r.DepositClose != nil {
		if err := s.depositCheck(ctx, sh, &r, own, late, ask); err != nil {
			return r, err
		}
	}
	r.LowDeposit, _ = s.LowDeposit()
	if r.Explain == nil {
		r.Explain = []TxnLine{}
	}
	return r, nil
}

// depositCheck is part (c) of the close: OVO's deposit change over the
// window between the shift's readings, less the other shifts' successes in
// the window, against the shift's successes. own are the shift's final
// transactions and late what its successes sent after the closing reading
// add up to.
func (s *Service) depositCheck(ctx context.Context, sh ledger.Shift, r *ShiftReport, own []ledger.Txn, late int64, ask bool) error {
	var failed, succeeded []ledger.Txn
	sortFinal := func(t ledger.Txn) {
		if t.State == ledger.StateFailed {
			failed = append(failed, t)
		} else {
			succeeded = append(succeeded, t)
		}
	}
	for _, t := range own {
		sortFinal(t)
	}
	r.WindowPendingAmount = r.PendingAmount
	err := s.db.RangeOtherTxns(r.DepositOpenAt, *r.DepositCloseAt, sh.ID, func(t ledger.Txn) error {
		switch {
		case !t.State.Final():
			r.WindowPendingAmount += t.Amount
			r.Pending = append(r.Pending, lineOf(t, WhyPending))
			r.Final = false
		default:
			sortFinal(t)
			if t.State == ledger.StateSuccess {
				r.OtherShiftsSuccess += t.Amount
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	diff := (*r.DepositOpen - *r.DepositClose) - r.OtherShiftsSuccess - r.SuccessTotal
	r.DepositDifference = &diff
	unexplained := diff + late
	if unexplained == 0 {
		return nil
	}
	if unexplained > 0 && unexplained <= r.WindowPendingAmount {
		ask = false // the open transactions may explain it: no calls, marks only
	}
	// Which final transactions might OVO see otherwise? Failed ones when its
	// deposit moved more, successes when it moved less.
	cands := failed
	if unexplained < 0 {
		cands = succeeded
	}
	asked := 0
	for _, t := range cands {
		st, known := s.reconStatus(ctx, t, ask && asked < maxExplainChecks)
		if !known {
			continue
		}
		if st.asked {
			asked++
		}
		if why := disagreement(t.State, st.status); why != "" {
			r.Explain = append(r.Explain, TxnLine{PartnerReferenceNo: t.PartnerReferenceNo, ReceiptNo: t.ReceiptNo, Kind: t.Kind,
				State: t.State, Amount: t.Amount, ShiftID: t.ShiftID, Operator: t.Operator, CreatedAt: t.CreatedAt, Why: why, OVOStatus: st.status})
		}
	}
	sort.SliceStable(r.Explain, func(i, j int) bool { return r.Explain[i].CreatedAt.Before(r.Explain[j].CreatedAt) })
	return nil
}
