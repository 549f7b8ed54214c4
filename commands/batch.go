package commands

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// batchCommands are `batch load|check|approve|run|status|export|list`.
func batchCommands() []def {
	return []def{
		{parent: "batch", name: "load", args: 1, short: "load a CSV of disbursements (FILE, or - for standard input); nothing is sent", flags: batchLoadFlags,
			long: "Load a CSV file of disbursements: a header row with the columns phone,amount[,note][,reference][,name].\n" +
				"UTF-8 (with or without BOM), ',' or ';' separators and CRLF are read. Every bad row (phone, amount, above OVO's\n" +
				"per-transaction maximum) is listed with its line number and reason; rows above your role's approval limits are\n" +
				"listed too (the batch's approval covers them); a row repeating an earlier phone and amount is flagged as a\n" +
				"duplicate and not sent.\n" +
				"A file loaded before is refused unless --again. Nothing is sent at load."},
		{parent: "batch", name: "check", args: 1, short: "check every row's OVO account (name, blocked, missing, expected name)", flags: batchCheckFlags},
		{parent: "batch", name: "approve", args: 1, short: "approve a checked batch as a whole (another operator than the loader)", flags: batchApproveFlags},
		{parent: "batch", name: "run", args: 1, short: "send the approved rows, each once; run again to resume", flags: batchRunFlags},
		{parent: "batch", name: "status", args: 1, short: "a batch and every row's state, OVO reference, receipt and reason", flags: batchStatusFlags},
		{parent: "batch", name: "export", args: 1, short: "every row's final state as CSV", flags: batchExportFlags},
		{parent: "batch", name: "list", short: "every batch and its progress", flags: batchListFlags},
	}
}

// groupCommand is the parent of grouped ledger commands (`batch`).
func groupCommand(name string) *cobra.Command {
	return &cobra.Command{Use: name, Short: "batch disbursement from a CSV file: load, check, approve, run, status, export, list",
		// Its flags belong to its subcommands: a word that is not one is
		// an unknown command whatever flags come with it.
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				if !strings.HasPrefix(a, "-") {
					return fmt.Errorf("unknown command %q for %q", a, cmd.CommandPath())
				}
			}
			return cmd.Help()
		}}
}

// batchID is the command's ID argument; ok false means it exits with code.
func (c *cli) batchID() (id string, code int, ok bool) {
	if len(c.args) == 0 || strings.TrimSpace(c.args[0]) == "" {
		return "", c.badInput(c.cat.B(i18n.BatchNeedID)), false
	}
	return strings.ToUpper(strings.TrimSpace(c.args[0])), 0, true
}

// openBatch is the common start of the commands on one batch: its ID, the
// service, and the batch as it now is; ok false means exit with code.
func (c *cli) openBatch(ctx context.Context) (svc *cashier.Service, v cashier.BatchView, code int, ok bool) {
	id, code, ok := c.batchID()
	if !ok {
		return nil, v, code, false
	}
	if svc, code, ok = c.open(ctx); !ok {
		return nil, v, code, false
	}
	v, err := svc.BatchStatus(id)
	if err != nil {
		return nil, v, c.batchFail(err), false
	}
	return svc, v, 0, true
}

// batchFail reports an error of the batch functions with its exit code.
func (c *cli) batchFail(err error) int {
	var fe *cashier.BatchFileError
	var le *cashier.BatchLoadedError
	var de *cashier.DepositError
	switch {
	case errors.Is(err, cashier.ErrBatchNotFound) && len(c.args) > 0:
		return c.badInput(c.cat.BF(i18n.BatchNotFound, c.args[0]))
	case errors.As(err, &fe):
		return c.badInput(c.cat.BatchFile(fe))
	case errors.As(err, &le):
		return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchAlready, le.ID)))
	case errors.As(err, &de) && !de.Unread:
		return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchShortfall, cashier.Rupiah(de.Amount), cashier.Rupiah(de.Available), cashier.Rupiah(de.Amount-de.Available))))
	case errors.Is(err, cashier.ErrSameOperator):
		return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchSameOperator, c.call.Operator)))
	case errors.Is(err, cashier.ErrBatchState):
		_, detail, _ := strings.Cut(err.Error(), "allows this: ")
		return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchNotState, detail)))
	}
	return c.fail(cashier.ExitCode(err), err)
}

