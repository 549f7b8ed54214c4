package cashier

import (
	"context"
	"sort"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// GroupTotals is the Tally of one outlet or one operator.
type GroupTotals struct {
	Name string `json:"name"`
	Tally
}

// ShiftSummary is one shift of a day report.
type ShiftSummary struct {
	ShiftID           string     `json:"shiftId"`
	Operator          string     `json:"operator"`
	Terminal          string     `json:"terminal"`
	OpenedAt          time.Time  `json:"openedAt"`
	ClosedAt          *time.Time `json:"closedAt"`
	ExpectedCash      int64      `json:"expectedCash"`
	CountedCash       *int64     `json:"countedCash"`
	CashDifference    *int64     `json:"cashDifference"`
	DepositDifference *int64     `json:"depositDifference"`
	Final             bool       `json:"final"`
	Note              string     `json:"note,omitempty"`
}

// DayReport is the end-of-day report of one calendar day of the outlet: the
// totals of the day, per outlet and per operator, its shifts, and the
// deposit at the first shift's opening and the last shift's closing.
type DayReport struct {
	Day       string         `json:"day"` // YYYY-MM-DD
	Operator  string         `json:"operatorFilter,omitempty"`
	Total     Tally          `json:"total"`
	Outlets   []GroupTotals  `json:"outlets"`
	Operators []GroupTotals  `json:"operators"`
	Shifts    []ShiftSummary `json:"shifts"`
	// DepositOpen is OVO's deposit at the first opening of a shift that day;
	// DepositClose at the last closing (nil when no reading).
	DepositOpen  *int64          `json:"depositOpen"`
	DepositClose *int64          `json:"depositClose"`
	LowDeposit   LowDepositState `json:"lowDeposit"`
	GeneratedAt  time.Time       `json:"generatedAt"`
}

// DayReport reports the day holding day (the outlet's zone), for every operator
// or only operator when it is not empty. It reads the day's part of the time
// index and the shifts opened that day, never the whole ledger, and asks
// OVO nothing.
func (s *Service) DayReport(ctx context.Context, day time.Time, operator string) (DayReport, error) {
	start, end := s.DayBounds(day)
	r := DayReport{Day: start.Format("2006-01-02"), Operator: operator, GeneratedAt: s.now(),
		Outlets: []GroupTotals{}, Operators: []GroupTotals{}, Shifts: []ShiftSummary{}}
	outlets, operators := map[string]*Tally{}, map[string]*Tally{}
	group := func(m map[string]*Tally, k string) *Tally {
		if m[k] == nil {
			m[k] = &Tally{}
		}
		return m[k]
	}
	err := s.db.RangeTxns(start, end, func(t ledger.Txn) error {
		if operator != "" && t.Operator != operator {
			return nil
		}
		r.Total.Add(t)
		group(outlets, t.Outlet).Add(t)
		group(operators, t.Operator).Add(t)
		return nil
	})
	if err != nil {
		return r, err
	}
	r.Outlets, r.Operators = groups(outlets), groups(operators)
	if r.Total.Pending == nil {
		r.Total.Pending = []TxnLine{}
	}
	shifts, err := s.db.ShiftsOpened(start, end)
	if err != nil {
		return r, err
	}
	var lastClose time.Time
	for _, sh := range shifts {
		if operator != "" && sh.Operator != operator {
			continue
		}
		if r.DepositOpen == nil && sh.DepositOpen.OK() {
			v := sh.DepositOpen.Balance
			r.DepositOpen = &v
		}
		if sh.Closed() && sh.DepositClose.OK() && sh.DepositClose.At.After(lastClose) {
			v := sh.DepositClose.Balance
			r.DepositClose, lastClose = &v, sh.DepositClose.At
		}
		kind, closing := ReportX, ledger.Reading{}
		if sh.Closed() {
			kind, closing = ReportZ, sh.DepositClose
		}
		z, err := s.shiftReport(ctx, sh, kind, closing, false)
		if err != nil {
			return r, err
		}
		r.Shifts = append(r.Shifts, ShiftSummary{ShiftID: z.ShiftID, Operator: z.Operator, Terminal: z.Terminal,
			OpenedAt: z.OpenedAt, ClosedAt: z.ClosedAt, ExpectedCash: z.ExpectedCash, CountedCash: z.CountedCash,
			CashDifference: z.CashDifference, DepositDifference: z.DepositDifference, Final: z.Final, Note: z.Note})
	}
	r.LowDeposit, _ = s.LowDeposit()
	return r, nil
}

func groups(m map[string]*Tally) []GroupTotals {
	out := make([]GroupTotals, 0, len(m))
	for k, t := range m {
		out = append(out, GroupTotals{Name: k, Tally: *t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// DayBounds is the calendar day holding day in the outlet's zone
// (Config.Location): its first instant and the first of the next day. Day
// reports, recon --day and history days use it, so a day in WITA starts at
// 00:00 WITA (23:00 WIB the evening before).
func (s *Service) DayBounds(day time.Time) (start, end time.Time) {
	d := day.In(s.cfg.Location)
	start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.cfg.Location)
	return start, start.AddDate(0, 0, 1)
}
