package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// Migrate is `ovocashier migrate --from FILE --to postgres://… [--outlet
// ID] [--json]`: it copies a bbolt ledger (every transaction with its
// states and history, receipts, shifts and cash moves, reconciliation
// marks, approvals, batches with their rows, the audit trail) into the
// shared database as one outlet, in one database transaction, then
// verifies that the database holds exactly what the file holds: the
// counts and sums, and every transaction field for field. It runs where it
// is started (files on this machine), never over SSH.
//
// It refuses (exit 1, nothing copied) a ledger another process holds (its
// lock), a ledger whose audit trail does not verify, a database that holds
// the outlet already, and numbers another outlet took. lang is the
// default language (--lang overrides it); read opens the ledger file
// read-only (Host.ReadLedger: ErrLedgerHeld while another process holds
// it). Exit 2 for bad flags; 1 when the verification after the copy fails
// (the outlet is in the database: the message says not to use it).
func Migrate(ctx context.Context, args []string, lang string, read func(path string) (LedgerFile, error), stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("ovocashier migrate", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the bbolt ledger file to copy (not in use by another process)")
	to := fs.String("to", "", "the PostgreSQL database, postgres://…")
	outlet := fs.String("outlet", "", "the outlet id the ledger becomes (default: the outlet its transactions name, else \"Outlet 1\")")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	fs.StringVar(&lang, "lang", lang, "language: id or en")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ovocashier migrate --from FILE --to postgres://… [--outlet ID] [--json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return 0
		}
		return cashier.ExitInput
	}
	cat := i18n.New(lang)
	say := func(code int, msg string) int {
		if *asJSON {
			PrintJSON(stdout, NewErrorJSON(code, msg, nil))
		}
		fmt.Fprintf(stderr, "ovocashier migrate: %s\n", msg)
		return code
	}
	switch {
	case fs.NArg() > 0:
		return say(cashier.ExitInput, cat.F(i18n.CLIUnknownFlag, fs.Arg(0)))
	case *from == "":
		return say(cashier.ExitInput, cat.F(i18n.CLIRequired, "--from"))
	case *to == "":
		return say(cashier.ExitInput, cat.F(i18n.CLIRequired, "--to"))
	case DatabaseURL(*from):
		return say(cashier.ExitInput, cat.T(i18n.MigrateNotFile))
	case !DatabaseURL(*to):
		return say(cashier.ExitInput, cat.T(i18n.MigrateNotURL))
	}

	src, err := readOutletLedger(*from, read)
	var broken *ledger.AuditBrokenError
	switch {
	case errors.Is(err, ErrLedgerHeld):
		return say(cashier.ExitRefused, cat.F(i18n.MigrateInUse, *from))
	case errors.As(err, &broken):
		return say(cashier.ExitRefused, cat.F(i18n.MigrateAudit, *from, broken.Error()))
	case err != nil:
		return say(cashier.ExitRefused, cat.F(i18n.MigrateRead, *from, err))
	}
	if *outlet == "" {
		*outlet = commonOutlet(src.Txns)
	}

	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	db, err := postgres.Open(octx, *to, postgres.Options{Outlet: *outlet, Timeout: 10 * time.Minute})
	cancel()
	if errors.Is(err, ledger.ErrSchemaTooNew) {
		return say(cashier.ExitRefused, cat.F(i18n.SchemaTooNew, RedactURL(*to)))
	}
	if err != nil {
		return say(cashier.ExitRefused, cat.F(i18n.MigrateConnect, RedactURL(*to), err))
	}
	defer db.Close()
	ictx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	got, err := db.Import(ictx, *outlet, src)
	switch {
	case errors.Is(err, postgres.ErrOutletExists):
		return say(cashier.ExitRefused, cat.F(i18n.MigrateExists, *outlet))
	case errors.Is(err, postgres.ErrImportConflict):
		taken := ""
		var ce *postgres.ImportConflictError
		if errors.As(err, &ce) {
			taken = cat.ImportTaken(ce.What, ce.ID)
		}
		return say(cashier.ExitRefused, cat.F(i18n.MigrateConflict, taken))
	case err != nil:
		return say(cashier.ExitRefused, cat.F(i18n.MigrateConnect, RedactURL(*to), err))
	}
	want := postgres.CountsOf(src)
	copied := cat.F(i18n.MigrateCopied, *from, *outlet, want.Txns, want.Receipts, want.Shifts, want.Approvals, want.Batches, want.AuditCopied)
	problem := ""
	if !reflect.DeepEqual(got, want) {
		problem = fmt.Sprintf("source %+v, database %+v", want, got)
	} else {
		problem = sameTxns(db, src.Txns)
	}
	if *asJSON {
		PrintJSON(stdout, map[string]any{"from": *from, "to": RedactURL(*to), "outlet": *outlet, "source": want, "database": got,
			"verified": problem == "", "problem": problem})
	} else {
		fmt.Fprintln(stdout, copied)
	}
	if problem != "" {
		fmt.Fprintf(stderr, "ovocashier migrate: %s\n", cat.F(i18n.MigrateMismatch, problem))
		return cashier.ExitRefused
	}
	if !*asJSON {
		fmt.Fprintln(stdout, cat.T(i18n.MigrateVerified))
	}
	return 0
}

