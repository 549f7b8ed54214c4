package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// The commands of issue 13: shifts, the cash drawer, the X/Z/day reports
// and the day's reconciliation with OVO. The operator is the caller's
// (--operator, the SSH key's name through serve). A report is printed in the
// operator's language at --width, as it is on paper; --json carries the
// report's fields (integer rupiah, times in the outlet's zone), --csv a
// header row and one row per report.

func shiftCommands() def {
	return def{name: "shift", short: "open, close and see the cashier's shift; pay cash in or out of the drawer", subs: []def{
		{name: "open", short: "open a shift with the float in the drawer (reads the OVO deposit)", flags: shiftOpenFlags},
		{name: "close", short: "close the shift with the cash counted: the three-way close and the Z report", flags: shiftCloseFlags},
		{name: "status", short: "the open shift so far (the ledger only; report x asks OVO too)", flags: shiftStatusFlags},
		{name: "payin", short: "record cash put into the drawer that is not an OVO transaction", flags: func(fs *pflag.FlagSet) runFunc { return cashMoveFlags(fs, true) }},
		{name: "payout", short: "record cash taken out of the drawer that is not an OVO transaction", flags: func(fs *pflag.FlagSet) runFunc { return cashMoveFlags(fs, false) }},
	}}
}

func reportCommands() def {
	return def{name: "report", short: "the X (shift so far), Z (shift close) and day reports", subs: []def{
		{name: "x", short: "the X report of the open shift: nothing is closed (reads the OVO deposit)", flags: func(fs *pflag.FlagSet) runFunc { return reportFlags(fs, "x") }},
		{name: "z", short: "the Z report of a closed shift as the ledger stands now (a reprint)", flags: func(fs *pflag.FlagSet) runFunc { return reportFlags(fs, "z") }},
		{name: "day", short: "the day report: totals per outlet and per operator, the shifts of the day", flags: func(fs *pflag.FlagSet) runFunc { return reportFlags(fs, "day") }},
	}}
}

// reportOut registers --csv and --print, the outputs of a report beside
// --json and the text.
type reportOut struct{ csv, print *bool }

func reportOutFlags(fs *pflag.FlagSet) reportOut {
	return reportOut{csv: fs.Bool("csv", false, "print CSV with a header row (for a spreadsheet) on stdout"),
		print: fs.Bool("print", false, "print the report on the receipt printer (--printer, at --width)")}
}

// amountFlag parses a rupiah amount flag that may be 0 (a float, a count);
// ok false means the command exits with code (reported).
func (c *cli) amountFlag(name, v string, zero bool) (int64, int, bool) {
	if v == "" {
		return 0, c.badInput(c.cat.F(i18n.CLIRequired, "--"+name)), false
	}
	if zero && (v == "0" || v == "Rp0") {
		return 0, 0, true
	}
	n, err := cashier.ParseAmount(v)
	if err != nil {
		return 0, c.badInput(c.cat.F(i18n.CLIBadAmount, v)), false
	}
	return n, 0, true
}

// shiftFail reports an error of a shift command in the operator's words.
func (c *cli) shiftFail(err error) int {
	var open *cashier.ShiftOpenError
	switch {
	case errors.As(err, &open):
		return c.fail(cashier.ExitRefused, inputError(c.cat.F(i18n.CLIShiftIsOpen, open.ID)))
	case errors.Is(err, cashier.ErrNoShift):
		return c.fail(cashier.ExitRefused, inputError(c.cat.F(i18n.CLINoOpenShift, c.call.Operator)))
	}
	return c.fail(cashier.ExitCode(err), err)
}

// slip is the printed form of a report in the caller's language and zone.
func (c *cli) slip(s cashier.ReportSlip) cashier.ReportSlip {
	s.Lang, s.Location = c.call.Lang, c.call.Location()
	return s
}

// showShift writes a shift report: JSON, CSV or the printed layout as text;
// with print, on the receipt printer too.
func (c *cli) showShift(ctx context.Context, svc *cashier.Service, r cashier.ShiftReport, out reportOut, reprint bool) int {
	by := cashier.Actor{}
	if c.actor != nil {
		by = *c.actor
	}
	slip := c.slip(svc.AnchorSlip(svc.ShiftSlipBy(r, reprint, by)))
	return c.showReport(ctx, slip, out, func() { c.printJSON(shiftInZone(r, c.call.Location())) },
		func() error { return cashier.WriteShiftCSV(c.stdout, shiftInZone(r, c.call.Location())) })
}