// batchInput reads the file of `batch load`: FILE or - (stdin) here; over
// SSH only stdin; through the control socket what the caller read.
func (c *cli) batchInput() ([]byte, int, bool) {
	if len(c.args) == 0 {
		return nil, c.badInput(c.cat.B(i18n.BatchNeedFile)), false
	}
	name := c.args[0]
	var r io.Reader
	switch {
	case c.ssh && name != "-":
		return nil, c.badInput(c.cat.B(i18n.BatchSSHStdin)), false
	case c.remote || name == "-":
		r = c.stdin
	default:
		f, err := os.Open(name)
		if err != nil {
			return nil, c.badInput(c.cat.BatchFile(fileError(err, name))), false
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		r = strings.NewReader("")
	}
	data, err := io.ReadAll(io.LimitReader(r, cashier.MaxBatchBytes+1))
	if err != nil {
		return nil, c.badInput(c.cat.BatchFile(fileError(err, name))), false
	}
	if len(data) > cashier.MaxBatchBytes {
		return nil, c.badInput(c.cat.BatchFile(&cashier.BatchFileError{Code: "size", Arg: strconv.Itoa(cashier.MaxBatchBytes)})), false
	}
	return data, 0, true
}

// fileError is a batch file that could not be opened or read, for the
// catalog: "missing" or "unreadable" (permissions, a folder, standard
// input broken) with the name, instead of the system's English words.
func fileError(err error, name string) *cashier.BatchFileError {
	if errors.Is(err, fs.ErrNotExist) {
		return &cashier.BatchFileError{Code: "missing", Arg: name}
	}
	return &cashier.BatchFileError{Code: "unreadable", Arg: name}
}

// batchRowJSON is one row for scripts.
type batchRowJSON struct {
	Line               int    `json:"line"`
	Phone              string `json:"phone"`
	Amount             int64  `json:"amount"`
	Note               string `json:"note,omitempty"`
	Reference          string `json:"reference,omitempty"`
	ExpectedName       string `json:"expectedName,omitempty"`
	AccountName        string `json:"accountName,omitempty"`
	State              string `json:"state"`
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	ReferenceNo        string `json:"referenceNo,omitempty"`
	ReceiptNo          string `json:"receiptNo,omitempty"`
	Reason             string `json:"reason"`
	ReasonCode         string `json:"reasonCode,omitempty"`
	// Tried are the row's earlier references OVO definitely did not apply
	// (the history lists them as failed), so every transaction of the
	// ledger is accounted to its row.
	Tried []string `json:"tried,omitempty"`
}

func (c *cli) rowJSON(r cashier.BatchRowView) batchRowJSON {
	return batchRowJSON{Line: r.Line, Phone: r.Phone, Amount: r.Amount, Note: r.Note, Reference: r.Reference, ExpectedName: r.ExpectedName,
		AccountName: r.AccountName, State: r.State, PartnerReferenceNo: r.Ref, ReferenceNo: r.ReferenceNo, ReceiptNo: r.ReceiptNo,
		Reason: c.cat.BatchReason(r.Reason, r.ReasonArg), ReasonCode: r.Reason, Tried: r.Tried}
}

// batchJSON is a batch with its totals (and its rows for status).
type batchJSON struct {
	BatchID       string         `json:"batchId"`
	Name          string         `json:"name"`
	State         string         `json:"state"`
	LoadedBy      string         `json:"loadedBy"`
	LoadedAt      time.Time      `json:"loadedAt"`
	DuplicateOf   string         `json:"duplicateOf,omitempty"`
	ApprovedBy    string         `json:"approvedBy,omitempty"`
	ApprovedRows  int            `json:"approvedRows,omitempty"`
	ApprovedTotal int64          `json:"approvedTotal,omitempty"`
	Valid         int            `json:"valid"`
	Invalid       int            `json:"invalid"`
	Total         int64          `json:"total"`
	Ready         int            `json:"ready"`
	ReadyTotal    int64          `json:"readyTotal"`
	Unchecked     int            `json:"unchecked"`
	Waiting       int            `json:"waiting"`
	Open          int            `json:"open"`
	Succeeded     int            `json:"succeeded"`
	Failed        int            `json:"failed"`
	Paid          int64          `json:"paid"`
	FailedTotal   int64          `json:"failedTotal"`
	OpenTotal     int64          `json:"openTotal"`
	Reserved      int64          `json:"reserved"`
	Rows          []batchRowJSON `json:"rows,omitempty"`
}

func (c *cli) batchJSON(v cashier.BatchView, rows bool) batchJSON {
	out := batchJSON{BatchID: v.ID, Name: v.Name, State: v.State, LoadedBy: v.LoadedBy, LoadedAt: v.LoadedAt.In(c.call.Location()),
		DuplicateOf: v.DuplicateOf, ApprovedBy: v.ApprovedBy, ApprovedRows: v.ApprovedRows, ApprovedTotal: v.ApprovedTotal,
		Valid: v.Valid, Invalid: v.Invalid, Total: v.Total, Ready: v.Ready, ReadyTotal: v.ReadyTotal, Unchecked: v.Unchecked,
		Waiting: v.Waiting, Open: v.Open, Succeeded: v.Succeeded, Failed: v.Failed, Paid: v.Paid, FailedTotal: v.FailedTotal,
		OpenTotal: v.OpenTotal, Reserved: v.Reserved}
	if rows {
		out.Rows = make([]batchRowJSON, 0, len(v.Rows))
		for _, r := range v.Rows {
			out.Rows = append(out.Rows, c.rowJSON(r))
		}
	}
	return out
}

// printBatch is a batch for a person: summary, counts and the rows that
// need a look (all rows with all), each with its state, references (ours,
// OVO's), receipt number and reason.
func (c *cli) printBatch(v cashier.BatchView, all bool) {
	label := v.ID
	if v.Name != "" {
		label += " (" + v.Name + ")"
	}
	fmt.Fprintln(c.stdout, c.cat.BF(i18n.BatchSummary, label, c.cat.BatchState(v.State)))
	for _, line := range c.cat.BatchTotals(v) { // the batches screen's words
		fmt.Fprintln(c.stdout, line)
	}
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	for _, r := range v.Rows {
		if !all && r.Reason == "" && r.State != string(cashier.StateUnknown) && r.State != string(cashier.StatePending) {
			continue
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Line, r.Phone, cashier.Rupiah(r.Amount), c.cat.RowState(r.State), r.Ref,
			r.ReferenceNo, r.ReceiptNo, c.cat.BatchReason(r.Reason, r.ReasonArg))
	}
	w.Flush()
}

// stopWords says why a batch check or run stopped: Ctrl+C (the command's
// context cancelled) in the operator's language rather than Go's
// "context canceled"; anything else as words says errors.
func (c *cli) stopWords(err error) string {
	if errors.Is(err, context.Canceled) {
		return c.cat.B(i18n.BatchInterrupted)
	}
	return c.words(err)
}

// progressBar draws done/total on a terminal's stderr — this process's,
// or that of a caller through the control socket whose stderr is one
// (Call.Terminal) —; nil elsewhere (--json, SSH, a pipe or file).
func (c *cli) progressBar() *bar {
	switch {
	case c.json || c.ssh:
		return nil
	case c.remote:
		if c.call.Terminal {
			return &bar{w: c.stderr}
		}
		return nil
	}
	f, ok := c.stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	return &bar{w: f}
}

// bar is a progress bar on one line of a terminal; its methods do nothing
// on a nil bar (not a terminal).
type bar struct {
	w    io.Writer
	open bool // a line drawn and not ended yet
}

// draw redraws the line with done of total; the line ends when done
// reaches total.
func (b *bar) draw(done, total int) {
	if b == nil {
		return
	}
	const width = 30
	n := width
	if total > 0 {
		n = min(done, total) * width / total
	}
	fmt.Fprintf(b.w, "\r[%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
	b.open = done < total
	if !b.open {
		fmt.Fprintln(b.w)
	}
}

// end ends a line left open (the check or run stopped part way: Ctrl+C,
// OVO not answering), so what is printed next starts on its own line.
func (b *bar) end() {
	if b != nil && b.open {
		fmt.Fprintln(b.w)
		b.open = false
	}
}

// progress is b.draw as a callback, nil for a nil bar.
func (b *bar) progress() func(done, total int) {
	if b == nil {
		return nil
	}
	return b.draw
}

func batchLoadFlags(fs *pflag.FlagSet) runFunc {
	name := fs.String("name", "", "a name for the batch")
	again := fs.Bool("again", false, "load a file even though the same content was loaded before (flagged as a duplicate batch)")
	pinFlag(fs) // roles.go: the loader is the maker, proven by their PIN when the operators file lists operators
	return func(ctx context.Context, c *cli) int {
		data, code, ok := c.batchInput()
		if !ok {
			return code
		}
		c.input = data
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		by, code, ok := c.who(svc, "batch load") // its role's limits are listed below
		if !ok {
			return code
		}
		b, rows, err := svc.LoadBatch(data, *name, c.call.Operator, *again)
		if err != nil {
			if len(rows) > 0 {
				c.printBadRows(c.stderr, rows)
			}
			return c.batchFail(err)
		}
		notices, err := svc.BatchNotices(rows, by)
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		if c.json {
			type badRow struct {
				Line   int    `json:"line"`
				Phone  string `json:"phone"`
				Amount int64  `json:"amount"`
				State  string `json:"state"`
				Reason string `json:"reason"`
				Code   string `json:"reasonCode"`
			}
			out := struct {
				BatchID     string   `json:"batchId"`
				Name        string   `json:"name"`
				Rows        int      `json:"rows"`
				Valid       int      `json:"valid"`
				Invalid     int      `json:"invalid"`
				Duplicates  int      `json:"duplicates"`
				Total       int64    `json:"total"`
				DuplicateOf string   `json:"duplicateOf,omitempty"`
				BadRows     []badRow `json:"badRows"`
				// AboveMakerLimit are valid rows above the loader's
				// approval limits: the batch's approval covers them.
				AboveMakerLimit []badRow `json:"aboveMakerLimit"`
			}{BatchID: b.ID, Name: b.Name, Rows: b.Rows, Valid: b.Valid, Invalid: b.Invalid, Total: b.Total, DuplicateOf: b.DuplicateOf,
				BadRows: []badRow{}, AboveMakerLimit: []badRow{}}
			for _, n := range notices {
				out.AboveMakerLimit = append(out.AboveMakerLimit, badRow{Line: n.Line, Phone: n.Phone, Amount: n.Amount, State: string(cashier.RowLoaded),
					Reason: c.cat.BatchReason(n.Reason, n.Arg), Code: n.Reason})
			}
			for _, r := range rows {
				if r.State == cashier.RowLoaded {
					continue
				}
				if r.State == cashier.RowDuplicate {
					out.Duplicates++
				}
				out.BadRows = append(out.BadRows, badRow{r.Line, r.Phone, r.Amount, string(r.State), c.cat.BatchReason(r.Reason, r.ReasonArg), r.Reason})
			}
			c.printJSON(out)
			return 0
		}
		fmt.Fprintln(c.stdout, c.cat.BF(i18n.BatchLoaded, b.ID, b.Rows, b.Valid, b.Invalid, cashier.Rupiah(b.Total)))
		if b.DuplicateOf != "" {
			fmt.Fprintln(c.stdout, c.cat.BF(i18n.BatchDupOf, b.DuplicateOf))
		}
		c.printBadRows(c.stdout, rows)
		for _, n := range notices {
			fmt.Fprintln(c.stdout, c.cat.BF(i18n.BatchBadRow, n.Line, c.cat.BatchReason(n.Reason, n.Arg)))
		}
		fmt.Fprintln(c.stdout, c.cat.BF(i18n.BatchLoadedHint, b.ID))
		return 0
	}
}

func (c *cli) printBadRows(w io.Writer, rows []cashier.BatchRow) {
	for _, r := range rows {
		if r.State != cashier.RowLoaded {
			fmt.Fprintln(w, c.cat.BF(i18n.BatchBadRow, r.Line, c.cat.BatchReason(r.Reason, r.ReasonArg)))
		}
	}
}

func batchCheckFlags(fs *pflag.FlagSet) runFunc {
	rate := fs.Float64("rate", cashier.DefaultCheckRate, "account inquiries per second at most; 0 unbounded (OVO's 429 answers still back off)")
	return func(ctx context.Context, c *cli) int {
		if *rate < 0 || math.IsNaN(*rate) {
			return c.badInput(c.cat.B(i18n.BatchBadRate))
		}
		if *rate == 0 {
			*rate = cashier.Unbounded
		}
		svc, before, code, ok := c.openBatch(ctx)
		if !ok {
			return code
		}
		if before.Approved() {
			return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchAlreadyApproved, before.ID, before.ApprovedBy)))
		}
		bar := c.progressBar()
		v, err := svc.CheckBatch(ctx, before.ID, cashier.BatchCheckOptions{Rate: *rate, Progress: bar.progress()})
		bar.end()
		if v.ID == "" {
			return c.batchFail(err)
		}
		if c.json {
			c.printJSON(c.batchJSON(v, true))
		} else {
			c.printBatch(v, false)
		}
		if err != nil {
			fmt.Fprintln(c.stderr, c.cat.BF(i18n.BatchCheckStopped, c.stopWords(err)))
			return cashier.ExitRefused
		}
		return 0
	}
}

