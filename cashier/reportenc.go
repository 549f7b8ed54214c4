package cashier

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// WriteJSON writes v (a ShiftReport, DayReport or ReconResult) as one
// indented JSON object: integer rupiah, times in RFC 3339, null for an
// amount not known.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ShiftCSVHeader is the header row of WriteShiftCSV.
var ShiftCSVHeader = []string{"report", "shiftId", "operator", "terminal", "outlet", "openedAt", "closedAt",
	"float", "payIns", "payOuts", "cashCollected", "expectedCash", "countedCash", "cashDifference", "pendingCash",
	"ledgerSuccessTotal", "depositOpen", "depositClose", "otherShiftsSuccess", "depositDifference",
	"pendingCount", "pendingAmount", "final", "note"}

// WriteShiftCSV writes a header row and one row per report, for a
// spreadsheet: integer rupiah, RFC 3339 times, an empty cell for an amount
// not known.
func WriteShiftCSV(w io.Writer, reports ...ShiftReport) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ShiftCSVHeader); err != nil {
		return err
	}
	for _, r := range reports {
		row := []string{string(r.Kind), r.ShiftID, r.Operator, r.Terminal, r.Outlet, csvTime(&r.OpenedAt), csvTime(r.ClosedAt),
			i64(r.Float), i64(r.PayIns), i64(r.PayOuts), i64(r.CashCollected), i64(r.ExpectedCash), opt(r.CountedCash),
			opt(r.CashDifference), i64(r.PendingCash), i64(r.SuccessTotal), opt(r.DepositOpen), opt(r.DepositClose),
			i64(r.OtherShiftsSuccess), opt(r.DepositDifference), strconv.Itoa(len(r.Pending)), i64(r.PendingAmount),
			strconv.FormatBool(r.Final), r.Note}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// DayCSVHeader is the header row of WriteDayCSV.
var DayCSVHeader = []string{"day", "scope", "name",
	"topupSuccessCount", "topupSuccessAmount", "topupFee", "topupReceived", "topupFailedCount", "topupFailedAmount",
	"topupPendingCount", "topupPendingAmount",
	"disburseSuccessCount", "disburseSuccessAmount", "disburseFee", "disburseReceived", "disburseFailedCount",
	"disburseFailedAmount", "disbursePendingCount", "disbursePendingAmount",
	"cashCollected", "ledgerSuccessTotal", "pendingAmount", "depositOpen", "depositClose"}

// WriteDayCSV writes a header row and one row for the day's total, one per
// outlet and one per operator (scope "total", "outlet", "operator").
func WriteDayCSV(w io.Writer, r DayReport) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(DayCSVHeader); err != nil {
		return err
	}
	row := func(scope, name string, t Tally) []string {
		out := []string{r.Day, scope, name}
		for _, k := range []KindTotals{t.TopUps, t.Disbursements} {
			out = append(out, strconv.Itoa(k.Success.Count), i64(k.Success.Amount), i64(k.Success.Fee), i64(k.Success.Received),
				strconv.Itoa(k.Failed.Count), i64(k.Failed.Amount), strconv.Itoa(k.Pending.Count), i64(k.Pending.Amount))
		}
		return append(out, i64(t.CashCollected), i64(t.SuccessTotal), i64(t.PendingAmount), opt(r.DepositOpen), opt(r.DepositClose))
	}
	rows := [][]string{row("total", "", r.Total)}
	for _, g := range r.Outlets {
		rows = append(rows, row("outlet", g.Name, g.Tally))
	}
	for _, g := range r.Operators {
		rows = append(rows, row("operator", g.Name, g.Tally))
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

func opt(v *int64) string {
	if v == nil {
		return ""
	}
	return i64(*v)
}

func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
