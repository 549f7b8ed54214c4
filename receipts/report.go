package receipts

import (
	"fmt"
	"strconv"
	"time"
)

// ReportKind is which report a ReportSlip prints.
type ReportKind string

// The printed reports.
const (
	ReportX   ReportKind = "X"   // mid-shift
	ReportZ   ReportKind = "Z"   // the close of a shift
	ReportDay ReportKind = "DAY" // the end of a day
)

// ReportTotals are one kind's transactions by state, in whole rupiah.
type ReportTotals struct {
	SuccessCount                 int
	SuccessAmount, Fee, Received int64
	FailedCount                  int
	FailedAmount                 int64
	PendingCount                 int
	PendingAmount                int64
}

// ReportRefusal counts the refused transactions of one reason.
type ReportRefusal struct {
	Reason string
	Count  int
	Amount int64
}

// ReportGroup is a block of totals: the shift's, or the day's total, one
// outlet's or one operator's (Title says which; "" prints none).
type ReportGroup struct {
	Title            string
	TopUp, Disburse  ReportTotals
	Refusals         []ReportRefusal
	CashCollected    int64
	LedgerSuccessSum int64
}

// ReportTxn is a transaction listed on a report: not final, or explaining a
// difference (Why, a short code such as "pending").
type ReportTxn struct {
	Ref    string
	State  string
	Amount int64
	Why    string
}

// ReportSlip is a shift or day report as printed. Text fields may hold any
// UTF-8 (cleaned as on a Receipt); a nil amount prints as "-".
type ReportSlip struct {
	Kind                                  ReportKind
	Merchant, Outlet, Terminal, Operator  string
	ShiftID                               string
	Day                                   string    // ReportDay: YYYY-MM-DD
	OpenedAt, ClosedAt, PrintedAt         time.Time // zero: not printed (PrintedAt is required)
	Reprint                               bool
	Final                                 bool // nothing the report counts is still open
	Float, PayIns, PayOuts, ExpectedCash  int64
	PendingCash                           int64
	CountedCash, CashDifference           *int64
	Groups                                []ReportGroup
	DepositOpen, DepositClose             *int64
	OtherShiftsSuccess                    int64
	DepositDifference                     *int64
	DepositNote                           string // why there is no deposit check
	LowDeposit                            bool
	LowDepositThreshold, DepositAvailable int64
	Pending, Explain                      []ReportTxn
	Note, Footer                          string
	Lang                                  string
	// OperatorRole names Operator's role ("supervisor", "owner"), printed
	// as its label; "" or "cashier" prints the cashier's label.
	OperatorRole string
	// AuditHead is the audit trail's head when printed, "N:HASH": the
	// anchor an owner keeps to check the chain later (issue 14); "" prints
	// none.
	AuditHead string
	// Location is the outlet's zone: the times print in it with its
	// Indonesian name (WIB, WITA, WIT); nil is Asia/Jakarta.
	Location *time.Location
}

type reportLabel int

const (
	rlX reportLabel = iota
	rlZ
	rlDay
	rlShift
	rlDate
	rlOpened
	rlClosed
	rlPrinted
	rlCash
	rlFloat
	rlCollected
	rlPayIns
	rlPayOuts
	rlExpected
	rlCounted
	rlCashDiff
	rlPendingCash
	rlTopUps
	rlDisburse
	rlSuccess
	rlFee
	rlReceived
	rlFailed
	rlPendingState
	rlRefusals
	rlLedger
	rlLedgerSum
	rlDeposit
	rlDepOpen
	rlDepClose
	rlDepOther
	rlDepDiff
	rlPendingList
	rlExplain
	rlNote
	rlFinal
	rlProvisional
	rlLowDeposit
	rlThreshold
	rlAvailable
	rlAuditHead
	rlSupervisor
	rlOwner
	numReportLabels
)

