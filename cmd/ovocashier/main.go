// Command ovocashier is a terminal cashier for OVO Cash top ups and
// disbursements over OVO's SNAP BI API. With no OVO credentials it runs on a
// built-in sandbox.
//
//	ovocashier                 the TUI on this terminal
//	ovocashier serve           the TUI over SSH (and the reconciler)
//	ovocashier sim             the sandbox as a standalone HTTP server
//	ovocashier topup|disburse|inquiry|status|deposit|history|receipt|reconcile
//	                           the same operations for scripts; --json for machine output
//	ovocashier check|backup    the full ledger check; a verified copy of the ledger
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Jakarta everywhere

	"github.com/ovocashier/ovocashier/cashier"
)

func main() {
	// SIGHUP too: a closed terminal or a dropped connection must let a
	// transaction in flight be recorded, like Ctrl+C.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand: it parses its own flags and returns the exit status.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"inquiry", "look up an OVO account: name, fee, limits", runInquiry},
		{"topup", "top up a customer's OVO Cash", runTopUp},
		{"disburse", "disburse to an OVO account", runDisburse},
		{"status", "ask OVO the status of a transaction and record it", runStatus},
		{"deposit", "the merchant deposit (refreshed from OVO)", runDeposit},
		{"history", "transactions, newest first", runHistory},
		{"receipt", "print or reprint a receipt", runReceipt},
		{"reconcile", "settle every pending or unknown transaction now", runReconcile},
		{"check", "check the whole ledger file (read-only)", runCheck},
		{"backup", "write a verified copy of the ledger (backup --out FILE)", runBackup},
		{"serve", "serve the cashier screen to operators over SSH (and run the reconciler)", runServe},
		{"sim", "run the OVO sandbox as an HTTP server", runSim},
		{"keys", "generate the RSA key pair OVO asks for (keys generate --out DIR)", runKeys},
		{"uat", "run the BI devsite / OVO UAT scenarios and write redacted evidence", runUAT},
	}
}

// run runs one command. A panic that reaches it (after a top up may have
// been sent) exits 3, outcome unknown, never Go's 2 ("bad input").
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer exitUnknownOnPanic(stderr, &code)
	if len(args) == 0 || (len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help") {
		return runTUI(ctx, args, stdin, stdout, stderr)
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	case "tui":
		return runTUI(ctx, args[1:], stdin, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "ovocashier: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

// exitUnknownOnPanic, deferred, turns a panic into exit status 3 with a
// message saying that a transaction in progress may have been sent.
func exitUnknownOnPanic(stderr io.Writer, code *int) {
	if p := recover(); p != nil {
		fmt.Fprintf(stderr, "ovocashier: internal error: %v\n"+
			"a transaction in progress may have been sent: its outcome is unknown; check with `ovocashier reconcile` before repeating it\n"+
			"kesalahan internal: transaksi yang sedang berjalan mungkin sudah terkirim; hasilnya belum diketahui, periksa dengan `ovocashier reconcile` sebelum mengulang\n", p)
		*code = cashier.ExitUnknown
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ovocashier [command] [flags]")
	fmt.Fprintln(w, "\nWith no command: the cashier TUI on this terminal.")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n`ovocashier COMMAND -h` lists a command's flags. Exit status: 0 success, 1 refused, 2 bad input, 3 outcome unknown.")
}