// check refuses outputs that do not go together, before anything is done:
// --json with --csv, and --print to stdout beside --json or --csv.
func (c *cli) check(out reportOut) (int, bool) {
	csv, print := out.csv != nil && *out.csv, out.print != nil && *out.print
	switch {
	case c.json && csv:
		return c.badInput(c.cat.T(i18n.CLIJSONOrCSV)), false
	case print && (c.json || csv) && (c.call.Printer == "" || c.call.Printer == "none" || c.call.Printer == "stdout"):
		return c.badInput(c.cat.T(i18n.CLIPrintStdout)), false
	}
	return 0, true
}

func (c *cli) showReport(ctx context.Context, slip cashier.ReportSlip, out reportOut, asJSON func(), asCSV func() error) int {
	switch {
	case c.json:
		asJSON()
	case out.csv != nil && *out.csv:
		if err := asCSV(); err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
	}
	text := !c.json && (out.csv == nil || !*out.csv)
	if out.print != nil && *out.print {
		spec := c.call.Printer
		if spec == "none" || spec == "" {
			spec = "stdout"
		}
		p, err := cashier.NewPrinter(cashier.PrinterConfig{Spec: spec, Width: c.call.Width, Stdout: c.stdout})
		if err != nil {
			return c.fail(cashier.ExitInput, err)
		}
		if err := cashier.PrintReport(ctx, p, slip); err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		if spec != "stdout" {
			fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIReportSent, p))
			text = false
		} else {
			return 0
		}
	}
	if text {
		s, err := cashier.RenderReport(slip, c.call.Width)
		if err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		fmt.Fprint(c.stdout, s)
	}
	return 0
}

// shiftInZone is r with its times in the outlet's zone (for --json and --csv).
func shiftInZone(r cashier.ShiftReport, loc *time.Location) cashier.ShiftReport {
	r.OpenedAt, r.DepositOpenAt, r.GeneratedAt = r.OpenedAt.In(loc), r.DepositOpenAt.In(loc), r.GeneratedAt.In(loc)
	for _, p := range []**time.Time{&r.ClosedAt, &r.DepositCloseAt} {
		if *p != nil {
			t := (*p).In(loc)
			*p = &t
		}
	}
	r.CashMoves = append([]cashier.CashMove{}, r.CashMoves...)
	for i := range r.CashMoves {
		r.CashMoves[i].At = r.CashMoves[i].At.In(loc)
	}
	r.Pending, r.Explain = linesInZone(r.Pending, loc), linesInZone(r.Explain, loc)
	return r
}

func linesInZone(ls []cashier.TxnLine, loc *time.Location) []cashier.TxnLine {
	out := make([]cashier.TxnLine, len(ls))
	for i, l := range ls {
		l.CreatedAt = l.CreatedAt.In(loc)
		out[i] = l
	}
	return out
}

func shiftOpenFlags(fs *pflag.FlagSet) runFunc {
	float := fs.String("float", "", "cash in the drawer at the open, in rupiah (0 allowed)")
	return func(ctx context.Context, c *cli) int {
		f, code, ok := c.amountFlag("float", *float, true)
		if !ok {
			return code
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		sh, err := svc.OpenShift(ctx, c.call.Operator, f)
		if err != nil {
			return c.shiftFail(err)
		}
		r, err := svc.ShiftStatus(c.call.Operator)
		if err != nil {
			return c.shiftFail(err)
		}
		if !c.json {
			fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIShiftOpened, sh.ID, sh.Operator, cashier.Rupiah(sh.Float)))
		}
		return c.showShift(ctx, svc, r, reportOut{}, false)
	}
}