func batchApproveFlags(fs *pflag.FlagSet) runFunc {
	rows := fs.Int("rows", -1, "the number of rows you approve (as batch status shows them)")
	total := fs.String("total", "", "the total you approve, in rupiah")
	pinFlag(fs) // roles.go: the approver's PIN when the operators file lists operators
	return func(ctx context.Context, c *cli) int {
		svc, v, code, ok := c.openBatch(ctx)
		if !ok {
			return code
		}
		id := v.ID
		var amt int64
		var err error
		if *total != "" {
			if amt, err = cashier.ParseAmount(*total); err != nil {
				return c.badInput(c.cat.F(i18n.CLIBadAmount, *total))
			}
		}
		switch {
		case v.Approved():
			return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchAlreadyApproved, v.ID, v.ApprovedBy)))
		case v.Unchecked > 0:
			return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchUnchecked, v.Unchecked)))
		case *rows < 0 || *total == "":
			return c.badInput(c.cat.BF(i18n.BatchApproveWhat, v.Ready, cashier.Rupiah(v.ReadyTotal)))
		case *rows != v.Ready || amt != v.ReadyTotal:
			return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchMismatch, *rows, cashier.Rupiah(amt), v.Ready, cashier.Rupiah(v.ReadyTotal))))
		}
		by, code, ok := c.who(svc, "batch approve") // roles.go: a supervisor or owner
		if !ok {
			return code
		}
		b, err := svc.ApproveBatch(ctx, id, by, *rows, amt)
		if err != nil {
			return c.batchFail(err)
		}
		d, _ := svc.Deposit()
		if c.json {
			c.printJSON(struct {
				BatchID    string `json:"batchId"`
				ApprovedBy string `json:"approvedBy"`
				Rows       int    `json:"rows"`
				Total      int64  `json:"total"`
				Reserved   int64  `json:"reserved"`
				Available  int64  `json:"available"`
			}{b.ID, b.ApprovedBy, b.ApprovedRows, b.ApprovedTotal, b.Reserved, d.Available})
			return 0
		}
		fmt.Fprintln(c.stdout, c.cat.BF(i18n.BatchApproved, b.ID, b.ApprovedBy, b.ApprovedRows, cashier.Rupiah(b.ApprovedTotal)))
		return 0
	}
}

