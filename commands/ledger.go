package commands

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// ledgerCommands are the commands that work on the ledger: the same
// definitions run directly, through the control socket and over SSH. A new
// one is an entry here.
func ledgerCommands() []def {
	return append([]def{
		{name: "inquiry", short: "look up an OVO account: name, fee, limits", flags: inquiryFlags},
		{name: "topup", short: "top up a customer's OVO Cash", flags: func(fs *pflag.FlagSet) runFunc { return moveFlags(fs, cashier.KindTopUp) }},
		{name: "disburse", short: "disburse to an OVO account", flags: func(fs *pflag.FlagSet) runFunc { return moveFlags(fs, cashier.KindDisburse) }},
		{name: "status", short: "ask OVO the status of a transaction and record it", flags: statusFlags},
		{name: "deposit", short: "the merchant deposit (refreshed from OVO)", flags: depositFlags},
		{name: "history", short: "transactions, newest first", flags: historyFlags},
		{name: "receipt", short: "print or reprint a receipt", flags: receiptFlags},
		{name: "reconcile", short: "settle every pending or unknown transaction now", flags: reconcileFlags},
		{name: "check", short: "check the whole ledger file (read-only): every value, bbolt's pages, the ledger's invariants", flags: checkFlags, notOverSSH: true},
		{name: "backup", short: "write a consistent, verified copy of the ledger (backup --out FILE; never over a file)", flags: backupFlags, notOverSSH: true},
		shiftCommands(),
		reportCommands(),
		{name: "recon", short: "ask OVO the status of a day's transactions and report any disagreement", flags: reconFlags},
		{name: "fleet", short: "every outlet of the shared ledger: the day's totals, open shifts, awaiting approval, not final; the merchant's deposit on top (supervisor)", flags: fleetFlags}, // fleet.go
	}, append(batchCommands(), roleCommands()...)...) // batch.go, roles.go
}

// moneyInputs checks the inputs of a money command and opens the service;
// ok false means the command exits with code (reported).
type moneyInputs func(ctx context.Context, c *cli) (svc *cashier.Service, phone string, amount int64, code int, ok bool)

// moneyFlags registers --phone and --amount, the inputs of a money command.
func moneyFlags(fs *pflag.FlagSet) moneyInputs {
	phone, amount := fs.String("phone", "", "customer's phone number, 08…"), fs.String("amount", "", "amount in rupiah")
	return func(ctx context.Context, c *cli) (*cashier.Service, string, int64, int, bool) {
		p, amt, code, ok := c.phoneAndAmount(*phone, *amount)
		if !ok {
			return nil, "", 0, code, false
		}
		svc, code, ok := c.open(ctx)
		return svc, p, amt, code, ok
	}
}

// phoneAndAmount reads and checks the two inputs of a money command; ok
// false means the command exits with code (reported).
func (c *cli) phoneAndAmount(phone, amount string) (p string, amt int64, code int, ok bool) {
	switch {
	case phone == "":
		return "", 0, c.badInput(c.cat.F(i18n.CLIRequired, "--phone")), false
	case amount == "":
		return "", 0, c.badInput(c.cat.F(i18n.CLIRequired, "--amount")), false
	}
	p, err := cashier.NormalizePhone(phone)
	if err != nil {
		return "", 0, c.fail(cashier.ExitInput, err), false
	}
	if amt, err = cashier.ParseAmount(amount); err != nil {
		return "", 0, c.badInput(c.cat.F(i18n.CLIBadAmount, amount)), false
	}
	return p, amt, 0, true
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

func inquiryFlags(fs *pflag.FlagSet) runFunc {
	inputs := moneyFlags(fs)
	kind := fs.String("kind", "topup", "topup or disburse")
	return func(ctx context.Context, c *cli) int {
		if k := cashier.Kind(*kind); k != cashier.KindTopUp && k != cashier.KindDisburse {
			return c.badInput(c.cat.F(i18n.CLIBadKind, *kind))
		}
		svc, p, amt, code, ok := inputs(ctx, c)
		if !ok {
			return code
		}
		q, err := svc.Inquiry(ctx, cashier.Kind(*kind), p, amt)
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		if c.json {
			c.printJSON(inquiryJSON{
				ResponseCode: q.ResponseCode, ResponseMessage: q.ResponseMessage, CustomerNumber: q.Phone, CustomerName: q.Name,
				Amount: q.Amount, Fee: q.Fee, Receive: q.Receive(), FeeType: q.FeeType, MinAmount: q.Min, MaxAmount: q.Max,
				CustomerMonthlyInLimit: q.MonthlyInLimit, SessionID: q.SessionID, ReferenceNo: q.ReferenceNo,
			})
			return 0
		}
		w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLICustomer), q.Phone)
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIAccountName), q.Name)
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIAmount), cashier.Rupiah(q.Amount))
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIFee), cashier.Rupiah(q.Fee))
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIReceives), cashier.Rupiah(q.Receive()))
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLILimitsLabel), c.cat.F(i18n.CLILimits, cashier.Rupiah(q.Min), cashier.Rupiah(q.Max)))
		w.Flush()
		if err := q.CheckLimits(q.Amount); err != nil {
			fmt.Fprintf(c.stderr, "%s\n", c.cat.F(i18n.CLINote, c.words(err)))
		}
		return 0
	}
}

