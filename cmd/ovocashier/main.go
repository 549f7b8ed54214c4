// Command ovocashier is a terminal cashier for OVO Cash top ups and
// disbursements over OVO's SNAP BI API. With no OVO credentials it runs on a
// built-in sandbox.
//
//	ovocashier                 the TUI on this terminal
//	ovocashier serve           the TUI over SSH (and the reconciler)
//	ovocashier sim             the sandbox as a standalone HTTP server
//	ovocashier topup|disburse|inquiry|status|deposit|history|receipt|reconcile
//	                           the same operations for scripts; --json for machine output
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Jakarta everywhere

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

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return commands.Run(ctx, host{}, args, stdin, stdout, stderr)
}