func batchRunFlags(fs *pflag.FlagSet) runFunc {
	conc := fs.Int("concurrency", 0, "rows in flight at once at most (default: the batch-concurrency setting, 4)")
	wait := fs.Duration("wait", cashier.DefaultBatchWait, "once every row is sent, keep asking OVO the status of unknown rows for up to this long")
	pinFlag(fs)
	return func(ctx context.Context, c *cli) int {
		if *conc == 0 {
			*conc = c.call.BatchConcurrency
		}
		if *conc == 0 {
			*conc = cashier.DefaultBatchConcurrency
		}
		if *conc <= 0 || *conc > 64 {
			return c.badInput(c.cat.B(i18n.BatchBadConcurrency))
		}
		svc, before, code, ok := c.openBatch(ctx)
		if !ok {
			return code
		}
		id := before.ID
		if !before.Approved() {
			return c.fail(cashier.ExitRefused, inputError(c.cat.BF(i18n.BatchNotApproved, id)))
		}
		bar := c.progressBar()
		done, total := before.Succeeded+before.Failed, before.ApprovedRows
		enc := json.NewEncoder(c.stdout)
		progress := func(r cashier.BatchRow, t cashier.Txn) {
			if t.State.Final() {
				done++
			}
			if c.json {
				row := cashier.BatchRow{Line: r.Line, Phone: r.Phone, Amount: r.Amount, Note: r.Note, Reference: r.Reference, Ref: t.PartnerReferenceNo}
				if why := cashier.TxnReason(t); why != "" && t.State != cashier.StateSuccess {
					row.Reason, row.ReasonArg = cashier.ReasonRowTxn, string(why)
				}
				enc.Encode(c.rowJSON(cashier.BatchRowView{BatchRow: row, State: string(t.State), ReferenceNo: t.ReferenceNo, ReceiptNo: t.ReceiptNo}))
			}
			bar.draw(min(done, total), total)
		}
		by, code, ok := c.who(svc, "batch run")
		if !ok {
			return code
		}
		svc.Audit(by, "batch-run", id, before.ApprovedTotal, fmt.Sprintf("%d rows approved", before.ApprovedRows)) // roles.go
		v, err := svc.RunBatch(ctx, id, c.call.Operator, cashier.BatchRunOptions{Concurrency: *conc, Wait: *wait, Progress: progress})
		bar.end()
		if v.ID == "" {
			return c.batchFail(err)
		}
		if c.json {
			c.jsonDone = true
			enc.Encode(c.batchJSON(v, false))
		} else {
			c.printBatch(v, false)
		}
		switch {
		case err != nil:
			fmt.Fprintln(c.stderr, c.cat.BF(i18n.BatchRunStopped, c.stopWords(err)))
		case v.Open > 0:
			fmt.Fprintln(c.stderr, c.cat.BF(i18n.BatchOpenLeft, v.Open))
		}
		switch {
		case v.Open > 0:
			return cashier.ExitUnknown
		case err != nil || v.Failed > 0 || v.Waiting > 0:
			return cashier.ExitRefused
		}
		return 0
	}
}