// moveFlags is topup and disburse: inquiry, (top up: limits), execute, print.
func moveFlags(fs *pflag.FlagSet, kind cashier.Kind) runFunc {
	inputs := moneyFlags(fs)
	pinFlag(fs) // roles.go: a supervisor's limits on this machine need their PIN
	wait := fs.Duration("wait", 0, "when the outcome is unknown, keep asking OVO's status for up to this long")
	allowRepeat := fs.Bool("allow-repeat", false, "send even when the phone has a transaction not yet settled, or the same success in the last minutes")
	return func(ctx context.Context, c *cli) int {
		if *wait < 0 {
			return c.badInput(c.cat.F(i18n.CLINegative, "--wait", wait.String()))
		}
		svc, p, amt, code, ok := inputs(ctx, c)
		if !ok {
			return code
		}
		if !*allowRepeat {
			if err := svc.CheckRepeat(kind, p, amt); err != nil {
				return c.fail(cashier.ExitCode(err), err)
			}
		}
		if err := svc.CheckShift(c.call.Operator); err != nil {
			return c.shiftFail(err) // shifts on and none open: nothing asked, nothing sent
		}
		// Read from OVO only when the (shared) mirror is not fit to decide
		// on: a reading per command would overlap other processes' calls in
		// flight and understate the deposit (DepositForSend).
		if _, err := svc.DepositForSend(ctx); err != nil {
			fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIDepositStale, c.words(err)))
		}
		q, err := svc.Inquiry(ctx, kind, p, amt)
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		if err := q.CheckLimits(amt); err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		by, code, ok := c.who(svc, string(kind))
		if !ok {
			return code
		}
		res, err := svc.Execute(ctx, cashier.Order{Quote: q, Operator: c.call.Operator, Role: by.Role, From: by.From})
		if errors.Is(err, cashier.ErrAwaitingApproval) {
			return c.awaiting(svc, err) // roles.go
		}
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		t := res.Txn
		if !t.State.Final() && *wait > 0 {
			if w, err := svc.AwaitFinal(ctx, t.PartnerReferenceNo, *wait); err == nil {
				t = w
			}
		}
		out := c.toJSON(t)
		if ovo.ReasonOf(res.Err) == ovo.ReasonInsufficientFunds {
			if d, err := svc.Deposit(); err == nil {
				out.Available = &d.Available
			}
		}
		if c.json {
			c.printJSON(out)
		} else {
			c.printTxn(t)
		}
		if t.State == cashier.StateFailed {
			// The outcome as recorded: after --wait it is OVO's final status,
			// not the first answer (which may have said "in progress").
			fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, c.cat.Outcome(t))
			if out.Available != nil {
				fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIDepositAtOVO, cashier.Rupiah(*out.Available)))
			}
		}
		return cashier.StateExitCode(t.State)
	}
}

