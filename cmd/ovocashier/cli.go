package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// cli is what every scripted command shares: its flags, its output and the
// app it opens.
type cli struct {
	name           string
	fs             *flag.FlagSet
	set            *settings
	stdout, stderr io.Writer
	jsonDone       bool // a JSON answer was printed
}

func newCLI(name string, stdout, stderr io.Writer) *cli {
	fs := flag.NewFlagSet("ovocashier "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &cli{name: name, fs: fs, stdout: stdout, stderr: stderr}
	c.set = addSettings(fs)
	fs.BoolVar(&c.set.JSON, "json", false, "print one JSON object (an array for history) on stdout")
	return c
}

// parse reads the flags; ok false means the command must exit with code.
func (c *cli) parse(args []string) (code int, ok bool) {
	if code, stop := parseArgs(c.fs, args, c.badInput); stop {
		if code == cashier.ExitInput && (c.set.JSON || slices.ContainsFunc(args, isJSONFlag)) && !c.jsonDone {
			// A bad flag (the flag package printed why): still one JSON answer.
			c.printJSON(errorJSON{Error: "bad flags (see the message on stderr)", Outcome: "invalid"})
		}
		return code, false
	}
	if err := c.set.resolve(); err != nil {
		return c.fail(cashier.ExitInput, err), false
	}
	return 0, true
}

func isJSONFlag(a string) bool {
	return a == "-json" || a == "--json" || a == "--json=true" || a == "-json=true"
}

// badInput reports bad input like fail (JSON too with --json), status 2.
func (c *cli) badInput(format string, a ...any) int {
	return c.fail(cashier.ExitInput, fmt.Errorf(format, a...))
}

// open opens the app, logging to the file beside the ledger.
func (c *cli) open() (*app, int, error) {
	logf, err := openLogFile(c.set.Data)
	if err != nil {
		return nil, cashier.ExitRefused, fmt.Errorf("log file: %w", err)
	}
	a, err := openApp(c.set, logf)
	if err != nil {
		logf.Close()
		return nil, openExit(err), err
	}
	a.closers = append([]func(){func() { logf.Close() }}, a.closers...)
	return a, 0, nil
}

// errorJSON is what --json prints when a command fails.
type errorJSON struct {
	Error           string `json:"error"`
	Outcome         string `json:"outcome"` // "invalid", "refused" or "unknown"
	ResponseCode    string `json:"responseCode,omitempty"`
	ResponseMessage string `json:"responseMessage,omitempty"`
	Reason          string `json:"reason,omitempty"`
	Available       *int64 `json:"available,omitempty"`
}

// fail reports err (stderr, and stdout as JSON with --json) and returns code.
func (c *cli) fail(code int, err error) int {
	msg := err.Error()
	if e, ok := ovoclient.AsError(err); ok {
		msg = e.OperatorText()
	}
	fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, msg)
	if c.set != nil && c.set.JSON {
		out := errorJSON{Error: msg, Outcome: map[int]string{cashier.ExitInput: "invalid", cashier.ExitRefused: "refused", cashier.ExitUnknown: "unknown"}[code]}
		if e, ok := ovoclient.AsError(err); ok {
			out.ResponseCode, out.ResponseMessage, out.Reason = e.Code, e.Message, string(e.Reason)
		}
		var de *cashier.DepositError
		if errors.As(err, &de) {
			out.Available = &de.Available
		}
		c.printJSON(out)
	}
	return code
}