// reportLabels are the words of the printed reports: {id, en}, plain ASCII.
var reportLabels = [numReportLabels][2]string{
	rlX:            {"LAPORAN X (SHIFT BERJALAN)", "X REPORT (SHIFT SO FAR)"},
	rlZ:            {"LAPORAN Z (TUTUP SHIFT)", "Z REPORT (SHIFT CLOSE)"},
	rlDay:          {"LAPORAN HARIAN", "DAY REPORT"},
	rlShift:        {"Shift", "Shift"},
	rlDate:         {"Tanggal", "Day"},
	rlOpened:       {"Buka", "Opened"},
	rlClosed:       {"Tutup", "Closed"},
	rlPrinted:      {"Dicetak", "Printed"},
	rlCash:         {"KAS LACI", "CASH DRAWER"},
	rlFloat:        {"Modal awal", "Float"},
	rlCollected:    {"Tunai top up", "Top up cash"},
	rlPayIns:       {"Kas masuk", "Pay-ins"},
	rlPayOuts:      {"Kas keluar", "Pay-outs"},
	rlExpected:     {"Seharusnya", "Expected"},
	rlCounted:      {"Dihitung", "Counted"},
	rlCashDiff:     {"Selisih kas", "Cash difference"},
	rlPendingCash:  {"Tunai menunggu", "Cash pending"},
	rlTopUps:       {"TOP UP", "TOP UPS"},
	rlDisburse:     {"PENCAIRAN", "DISBURSEMENTS"},
	rlSuccess:      {"Berhasil", "Success"},
	rlFee:          {"Biaya", "Fees"},
	rlReceived:     {"Diterima pelanggan", "Customers received"},
	rlFailed:       {"Gagal", "Failed"},
	rlPendingState: {"Menunggu", "Pending"},
	rlRefusals:     {"Ditolak karena", "Refused for"},
	rlLedger:       {"BUKU BESAR", "LEDGER"},
	rlLedgerSum:    {"Total berhasil", "Success total"},
	rlDeposit:      {"DEPOSIT OVO", "OVO DEPOSIT"},
	rlDepOpen:      {"Saldo buka", "At open"},
	rlDepClose:     {"Saldo tutup", "At close"},
	rlDepOther:     {"Shift lain", "Other shifts"},
	rlDepDiff:      {"Selisih deposit", "Deposit difference"},
	rlPendingList:  {"BELUM FINAL", "NOT FINAL"},
	rlExplain:      {"PENJELASAN SELISIH", "WHAT EXPLAINS IT"},
	rlNote:         {"Catatan", "Note"},
	rlFinal:        {"FINAL", "FINAL"},
	rlProvisional:  {"SEMENTARA: final setelah transaksi menunggu selesai", "PROVISIONAL: final once the pending ones settle"},
	rlLowDeposit:   {"DEPOSIT RENDAH", "LOW DEPOSIT"},
	rlThreshold:    {"Batas", "Threshold"},
	rlAvailable:    {"Tersedia", "Available"},
	rlAuditHead:    {"JEJAK AUDIT (JANGKAR)", "AUDIT TRAIL (ANCHOR)"},
	rlSupervisor:   {"Supervisor", "Supervisor"},
	rlOwner:        {"Pemilik", "Owner"},
}

func (b *builder) rl(k reportLabel) string {
	if b.lang == LangEN {
		return reportLabels[k][1]
	}
	return reportLabels[k][0]
}

func optRupiah(v *int64) string {
	if v == nil {
		return "-"
	}
	return FormatRupiah(*v)
}

// signed is an amount with its sign ("+Rp5.000", "-Rp5.000", "Rp0").
func signed(v *int64) string {
	if v == nil {
		return "-"
	}
	if *v > 0 {
		return "+" + FormatRupiah(*v)
	}
	return FormatRupiah(*v)
}

func countSum(n int, v int64) string { return strconv.Itoa(n) + "x " + FormatRupiah(v) }

