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
	"github.com/ovocashier/ovocashier/commands"
)

func main() {
	// SIGHUP too: a closed terminal or a dropped connection must let a
	// transaction in flight be recorded, like Ctrl+C.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs one command. A panic that reaches it (after a top up may have
// been sent) exits 3, outcome unknown, never Go's 2 ("bad input").
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer exitUnknownOnPanic(stderr, &code)
	return commands.Run(ctx, host{}, args, stdin, stdout, stderr)
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