func (c *cli) printJSON(v any) {
	c.jsonDone = true
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// txnJSON is a transaction as scripts see it: SNAP's names where SNAP has
// one, money in integer rupiah, times in WIB.
type txnJSON struct {
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	ReferenceNo        string `json:"referenceNo"`
	CustomerNumber     string `json:"customerNumber"`
	CustomerName       string `json:"customerName"`
	ResponseCode       string `json:"responseCode"`
	ResponseMessage    string `json:"responseMessage"`
	Kind               string `json:"kind"`
	State              string `json:"state"`
	Amount             int64  `json:"amount"`
	Fee                int64  `json:"fee"`
	Receive            int64  `json:"receive"`
	ReceiptNo          string `json:"receiptNo"`
	Operator           string `json:"operator"`
	Outlet             string `json:"outlet"`
	ExternalID         string `json:"externalId"`
	LastStatus         string `json:"lastStatus,omitempty"`
	Reason             string `json:"reason,omitempty"`
	// Summary is the one outcome line in the operator's language, as the
	// screens and the slip say it.
	Summary string `json:"summary"`
	// Available is the deposit available after OVO refused the amount as
	// above the deposit (4033814): the mirror was stale and was re-read.
	Available *int64    `json:"available,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func toJSON(t storage.Txn, lang string) txnJSON {
	return txnJSON{
		Summary:            i18n.New(lang).Outcome(t),
		PartnerReferenceNo: t.PartnerReferenceNo, ReferenceNo: t.ReferenceNo, CustomerNumber: t.CustomerNumber,
		CustomerName: t.CustomerName, ResponseCode: t.ResponseCode, ResponseMessage: t.ResponseMessage,
		Kind: string(t.Kind), State: string(t.State), Amount: t.Amount, Fee: t.Fee, Receive: max(0, t.Amount-t.Fee),
		ReceiptNo: t.ReceiptNo, Operator: t.Operator, Outlet: t.Outlet, ExternalID: t.ExternalID,
		LastStatus: t.LastStatus, Reason: string(cashier.TxnReason(t)),
		CreatedAt: t.CreatedAt.In(ovoclient.Jakarta), UpdatedAt: t.UpdatedAt.In(ovoclient.Jakarta),
	}
}

// printTxn prints a transaction in the chosen format.
func (c *cli) printTxn(t storage.Txn) {
	if c.set.JSON {
		c.printJSON(toJSON(t, c.set.Lang))
		return
	}
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	kind := "TOP UP OVO CASH"
	if t.Kind == storage.KindDisburse {
		kind = "DISBURSEMENT"
	}
	fmt.Fprintf(w, "%s\t%s\n", kind, strings.ToUpper(string(t.State)))
	fmt.Fprintf(w, "outcome\t%s\n", i18n.New(c.set.Lang).Outcome(t))
	fmt.Fprintf(w, "reference\t%s\n", t.PartnerReferenceNo)
	if t.ReferenceNo != "" {
		fmt.Fprintf(w, "OVO reference\t%s\n", t.ReferenceNo)
	}
	fmt.Fprintf(w, "customer\t%s %s\n", t.CustomerNumber, t.CustomerName)
	fmt.Fprintf(w, "amount\t%s\n", cashier.Rupiah(t.Amount))
	if t.State != storage.StateFailed { // a failed one moved nothing
		fmt.Fprintf(w, "fee (deducted)\t%s\n", cashier.Rupiah(t.Fee))
		fmt.Fprintf(w, "customer receives\t%s\n", cashier.Rupiah(max(0, t.Amount-t.Fee)))
	}
	if t.ReceiptNo != "" {
		fmt.Fprintf(w, "receipt\t%s\n", t.ReceiptNo)
	}
	switch {
	case t.LastStatus != "": // settled by a status check: the first answer is history
		fmt.Fprintf(w, "OVO status\t%s %s\n", t.LastStatus, ovoclient.StatusDesc(t.LastStatus))
	case t.ResponseCode != "":
		fmt.Fprintf(w, "OVO said\t%s %s\n", t.ResponseCode, t.ResponseMessage)
	case t.ResponseMessage != "":
		fmt.Fprintf(w, "no answer\t%s\n", t.ResponseMessage)
	}
	if r := cashier.TxnReason(t); r != "" && t.State != storage.StateSuccess {
		fmt.Fprintf(w, "reason\t%s\n", r.Text())
	}
	fmt.Fprintf(w, "operator\t%s\n", t.Operator)
	fmt.Fprintf(w, "time\t%s WIB\n", t.CreatedAt.In(ovoclient.Jakarta).Format("2006-01-02 15:04:05"))
	w.Flush()
	switch t.State {
	case storage.StateUnknown, storage.StatePending:
		fmt.Fprintf(c.stderr, "outcome not known yet: nothing will be sent again; check with `ovocashier status --ref %s` or `ovocashier reconcile`\n", t.PartnerReferenceNo)
	}
}

// start parses args and opens the app. A nil app means the command exits
// with code (already reported).
func (c *cli) start(args []string) (*app, int) {
	if code, ok := c.parse(args); !ok {
		return nil, code
	}
	a, code, err := c.open()
	if err != nil {
		return nil, c.fail(code, err)
	}
	return a, 0
}

// moneyFlags registers --phone and --amount, the inputs of a money command.
func (c *cli) moneyFlags() (phone, amount *string) {
	return c.fs.String("phone", "", "customer's phone number, 08…"), c.fs.String("amount", "", "amount in rupiah")
}

// startMoney parses args, checks the phone and the amount and opens the
// app. A nil app means the command exits with code (already reported).
func (c *cli) startMoney(args []string, phone, amount *string) (a *app, p string, amt int64, code int) {
	if code, ok := c.parse(args); !ok {
		return nil, "", 0, code
	}
	p, amt, err := amountAndPhone(*phone, *amount)
	if err != nil {
		return nil, "", 0, c.fail(cashier.ExitInput, err)
	}
	if a, code, err = c.open(); err != nil {
		return nil, "", 0, c.fail(code, err)
	}
	return a, p, amt, 0
}

// amountAndPhone reads and checks the two inputs of a money command.
func amountAndPhone(phone, amount string) (string, int64, error) {
	if phone == "" {
		return "", 0, fmt.Errorf("%w: --phone is required", cashier.ErrInvalidInput)
	}
	if amount == "" {
		return "", 0, fmt.Errorf("%w: --amount is required", cashier.ErrInvalidInput)
	}
	p, err := cashier.NormalizePhone(phone)
	if err != nil {
		return "", 0, err
	}
	a, err := cashier.ParseAmount(amount)
	if err != nil {
		return "", 0, err
	}
	return p, a, nil
}

// inquiryJSON is the inquiry's answer for scripts.
type inquiryJSON struct {
	ResponseCode           string `json:"responseCode"`
	ResponseMessage        string `json:"responseMessage"`
	CustomerNumber         string `json:"customerNumber"`
	CustomerName           string `json:"customerName"`
	Amount                 int64  `json:"amount"`
	Fee                    int64  `json:"fee"`
	Receive                int64  `json:"receive"`
	FeeType                string `json:"feeType,omitempty"`
	MinAmount              int64  `json:"minAmount"`
	MaxAmount              int64  `json:"maxAmount"`
	CustomerMonthlyInLimit int64  `json:"customerMonthlyInLimit,omitempty"`
	SessionID              string `json:"sessionId,omitempty"`
	ReferenceNo            string `json:"referenceNo,omitempty"`
}

func runInquiry(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("inquiry", stdout, stderr)
	phone, amount := c.moneyFlags()
	kind := c.fs.String("kind", "topup", "topup or disburse")
	a, p, amt, code := c.startMoney(args, phone, amount)
	if a == nil {
		return code
	}
	defer a.Close()
	q, err := a.svc.Inquiry(ctx, storage.Kind(*kind), p, amt)
	if err != nil {
		return c.fail(cashier.ExitCode(err), err)
	}
	if c.set.JSON {
		c.printJSON(inquiryJSON{
			ResponseCode: q.ResponseCode, ResponseMessage: q.ResponseMessage, CustomerNumber: q.Phone, CustomerName: q.Name,
			Amount: q.Amount, Fee: q.Fee, Receive: q.Receive(), FeeType: q.FeeType, MinAmount: q.Min, MaxAmount: q.Max,
			CustomerMonthlyInLimit: q.MonthlyInLimit, SessionID: q.SessionID, ReferenceNo: q.ReferenceNo,
		})
		return 0
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "customer\t%s\n", q.Phone)
	fmt.Fprintf(w, "OVO account name\t%s\n", q.Name)
	fmt.Fprintf(w, "amount\t%s\n", cashier.Rupiah(q.Amount))
	fmt.Fprintf(w, "fee (deducted)\t%s\n", cashier.Rupiah(q.Fee))
	fmt.Fprintf(w, "customer receives\t%s\n", cashier.Rupiah(q.Receive()))
	fmt.Fprintf(w, "limits\t%s – %s per transaction\n", cashier.Rupiah(q.Min), cashier.Rupiah(q.Max))
	w.Flush()
	if err := q.CheckLimits(q.Amount); err != nil {
		fmt.Fprintf(stderr, "note: %v\n", err)
	}
	return 0
}

func runTopUp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runMove(ctx, "topup", storage.KindTopUp, args, stdout, stderr)
}

func runDisburse(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runMove(ctx, "disburse", storage.KindDisburse, args, stdout, stderr)
}

// runMove is topup and disburse: inquiry, (top up: limits), execute, print.
func runMove(ctx context.Context, name string, kind storage.Kind, args []string, stdout, stderr io.Writer) int {
	c := newCLI(name, stdout, stderr)
	phone, amount := c.moneyFlags()
	wait := c.fs.Duration("wait", 0, "when the outcome is unknown, keep asking OVO's status for up to this long")
	allowRepeat := c.fs.Bool("allow-repeat", false, "send even when the phone has a transaction not yet settled, or the same success in the last minutes")
	a, p, amt, code := c.startMoney(args, phone, amount)
	if a == nil {
		return code
	}
	defer a.Close()
	if !*allowRepeat {
		if err := a.svc.CheckRepeat(kind, p, amt); err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
	}
	if _, err := a.svc.RefreshDeposit(ctx); err != nil {
		fmt.Fprintf(stderr, "warning: deposit not refreshed from OVO (%v); using the last known one\n", err)
	}
	q, err := a.svc.Inquiry(ctx, kind, p, amt)
	if err != nil {
		return c.fail(cashier.ExitCode(err), err)
	}
	if err := q.CheckLimits(amt); err != nil {
		return c.fail(cashier.ExitRefused, err)
	}
	res, err := a.svc.Execute(ctx, cashier.Order{Quote: q, Operator: c.set.Operator})
	if err != nil {
		return c.fail(cashier.ExitCode(err), err)
	}
	t := res.Txn
	deadline := time.Now().Add(*wait)
	for !t.State.Final() && time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
		if ch, err := a.svc.CheckStatus(ctx, t.PartnerReferenceNo); err == nil && ch.InLedger {
			t = ch.Txn
		}
	}
	out := toJSON(t, c.set.Lang)
	if ovoclient.ReasonOf(res.Err) == ovoclient.ReasonInsufficientFunds {
		if d, err := a.svc.Deposit(); err == nil {
			out.Available = &d.Available
		}
	}
	if c.set.JSON {
		c.printJSON(out)
	} else {
		c.printTxn(t)
	}
	if t.State == storage.StateFailed {
		// The outcome as recorded: after --wait it is OVO's final status,
		// not the first answer (which may have said "in progress").
		fmt.Fprintf(stderr, "ovocashier %s: %s\n", name, i18n.New(c.set.Lang).Outcome(t))
		if out.Available != nil {
			fmt.Fprintf(stderr, "deposit available at OVO: %s\n", cashier.Rupiah(*out.Available))
		}
	}
	return cashier.StateExitCode(t.State)
}

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("status", stdout, stderr)
	ref := c.fs.String("ref", "", "partnerReferenceNo of the transaction")
	if code, ok := c.parse(args); !ok {
		return code
	}
	if *ref == "" {
		return c.fail(cashier.ExitInput, errors.New("--ref is required"))
	}
	a, code, err := c.open()
	if err != nil {
		return c.fail(code, err)
	}
	defer a.Close()
	ch, err := a.svc.CheckStatus(ctx, *ref)
	if err != nil {
		return c.fail(cashier.ExitCode(err), err)
	}
	st := ch.Status
	if c.set.JSON {
		out := struct {
			txnJSON
			InLedger                bool   `json:"inLedger"`
			LatestTransactionStatus string `json:"latestTransactionStatus"`
			TransactionStatusDesc   string `json:"transactionStatusDesc"`
			Settled                 bool   `json:"settled"`
			Mismatch                bool   `json:"mismatch"`
		}{InLedger: ch.InLedger, LatestTransactionStatus: st.LatestTransactionStatus, TransactionStatusDesc: st.TransactionStatusDesc, Settled: ch.Settled, Mismatch: ch.Mismatch}
		if ch.InLedger {
			out.txnJSON = toJSON(ch.Txn, c.set.Lang)
		} else {
			out.PartnerReferenceNo, out.ResponseCode, out.ResponseMessage = *ref, st.ResponseCode, st.ResponseMessage
		}
		c.printJSON(out)
	} else {
		fmt.Fprintf(stdout, "OVO status: %s %s\n", st.LatestTransactionStatus, firstNonEmpty(st.TransactionStatusDesc, ovoclient.StatusDesc(st.LatestTransactionStatus)))
		if ch.InLedger {
			c.printTxn(ch.Txn)
		} else {
			fmt.Fprintf(stdout, "%s is not in this ledger\n", *ref)
		}
		if ch.Mismatch {
			fmt.Fprintf(stderr, "WARNING: the ledger says %s but OVO says %s: check with OVO\n", ch.Txn.State, st.LatestTransactionStatus)
		}
	}
	if ch.InLedger {
		return cashier.StateExitCode(ch.Txn.State)
	}
	switch st.LatestTransactionStatus {
	case ovoclient.StatusSuccess:
		return cashier.ExitOK
	case ovoclient.StatusRefunded, ovoclient.StatusCanceled, ovoclient.StatusFailed, ovoclient.StatusNotFound:
		return cashier.ExitRefused
	}
	return cashier.ExitUnknown
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// depositJSON is the deposit mirror for scripts.
type depositJSON struct {
	Balance     int64     `json:"balance"`
	Reserved    int64     `json:"reserved"`
	Available   int64     `json:"available"`
	RefreshedAt time.Time `json:"refreshedAt"`
}

func runDeposit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("deposit", stdout, stderr)
	a, code := c.start(args)
	if a == nil {
		return code
	}
	defer a.Close()
	d, err := a.svc.RefreshDeposit(ctx)
	if err != nil {
		return c.fail(cashier.ExitCode(err), fmt.Errorf("reading the deposit from OVO: %w", err))
	}
	if c.set.JSON {
		c.printJSON(depositJSON{Balance: d.Balance, Reserved: d.Reserved, Available: d.Available, RefreshedAt: d.RefreshedAt.In(ovoclient.Jakarta)})
		return 0
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "deposit at OVO\t%s\n", cashier.Rupiah(d.Balance))
	fmt.Fprintf(w, "reserved (in flight)\t%s\n", cashier.Rupiah(d.Reserved))
	fmt.Fprintf(w, "available\t%s\n", cashier.Rupiah(d.Available))
	fmt.Fprintf(w, "read at\t%s WIB\n", d.RefreshedAt.In(ovoclient.Jakarta).Format("2006-01-02 15:04:05"))
	w.Flush()
	return 0
}

func runHistory(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("history", stdout, stderr)
	day := c.fs.String("day", "", "only this day, YYYY-MM-DD (WIB)")
	phone := c.fs.String("phone", "", "only this customer's phone number")
	limit := c.fs.Int("limit", 20, "at most this many transactions (1–500)")
	before := c.fs.String("before", "", "continue after this cursor (printed by the previous page)")
	find := c.fs.String("find", "", "anything on the slip: OVO reference, reference, receipt no., phone or its last 4+ digits, part of the name")
	if code, ok := c.parse(args); !ok {
		return code
	}
	if *find != "" && (*day != "" || *phone != "") {
		return c.fail(cashier.ExitInput, errors.New("--find cannot be combined with --day or --phone"))
	}
	q := storage.Query{Limit: *limit, Before: *before}
	if *limit < 1 || *limit > 500 {
		return c.fail(cashier.ExitInput, errors.New("--limit must be 1 to 500"))
	}
	if *day != "" {
		d, err := time.ParseInLocation("2006-01-02", *day, ovoclient.Jakarta)
		if err != nil {
			return c.fail(cashier.ExitInput, fmt.Errorf("--day %q is not YYYY-MM-DD", *day))
		}
		q.Day = d
	}
	if *phone != "" {
		p, err := cashier.NormalizePhone(*phone)
		if err != nil {
			return c.fail(cashier.ExitInput, err)
		}
		q.Phone = p
	}
	a, code, err := c.open()
	if err != nil {
		return c.fail(code, err)
	}
	defer a.Close()
	page, err := a.svc.History(q)
	if *find != "" {
		page, err = a.svc.Find(*find, *before, *limit)
	}
	if err != nil {
		return c.fail(cashier.ExitInput, err)
	}
	// more is the command that shows the next page, with this one's flags.
	more := "ovocashier history"
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name != "before" {
			more += " --" + f.Name + "=" + shellQuote(f.Value.String())
		}
	})
	more += " --before " + page.Next
	if c.set.JSON {
		out := make([]txnJSON, 0, len(page.Txns))
		for _, t := range page.Txns {
			out = append(out, toJSON(t, c.set.Lang))
		}
		c.printJSON(out)
		if page.Next != "" {
			fmt.Fprintf(stderr, "more: %s\n", more)
		}
		return 0
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "TIME (WIB)\tREFERENCE\tKIND\tSTATE\tAMOUNT\tPHONE\tNAME\tRECEIPT")
	for _, t := range page.Txns {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.CreatedAt.In(ovoclient.Jakarta).Format("2006-01-02 15:04:05"),
			t.PartnerReferenceNo, t.Kind, t.State, cashier.Rupiah(t.Amount), t.CustomerNumber, t.CustomerName, t.ReceiptNo)
	}
	w.Flush()
	if len(page.Txns) == 0 {
		fmt.Fprintln(stdout, "(no transactions)")
	}
	if page.Next != "" {
		fmt.Fprintf(stdout, "more: %s\n", more)
	}
	return 0
}

func runReconcile(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("reconcile", stdout, stderr)
	a, code := c.start(args)
	if a == nil {
		return code
	}
	defer a.Close()
	checks, errs := a.svc.Reconcile(ctx)
	for _, err := range errs {
		fmt.Fprintf(stderr, "ovocashier reconcile: %v\n", err)
	}
	open := 0
	out := make([]txnJSON, 0, len(checks))
	for _, ch := range checks {
		if !ch.Txn.State.Final() {
			open++
		}
		out = append(out, toJSON(ch.Txn, c.set.Lang))
	}
	if c.set.JSON {
		c.printJSON(out)
	} else {
		for _, ch := range checks {
			status := "-"
			if ch.Status != nil {
				status = ch.Status.LatestTransactionStatus + " " + ovoclient.StatusDesc(ch.Status.LatestTransactionStatus)
			}
			fmt.Fprintf(stdout, "%s  %-8s  OVO status %s\n", ch.Txn.PartnerReferenceNo, ch.Txn.State, status)
		}
		fmt.Fprintf(stdout, "%d checked, %d still open\n", len(checks), open)
	}
	if open > 0 || len(errs) > 0 {
		return cashier.ExitUnknown
	}
	return 0
}

func runReceipt(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("receipt", stdout, stderr)
	ref := c.fs.String("ref", "", "partnerReferenceNo or receipt number of the transaction")
	_ = c.fs.Bool("reprint", true, "ignored: a slip says REPRINT (CETAK ULANG) when one was printed before")
	if code, ok := c.parse(args); !ok {
		return code
	}
	if *ref == "" {
		return c.fail(cashier.ExitInput, errors.New("--ref is required"))
	}
	spec := c.set.Printer
	if spec == "none" {
		spec = "stdout"
	}
	p, err := receipts.NewPrinter(receipts.PrinterConfig{Spec: spec, Width: c.set.Width, Stdout: stdout})
	if err != nil {
		return c.fail(cashier.ExitInput, err)
	}
	a, code, err := c.open()
	if err != nil {
		return c.fail(code, err)
	}
	defer a.Close()
	t, err := a.svc.Lookup(*ref)
	if err != nil {
		return c.fail(cashier.ExitInput, fmt.Errorf("no transaction %s in this ledger", *ref))
	}
	if err := a.svc.Print(ctx, t.PartnerReferenceNo, p); err != nil {
		return c.fail(cashier.ExitRefused, err)
	}
	if spec != "stdout" {
		fmt.Fprintf(stderr, "receipt of %s sent to %s\n", t.PartnerReferenceNo, p)
	}
	return 0
}