// layoutReport lays out r (its text cleaned) at width w.
func layoutReport(r ReportSlip, w int) []line {
	b := &builder{w: w, lang: r.Lang}
	b.centered(r.Merchant, maxMerchantLines, true, true)
	b.centered(r.Outlet, maxOutletLines, false, false)
	opLabel := ""
	switch r.OperatorRole {
	case "supervisor":
		opLabel = b.rl(rlSupervisor)
	case "owner":
		opLabel = b.rl(rlOwner)
	}
	b.who(r.Terminal, r.Operator, opLabel)
	b.rule("=")
	switch r.Kind {
	case ReportX:
		b.centered(b.rl(rlX), 2, true, false)
	case ReportZ:
		b.centered(b.rl(rlZ), 2, true, false)
	default:
		b.centered(b.rl(rlDay), 2, true, false)
	}
	if r.Reprint {
		b.banner(bnrReprint, "**", true)
	}
	if r.Kind != ReportX {
		if r.Final {
			b.bannerText(reportLabels[rlFinal][0], reportLabels[rlFinal][1], "***", true)
		} else {
			b.bannerText(reportLabels[rlProvisional][0], reportLabels[rlProvisional][1], "", true)
		}
	}
	b.rule("-")
	if r.ShiftID != "" {
		b.rowText(b.rl(rlShift), r.ShiftID, maxRefLines, false)
	}
	if r.Day != "" {
		b.rowText(b.rl(rlDate), r.Day, 1, false)
	}
	for _, t := range []struct {
		k reportLabel
		t time.Time
	}{{rlOpened, r.OpenedAt}, {rlClosed, r.ClosedAt}, {rlPrinted, r.PrintedAt}} {
		if !t.t.IsZero() {
			b.rowText(b.rl(t.k), FormatTimeIn(t.t, r.Location), 1, false)
		}
	}
	if r.Kind != ReportDay {
		b.rule("-")
		b.centered(b.rl(rlCash), 1, true, false)
		b.rowText(b.rl(rlFloat), FormatRupiah(r.Float), 1, false)
		if len(r.Groups) > 0 {
			b.rowText(b.rl(rlCollected), FormatRupiah(r.Groups[0].CashCollected), 1, false)
		}
		b.rowText(b.rl(rlPayIns), FormatRupiah(r.PayIns), 1, false)
		b.rowText(b.rl(rlPayOuts), FormatRupiah(r.PayOuts), 1, false)
		b.rowText(b.rl(rlExpected), FormatRupiah(r.ExpectedCash), 1, true)
		if r.PendingCash != 0 {
			b.rowText(b.rl(rlPendingCash), FormatRupiah(r.PendingCash), 1, false)
		}
		if r.CountedCash != nil {
			b.rowText(b.rl(rlCounted), optRupiah(r.CountedCash), 1, false)
			b.rowText(b.rl(rlCashDiff), signed(r.CashDifference), 1, true)
		}
	}
	for _, g := range r.Groups {
		b.rule("-")
		if g.Title != "" {
			b.centered(g.Title, 2, true, false)
		}
		for _, k := range []struct {
			title reportLabel
			t     ReportTotals
		}{{rlTopUps, g.TopUp}, {rlDisburse, g.Disburse}} {
			if k.t == (ReportTotals{}) {
				continue // nothing of this kind
			}
			b.add(line{text: b.rl(k.title), bold: true})
			b.rowText(b.rl(rlSuccess), countSum(k.t.SuccessCount, k.t.SuccessAmount), 1, false)
			b.rowText(b.rl(rlFee), FormatRupiah(k.t.Fee), 1, false)
			b.rowText(b.rl(rlReceived), FormatRupiah(k.t.Received), 1, false)
			b.rowText(b.rl(rlFailed), countSum(k.t.FailedCount, k.t.FailedAmount), 1, false)
			b.rowText(b.rl(rlPendingState), countSum(k.t.PendingCount, k.t.PendingAmount), 1, false)
		}
		if len(g.Refusals) > 0 {
			b.add(line{text: b.rl(rlRefusals)})
			for _, f := range g.Refusals {
				b.rowText(" "+f.Reason, countSum(f.Count, f.Amount), 2, false)
			}
		}
		b.rowText(b.rl(rlLedgerSum), FormatRupiah(g.LedgerSuccessSum), 1, true)
	}
	b.rule("-")
	b.centered(b.rl(rlDeposit), 1, true, false)
	b.rowText(b.rl(rlDepOpen), optRupiah(r.DepositOpen), 1, false)
	b.rowText(b.rl(rlDepClose), optRupiah(r.DepositClose), 1, false)
	if r.Kind != ReportDay {
		b.rowText(b.rl(rlDepOther), FormatRupiah(r.OtherShiftsSuccess), 1, false)
		b.rowText(b.rl(rlDepDiff), signed(r.DepositDifference), 1, true)
	}
	if r.DepositNote != "" {
		for _, s := range limit(wrap(r.DepositNote, w), maxReasonLines, w) {
			b.add(line{text: s})
		}
	}
	if r.LowDeposit {
		b.bannerText(reportLabels[rlLowDeposit][0], reportLabels[rlLowDeposit][1], "!!", true)
		b.rowText(b.rl(rlThreshold), FormatRupiah(r.LowDepositThreshold), 1, false)
		b.rowText(b.rl(rlAvailable), FormatRupiah(r.DepositAvailable), 1, false)
	}
	for _, list := range []struct {
		title reportLabel
		txns  []ReportTxn
	}{{rlPendingList, r.Pending}, {rlExplain, r.Explain}} {
		if len(list.txns) == 0 {
			continue
		}
		b.rule("-")
		b.centered(b.rl(list.title), 1, true, false)
		for _, t := range list.txns {
			for _, s := range limit(wrap(t.Ref, w), maxRefLines, w) {
				b.add(line{text: s})
			}
			b.rowText(" "+t.State+" "+t.Why, FormatRupiah(t.Amount), 3, false)
		}
	}
	if r.Note != "" {
		b.rule("-")
		b.rowText(b.rl(rlNote), r.Note, maxReasonLines, false)
	}
	if r.AuditHead != "" {
		b.rule("-")
		b.centered(b.rl(rlAuditHead), 1, true, false)
		for _, s := range wrap(r.AuditHead, w) {
			b.add(line{text: s})
		}
	}
	b.rule("=")
	b.centered(r.Footer, maxFooterLines, false, false)
	return b.lines
}