func shiftCloseFlags(fs *pflag.FlagSet) runFunc {
	counted := fs.String("counted", "", "cash counted in the drawer, in rupiah (0 allowed)")
	note := fs.String("note", "", "why the close has a difference (required when it has one)")
	whose := fs.String("for", "", "close this operator's shift (a supervisor's; default: your own)")
	out := reportOutFlags(fs)
	return func(ctx context.Context, c *cli) int {
		n, code, ok := c.amountFlag("counted", *counted, true)
		if !ok {
			return code
		}
		if code, ok := c.check(out); !ok {
			return code
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		by, code, ok := c.closer(svc, *whose)
		if !ok {
			return code
		}
		operator := c.call.Operator
		if *whose != "" {
			operator = *whose
		}
		// roles: a cashier's close with a difference the pending
		// transactions do not explain is refused (exit 1, nothing closed).
		r, err := svc.CloseShiftAs(ctx, by, operator, n, *note)
		var cde *cashier.CloseDifferenceError
		if errors.As(err, &cde) {
			if s, err := cashier.RenderReport(c.slip(svc.ShiftSlip(cde.Report, false)), c.call.Width); err == nil && !c.json {
				fmt.Fprint(c.stdout, s)
			}
			return c.fail(cashier.ExitRefused, err)
		}
		var ce *cashier.CloseError
		if errors.As(err, &ce) {
			// Nothing closed: show the differences, and ask for the note.
			msg := c.cat.T(i18n.CLICloseNote)
			fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, msg)
			if c.json {
				c.printJSON(struct {
					ErrorJSON
					Report cashier.ShiftReport `json:"report"`
				}{ErrorJSON{Error: msg, Outcome: "invalid"}, shiftInZone(ce.Report, c.call.Location())})
			} else if s, err := cashier.RenderReport(c.slip(svc.ShiftSlip(ce.Report, false)), c.call.Width); err == nil {
				fmt.Fprint(c.stdout, s)
			}
			return cashier.ExitInput
		}
		if err != nil {
			return c.shiftFail(err)
		}
		if code := c.showShift(ctx, svc, r, out, false); code != 0 {
			return code
		}
		if !r.Final {
			fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIProvisional, len(r.Pending)))
		}
		return 0
	}
}