func statusFlags(fs *pflag.FlagSet) runFunc {
	ref := fs.String("ref", "", "partnerReferenceNo, OVO reference or receipt number of the transaction")
	return func(ctx context.Context, c *cli) int {
		if *ref == "" {
			return c.badInput(c.cat.F(i18n.CLIRequired, "--ref"))
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		ch, err := svc.CheckStatus(ctx, *ref)
		if err != nil {
			return c.fail(cashier.ExitCode(err), err)
		}
		st := ch.Status
		if c.json {
			out := struct {
				txnJSON
				InLedger                bool   `json:"inLedger"`
				LatestTransactionStatus string `json:"latestTransactionStatus"`
				TransactionStatusDesc   string `json:"transactionStatusDesc"`
				Settled                 bool   `json:"settled"`
				Mismatch                bool   `json:"mismatch"`
				Problem                 string `json:"problem,omitempty"`
			}{InLedger: ch.InLedger, LatestTransactionStatus: st.LatestTransactionStatus, TransactionStatusDesc: st.TransactionStatusDesc, Settled: ch.Settled, Mismatch: ch.Mismatch, Problem: ch.Problem}
			if ch.InLedger {
				out.txnJSON = c.toJSON(ch.Txn)
			} else {
				out.PartnerReferenceNo, out.ResponseCode, out.ResponseMessage = *ref, st.ResponseCode, st.ResponseMessage
			}
			c.printJSON(out)
		} else {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIOVOStatus, c.cat.Status(st.LatestTransactionStatus)))
			if ch.InLedger {
				c.printTxn(ch.Txn)
			} else {
				fmt.Fprintln(c.stdout, c.cat.F(i18n.CLINotInLedger, *ref))
			}
			if ch.Mismatch {
				fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIMismatch, c.cat.State(ch.Txn.State), c.cat.Status(st.LatestTransactionStatus)+" ("+ch.Problem+")"))
			}
		}
		if ch.Mismatch { // OVO contradicts the ledger: never a quiet 0 or 1
			return cashier.ExitUnknown
		}
		if ch.InLedger {
			return cashier.StateExitCode(ch.Txn.State)
		}
		switch st.LatestTransactionStatus {
		case ovo.StatusSuccess:
			return cashier.ExitOK
		case ovo.StatusRefunded, ovo.StatusCanceled, ovo.StatusFailed, ovo.StatusNotFound:
			return cashier.ExitRefused
		}
		return cashier.ExitUnknown
	}
}

// depositJSON is the deposit mirror for scripts.
type depositJSON struct {
	Balance     int64     `json:"balance"`
	Reserved    int64     `json:"reserved"`
	Available   int64     `json:"available"`
	RefreshedAt time.Time `json:"refreshedAt"`
}

func depositFlags(fs *pflag.FlagSet) runFunc {
	return func(ctx context.Context, c *cli) int {
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		d, err := svc.RefreshDeposit(ctx)
		if err != nil {
			return c.fail(cashier.ExitCode(err), saidError{c.cat.F(i18n.CLIReadingDeposit, c.words(err)), err})
		}
		if c.json {
			c.printJSON(depositJSON{Balance: d.Balance, Reserved: d.Reserved, Available: d.Available, RefreshedAt: d.RefreshedAt.In(c.call.Location())})
			return 0
		}
		w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIDepositBalance), cashier.Rupiah(d.Balance))
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIDepositReserved), cashier.Rupiah(d.Reserved))
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIDepositAvailable), cashier.Rupiah(d.Available))
		fmt.Fprintf(w, "%s\t%s\n", c.cat.T(i18n.CLIReadAt), c.clock(d.RefreshedAt))
		w.Flush()
		return 0
	}
}