// cleanedReport passes every text of r through f after clean.
func cleanedReport(r ReportSlip, f func(string) string) ReportSlip {
	for _, p := range []*string{&r.Merchant, &r.Outlet, &r.Terminal, &r.Operator, &r.ShiftID, &r.Day,
		&r.DepositNote, &r.Note, &r.Footer, &r.AuditHead} {
		*p = f(clean(*p))
	}
	groups := make([]ReportGroup, len(r.Groups))
	for i, g := range r.Groups {
		g.Title = f(clean(g.Title))
		g.Refusals = append([]ReportRefusal(nil), g.Refusals...)
		for j := range g.Refusals {
			g.Refusals[j].Reason = f(clean(g.Refusals[j].Reason))
		}
		groups[i] = g
	}
	r.Groups = groups
	for _, l := range []*[]ReportTxn{&r.Pending, &r.Explain} {
		out := make([]ReportTxn, len(*l))
		for i, t := range *l {
			t.Ref, t.State, t.Why = f(clean(t.Ref)), f(clean(t.State)), f(clean(t.Why))
			out[i] = t
		}
		*l = out
	}
	return r
}

func validateReport(r ReportSlip, width int) error {
	if err := ValidateWidth(width); err != nil {
		return err
	}
	switch {
	case r.Kind != ReportX && r.Kind != ReportZ && r.Kind != ReportDay:
		return fmt.Errorf("%w: report kind %q", ErrInvalidReceipt, r.Kind)
	case r.PrintedAt.IsZero():
		return fmt.Errorf("%w: report without the time it was printed", ErrInvalidReceipt)
	}
	return nil
}

// RenderReport lays a shift or day report out as plain text at width
// columns (32, 42 or 48), with the rules of Render: every line within the
// width, long values wrapped, runaway ones cut with "...".
func RenderReport(r ReportSlip, width int) (string, error) {
	if err := validateReport(r, width); err != nil {
		return "", err
	}
	return renderLines(layoutReport(cleanedReport(r, fold), width), width), nil
}

// EncodeReportESCPOS lays a report out like RenderReport and encodes it for
// an ESC/POS printer exactly as EncodeESCPOS encodes a receipt (printable
// ASCII only, the same commands).
func EncodeReportESCPOS(r ReportSlip, width int) ([]byte, error) {
	if err := validateReport(r, width); err != nil {
		return nil, err
	}
	lines := layoutReport(cleanedReport(r, fold), width)
	return append(encodeLines(lines, width), escByte, 'd', 3, gsByte, 'V', 66, 0), nil
}

// OperatorLabel is the word for the operator in lang, as printed on slips.
func OperatorLabel(lang string) string { return label(lblOperator, lang) }