func shiftStatusFlags(fs *pflag.FlagSet) runFunc {
	out := reportOutFlags(fs)
	return func(ctx context.Context, c *cli) int {
		if code, ok := c.check(out); !ok {
			return code
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		r, err := svc.ShiftStatus(c.call.Operator)
		if err != nil {
			return c.shiftFail(err)
		}
		return c.showShift(ctx, svc, r, out, false)
	}
}

// cashMoveJSON is a pay-in or pay-out for scripts, with what the drawer
// should hold after it.
type cashMoveJSON struct {
	cashier.CashMove
	ExpectedCash int64 `json:"expectedCash"`
}

func cashMoveFlags(fs *pflag.FlagSet, in bool) runFunc {
	amount := fs.String("amount", "", "amount in rupiah")
	reason := fs.String("reason", "", "why the cash moves (e.g. change taken to the bank)")
	return func(ctx context.Context, c *cli) int {
		n, code, ok := c.amountFlag("amount", *amount, false)
		if !ok {
			return code
		}
		if *reason == "" {
			return c.badInput(c.cat.F(i18n.CLIRequired, "--reason"))
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		move := svc.PayOut
		if in {
			move = svc.PayIn
		}
		m, err := move(c.call.Operator, n, *reason)
		if err != nil {
			return c.shiftFail(err)
		}
		r, err := svc.ShiftStatus(c.call.Operator)
		if err != nil {
			return c.shiftFail(err)
		}
		m.At = m.At.In(c.call.Location())
		if c.json {
			c.printJSON(cashMoveJSON{CashMove: m, ExpectedCash: r.ExpectedCash})
			return 0
		}
		what := i18n.ShiftActionPayOut
		if in {
			what = i18n.ShiftActionPayIn
		}
		fmt.Fprintln(c.stdout, c.cat.F(i18n.CLICashMoved, c.cat.T(what)+" "+cashier.Rupiah(m.Amount), m.Reason))
		fmt.Fprintf(c.stdout, "%s\n", c.cat.F(i18n.CLIExpectedCash, cashier.Rupiah(r.ExpectedCash)))
		return 0
	}
}

func reportFlags(fs *pflag.FlagSet, kind string) runFunc {
	day := fs.String("day", "", "the day, YYYY-MM-DD in the outlet's zone (--tz); default today")
	var shift *string
	if kind == "z" {
		shift = fs.String("shift", "", "the shift's id (default: your last shift closed on --day)")
	}
	out := reportOutFlags(fs)
	pinFlag(fs) // a day report, or another operator's Z, is a supervisor's
	return func(ctx context.Context, c *cli) int {
		if code, ok := c.check(out); !ok {
			return code
		}
		when := time.Now().In(c.call.Location())
		if *day != "" {
			d, err := time.ParseInLocation("2006-01-02", *day, c.call.Location())
			if err != nil {
				return c.badInput(c.cat.F(i18n.CLIBadDay, *day))
			}
			when = d
		}
		// Whose: the operator's (--operator, the setting); a day report is
		// every operator's unless --operator is given.
		who := c.call.Operator
		if f := fs.Lookup("operator"); kind == "day" && (f == nil || !f.Changed) {
			who = ""
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		switch kind {
		case "x":
			r, err := svc.XReport(ctx, who)
			if err != nil {
				return c.shiftFail(err)
			}
			return c.showShift(ctx, svc, r, out, false)
		case "z":
			id := *shift
			if id == "" {
				sh, err := svc.LastClosedShift(who, when)
				if err != nil {
					return c.fail(cashier.ExitRefused, inputError(c.cat.F(i18n.CLINoClosedShift, who, when.Format("2006-01-02"))))
				}
				id = sh.ID
			}
			r, err := svc.ZReport(ctx, id)
			if errors.Is(err, cashier.ErrNotFound) || errors.Is(err, cashier.ErrNoShift) {
				return c.notFound(err, c.cat.F(i18n.CLINoSuchShift, id))
			}
			if err != nil {
				return c.shiftFail(err)
			}
			if r.Operator != c.call.Operator {
				// Another operator's shift is a report: a supervisor's.
				if _, code, ok := c.who(svc, "report"); !ok {
					return code
				}
			}
			return c.showShift(ctx, svc, r, out, true)
		}
		r, err := svc.DayReport(ctx, when, who)
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		return c.showReport(ctx, c.slip(svc.AnchorSlip(svc.DaySlip(r))), out, func() { c.printJSON(dayInZone(r, c.call.Location())) },
			func() error { return cashier.WriteDayCSV(c.stdout, r) })
	}
}

// dayInZone is r with its times in the outlet's zone (for --json).
func dayInZone(r cashier.DayReport, loc *time.Location) cashier.DayReport {
	r.GeneratedAt = r.GeneratedAt.In(loc)
	r.Shifts = append([]cashier.ShiftSummary{}, r.Shifts...)
	for i := range r.Shifts {
		s := &r.Shifts[i]
		s.OpenedAt = s.OpenedAt.In(loc)
		if s.ClosedAt != nil {
			t := s.ClosedAt.In(loc)
			s.ClosedAt = &t
		}
	}
	r.Total.Pending = linesInZone(r.Total.Pending, loc)
	return r
}

func reconFlags(fs *pflag.FlagSet) runFunc {
	day := fs.String("day", "", "the day, YYYY-MM-DD in the outlet's zone (--tz); required")
	rate := fs.Float64("rate", cashier.DefaultReconRate, "status calls per second at most")
	limit := fs.Int("max", 0, "ask at most this many this run (0: no bound; a next run resumes)")
	return func(ctx context.Context, c *cli) int {
		if *day == "" {
			return c.badInput(c.cat.F(i18n.CLIRequired, "--day"))
		}
		d, err := time.ParseInLocation("2006-01-02", *day, c.call.Location())
		if err != nil {
			return c.badInput(c.cat.F(i18n.CLIBadDay, *day))
		}
		switch {
		case *rate <= 0:
			return c.badInput(c.cat.F(i18n.CLIBadNumber, "--rate", fmt.Sprint(*rate)))
		case *limit < 0:
			return c.badInput(c.cat.F(i18n.CLIBadNumber, "--max", fmt.Sprint(*limit)))
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		res, err := svc.ReconDay(ctx, cashier.ReconOptions{Day: d, Rate: *rate, Max: *limit})
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		res.Disagreements, res.Open = linesInZone(res.Disagreements, c.call.Location()), linesInZone(res.Open, c.call.Location())
		if c.json {
			c.printJSON(res)
		} else {
			for _, l := range res.Disagreements {
				fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIReconLine, l.PartnerReferenceNo, c.cat.State(l.State), c.cat.Status(l.OVOStatus), l.Why))
			}
			for _, e := range res.Errors {
				fmt.Fprintf(c.stderr, "ovocashier recon: %s\n", e)
			}
			fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIReconTotal, res.Day, res.Txns, res.Confirmed, res.Asked, len(res.Disagreements), len(res.Open)))
		}
		switch {
		case len(res.Disagreements) > 0, len(res.Open) > 0, !res.Complete:
			return cashier.ExitUnknown // an operator must look, or run it again
		}
		return 0
	}
}