func batchStatusFlags(fs *pflag.FlagSet) runFunc {
	return func(ctx context.Context, c *cli) int {
		_, v, code, ok := c.openBatch(ctx)
		if !ok {
			return code
		}
		if c.json {
			c.printJSON(c.batchJSON(v, true))
		} else {
			c.printBatch(v, true)
		}
		return 0
	}
}

// batchCSVHeader is the header of `batch export --csv`.
var batchCSVHeader = []string{"line", "phone", "amount", "note", "reference", "name", "account_name", "state", "partner_reference_no", "reference_no", "receipt_no", "reason"}

func batchExportFlags(fs *pflag.FlagSet) runFunc {
	fs.Bool("csv", true, "CSV on stdout (the only export format; --json prints the rows as JSON)")
	return func(ctx context.Context, c *cli) int {
		_, v, code, ok := c.openBatch(ctx)
		if !ok {
			return code
		}
		if c.json {
			c.printJSON(c.batchJSON(v, true).Rows)
			return 0
		}
		w := csv.NewWriter(c.stdout)
		w.Write(batchCSVHeader)
		for _, r := range v.Rows {
			w.Write([]string{strconv.Itoa(r.Line), r.Phone, strconv.FormatInt(r.Amount, 10), r.Note, r.Reference, r.ExpectedName, r.AccountName,
				r.State, r.Ref, r.ReferenceNo, r.ReceiptNo, c.cat.BatchReason(r.Reason, r.ReasonArg)})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		return 0
	}
}

func batchListFlags(fs *pflag.FlagSet) runFunc {
	return func(ctx context.Context, c *cli) int {
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		views, err := svc.BatchProgress()
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		if c.json {
			out := make([]batchJSON, 0, len(views))
			for _, v := range views {
				out = append(out, c.batchJSON(v, false))
			}
			c.printJSON(out)
			return 0
		}
		if len(views) == 0 {
			fmt.Fprintln(c.stdout, c.cat.B(i18n.BatchNone))
			return 0
		}
		fmt.Fprintln(c.stdout, c.cat.BatchHeader()) // the batches screen's lines
		for _, v := range views {
			fmt.Fprintln(c.stdout, c.cat.BatchLine(v))
		}
		return 0
	}
}