func historyFlags(fs *pflag.FlagSet) runFunc {
	day := fs.String("day", "", "only this day, YYYY-MM-DD, in the outlet's zone (--tz)")
	phone := fs.String("phone", "", "only this customer's phone number")
	limit := fs.Int("limit", 20, "at most this many transactions (1–500)")
	before := fs.String("before", "", "continue after this cursor (printed by the previous page)")
	find := fs.String("find", "", "anything on the slip: OVO reference, reference, receipt no., phone or its last 4+ digits, part of the name")
	by := fs.String("by", "", "only this operator's transactions (a cashier sees only their own)")
	pinFlag(fs) // roles.go: every operator's history on this machine needs a supervisor's PIN
	// next is the command line of the next page: the flags given, and the cursor.
	next := func(cursor string) string {
		line := "ovocashier history"
		fs.Visit(func(f *pflag.Flag) {
			if f.Name != "before" {
				line += " --" + f.Name + "=" + ShellQuote(f.Value.String())
			}
		})
		return line + " --before " + cursor
	}
	return func(ctx context.Context, c *cli) int {
		q := cashier.Query{Limit: *limit, Before: *before}
		if *limit < 1 || *limit > 500 {
			return c.badInput(c.cat.T(i18n.CLILimitRange))
		}
		if *find != "" && (*day != "" || *phone != "") {
			return c.badInput(c.cat.T(i18n.CLIFindAlone))
		}
		if *day != "" {
			d, err := time.ParseInLocation("2006-01-02", *day, c.call.Location())
			if err != nil {
				return c.badInput(c.cat.F(i18n.CLIBadDay, *day))
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
		var page cashier.Page
		if *find != "" || c.remote || c.rolesInUse() || DatabaseURL(c.call.Data) {
			// Through the service: the one lookup and search (--find), and
			// who runs it, when roles decide what they may see (roles.go).
			svc, code, ok := c.open(ctx)
			if !ok {
				return code
			}
			operator, code, ok := c.historyOperator(svc, *by)
			if !ok {
				return code
			}
			var err error
			if *find != "" {
				page, err = svc.FindBy(*find, operator, *before, *limit)
			} else {
				q.Operator = operator
				if q.Location == nil {
					q.Location = c.call.Location()
				}
				page, err = svc.History(q)
			}
			if err != nil {
				return c.fail(cashier.ExitInput, err)
			}
		} else {
			// Read-only: no OVO, no sandbox, and it works on a read-only file system.
			db, code, ok := c.readLedger(ctx, 0, true)
			if !ok {
				return code
			}
			if db != nil {
				if q.Location == nil {
					q.Location = c.call.Location()
				}
				q.Operator = *by
				var err error
				if page, err = db.History(q); err != nil {
					return c.fail(cashier.ExitInput, err)
				}
			}
		}
		if c.json {
			out := make([]txnJSON, 0, len(page.Txns))
			for _, t := range page.Txns {
				out = append(out, c.toJSON(t))
			}
			c.printJSON(out)
			if page.Next != "" {
				fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIMore, next(page.Next)))
			}
			return 0
		}
		w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, c.cat.F(i18n.CLIHistoryHeading, cashier.ZoneAbbrev(time.Now().In(c.call.Location()))))
		for _, t := range page.Txns {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.CreatedAt.In(c.call.Location()).Format("2006-01-02 15:04:05"),
				t.PartnerReferenceNo, c.cat.KindShort(t.Kind), c.cat.State(t.State), cashier.Rupiah(t.Amount), t.CustomerNumber, t.CustomerName, t.ReceiptNo)
		}
		w.Flush()
		if len(page.Txns) == 0 {
			fmt.Fprintln(c.stdout, c.cat.T(i18n.CLINoTransactions))
		}
		if page.Next != "" {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIMore, next(page.Next)))
		}
		return 0
	}
}

func reconcileFlags(fs *pflag.FlagSet) runFunc {
	return func(ctx context.Context, c *cli) int {
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		checks, errs := svc.Reconcile(ctx)
		for _, err := range errs {
			fmt.Fprintf(c.stderr, "ovocashier reconcile: %s\n", c.words(err))
		}
		open, asked := 0, 0
		out := make([]txnJSON, 0, len(checks))
		for _, ch := range checks {
			if !ch.Txn.State.Final() {
				open++
			}
			if !ch.Held {
				asked++
			}
			out = append(out, c.toJSON(ch.Txn))
		}
		if c.json {
			c.printJSON(out)
		} else {
			for _, ch := range checks {
				if ch.Held {
					fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIReconcileHeld, ch.Txn.PartnerReferenceNo, c.cat.State(ch.Txn.State)))
					continue
				}
				status := "-"
				if ch.Status != nil {
					status = c.cat.Status(ch.Status.LatestTransactionStatus)
				}
				fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIReconciled, ch.Txn.PartnerReferenceNo, c.cat.State(ch.Txn.State), status))
			}
			fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIReconcileTotal, asked, open))
		}
		if open > 0 || len(errs) > 0 {
			return cashier.ExitUnknown
		}
		return 0
	}
}