// readOutletLedger reads everything of the ledger file at path, opened
// read-only with read (ErrLedgerHeld while another process holds it),
// after verifying its audit trail.
func readOutletLedger(path string, read func(string) (LedgerFile, error)) (postgres.OutletLedger, error) {
	db, err := read(path)
	if err != nil {
		return postgres.OutletLedger{}, err
	}
	defer db.Close()
	src := postgres.OutletLedger{Source: path, Recon: map[string]ledger.ReconMark{}, Rows: map[string][]ledger.BatchRow{}}
	all := func() (time.Time, time.Time) { return time.Time{}, time.Unix(1<<40, 0) }
	if _, err := db.VerifyAudit(); err != nil {
		return src, err
	}
	if src.Deposit, err = db.Deposit(); err != nil {
		return src, err
	}
	lo, hi := all()
	if err := db.RangeTxns(lo, hi, func(t ledger.Txn) error { src.Txns = append(src.Txns, t); return nil }); err != nil {
		return src, err
	}
	for _, t := range src.Txns {
		m, ok, err := db.ReconMark(t.PartnerReferenceNo)
		if err != nil {
			return src, err
		}
		if ok {
			src.Recon[t.PartnerReferenceNo] = m
		}
	}
	if src.Shifts, err = db.ShiftsOpened(lo, hi); err != nil {
		return src, err
	}
	for _, s := range src.Shifts {
		ms, err := db.CashMoves(s.ID)
		if err != nil {
			return src, err
		}
		src.CashMoves = append(src.CashMoves, ms...)
	}
	if src.Approvals, err = db.Approvals(false); err != nil {
		return src, err
	}
	if src.Batches, err = db.Batches(); err != nil {
		return src, err
	}
	slices.Reverse(src.Batches) // oldest first: a file's first batch is imported first
	for _, b := range src.Batches {
		if src.Rows[b.ID], err = db.BatchRows(b.ID); err != nil {
			return src, err
		}
	}
	err = db.AuditRange(lo, hi, func(r ledger.AuditRecord) error { src.Audit = append(src.Audit, r); return nil })
	return src, err
}

// commonOutlet is the outlet most of txns name, "Outlet 1" (the setting's
// default) when none does.
func commonOutlet(txns []ledger.Txn) string {
	n := map[string]int{}
	best := ""
	for _, t := range txns {
		if t.Outlet == "" {
			continue
		}
		n[t.Outlet]++
		if n[t.Outlet] > n[best] || (n[t.Outlet] == n[best] && t.Outlet < best) {
			best = t.Outlet
		}
	}
	if best == "" {
		return "Outlet 1"
	}
	return best
}

// sameTxns compares every transaction of the outlet in the database with
// the source's, field for field (as their JSON); "" when all are equal.
func sameTxns(db *postgres.DB, src []ledger.Txn) string {
	want := make(map[string][]byte, len(src))
	for _, t := range src {
		b, _ := json.Marshal(t)
		want[t.PartnerReferenceNo] = b
	}
	seen := 0
	problem := ""
	err := db.RangeTxns(time.Time{}, time.Unix(1<<40, 0), func(t ledger.Txn) error {
		b, _ := json.Marshal(t)
		w, ok := want[t.PartnerReferenceNo]
		switch {
		case !ok:
			problem = "transaction " + t.PartnerReferenceNo + " is not the source's"
		case string(w) != string(b):
			problem = fmt.Sprintf("transaction %s differs: source %s, database %s", t.PartnerReferenceNo, w, b)
		}
		seen++
		if problem != "" {
			return errors.New(problem)
		}
		return nil
	})
	switch {
	case problem != "":
		return problem
	case err != nil:
		return err.Error()
	case seen != len(src):
		return fmt.Sprintf("%d transactions read back, %d copied", seen, len(src))
	}
	return ""
}