func receiptFlags(fs *pflag.FlagSet) runFunc {
	ref := fs.String("ref", "", "partnerReferenceNo or receipt number of the transaction")
	_ = fs.Bool("reprint", true, "ignored: a slip says REPRINT (CETAK ULANG) when one was printed before")
	return func(ctx context.Context, c *cli) int {
		if *ref == "" {
			return c.badInput(c.cat.F(i18n.CLIRequired, "--ref"))
		}
		spec := c.call.Printer
		if spec == "none" || spec == "" {
			spec = "stdout"
		}
		p, err := cashier.NewPrinter(cashier.PrinterConfig{Spec: spec, Width: c.call.Width, QR: c.call.QR, DrawerKick: c.call.DrawerKick, Stdout: c.stdout})
		if err != nil {
			return c.fail(cashier.ExitInput, err)
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		t, err := svc.Lookup(*ref)
		if amb := (*ledger.AmbiguousError)(nil); errors.As(err, &amb) {
			return c.badInput(c.cat.Ambiguous(amb)) // a receipt number several other outlets hold
		}
		if err != nil {
			return c.badInput(c.cat.F(i18n.CLINoTxn, *ref))
		}
		if err := svc.PrintBy(ctx, t.PartnerReferenceNo, p, c.printedBy()); err != nil { // roles.go
			return c.fail(cashier.ExitRefused, err)
		}
		if t.Printed > 0 { // printed before: a reprint, in the audit trail
			c.audited(svc, t.PartnerReferenceNo) // roles.go
		}
		if spec != "stdout" {
			fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIReceiptSent, t.PartnerReferenceNo, p))
		}
		return 0
	}
}

// ShellQuote quotes s for a POSIX shell when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=._-:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func checkFlags(fs *pflag.FlagSet) runFunc {
	return func(ctx context.Context, c *cli) int {
		db, code, ok := c.readLedger(ctx, -1, false)
		if !ok {
			return code
		}
		if err := db.Verify(ctx); err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		if c.json {
			c.printJSON(map[string]any{"ledger": db.Path(), "sound": true})
		} else {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.CLILedgerSound, db.Path()))
		}
		return 0
	}
}

func backupFlags(fs *pflag.FlagSet) runFunc {
	out := fs.String("out", "", "the new file to write the copy to (never overwritten)")
	return func(ctx context.Context, c *cli) int {
		if *out == "" {
			return c.badInput(c.cat.F(i18n.CLIRequired, "--out"))
		}
		if !c.remote && !filepath.IsAbs(*out) {
			// A process holding the ledger writes the copy from its own
			// working directory: it gets the caller's path whole.
			if abs, err := filepath.Abs(*out); err == nil {
				rel := *out
				c.fwdArgs = func(args []string) []string { return withFlagValue(args, "out", rel, abs) }
				*out = abs
			}
		}
		db, code, ok := c.readLedger(ctx, -1, false)
		if !ok {
			return code
		}
		n, err := db.Backup(*out)
		if err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		if c.json {
			c.printJSON(map[string]any{"ledger": db.Path(), "backup": *out, "bytes": n})
		} else {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.CLIBackupWritten, db.Path(), *out, n))
		}
		return 0
	}
}

// withFlagValue is args with the value from of flag --name (as `--name from`
// or `--name=from`) replaced by to.
func withFlagValue(args []string, name, from, to string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		switch {
		case a == "--"+name && i+1 < len(out) && out[i+1] == from:
			out[i+1] = to
		case a == "--"+name+"="+from:
			out[i] = "--" + name + "=" + to
		}
	}
	return out
}
