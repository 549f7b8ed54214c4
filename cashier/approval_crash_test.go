package cashier_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// approvalChild holds a disbursement above a cashier's limit and dies by
// SIGKILL: before anyone approves it ("before-approval"), or right after a
// supervisor's approval is committed and before it is sent
// ("after-approval").
func approvalChild(step string) int {
	svc, code := childService()
	if svc == nil {
		return code
	}
	die := func(string) { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	ctx := context.Background()
	if _, err := svc.RefreshDeposit(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 13
	}
	q, err := svc.Inquiry(ctx, storage.KindDisburse, "081234567890", 2_000_000)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 14
	}
	_, err = svc.Execute(ctx, cashier.Order{Quote: q, Operator: "budi", Role: cashier.RoleCashier})
	var ae *cashier.AwaitingApprovalError
	if !errors.As(err, &ae) {
		fmt.Fprintln(os.Stderr, "not held:", err)
		return 15
	}
	fmt.Printf("APPROVAL %s\n", ae.Approval.ID)
	os.Stdout.Sync()
	if step == "before-approval" {
		die("")
	}
	cashier.SetApproveHook(svc, die)
	_, _, err = svc.Approve(ctx, ae.Approval.ID, cashier.Actor{Name: "siti", Role: cashier.RoleSupervisor, From: "terminal T1"}, nil)
	fmt.Fprintf(os.Stderr, "child was not killed: %v\n", err)
	return 16
}

// SIGKILL between the approval and the send: after the restart it is sent
// exactly once. SIGKILL before the approval: it is never sent, and it is
// released when it expires.
func TestApprovalCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("re-runs the test binary")
	}
	for _, step := range []string{"before-approval", "after-approval"} {
		t.Run(step, func(t *testing.T) {
			const deposit, amount = 5_000_000, 2_000_000
			dir := t.TempDir()
			sim, srv := crashSandbox(t, ovosim.Config{Deposit: deposit, StatePath: filepath.Join(dir, "sandbox.db")})
			ledger := filepath.Join(dir, "ledger.db")

			cmd, out, stderr := startCrashChild(t, "CASHIER_APPROVAL_STEP="+step, "CASHIER_CRASH_URL="+srv.URL, "CASHIER_CRASH_LEDGER="+ledger)
			line, _ := bufio.NewReader(out).ReadString('\n')
			id := strings.TrimSpace(strings.TrimPrefix(line, "APPROVAL "))
			cmd.Wait()
			if !killedBySIGKILL(cmd) || id == "" {
				t.Fatalf("child did not die by SIGKILL after holding: %q; stderr: %s", id, stderr.String())
			}

			clock := time.Now()
			if step == "before-approval" {
				clock = clock.Add(time.Hour) // past its expiry
			}
			db, err := storage.Open(ledger, storage.Options{Now: func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			client, _ := crashClient(srv.URL)
			svc, err := cashier.New(cashier.Config{OVO: client, Ledger: db, CheckInterval: 20 * time.Millisecond, Logger: slog.New(slog.DiscardHandler),
				Now: func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			svc.Start(context.Background())
			defer svc.Close(context.Background())
			var a storage.Approval
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				a, _ = db.Approval(id)
				if a.State == storage.ApprovalExpired {
					break
				}
				if a.State == storage.ApprovalSent {
					if t2, _ := db.Get(a.Ref); t2.State.Final() {
						break
					}
				}
			}
			want, applied := storage.ApprovalSent, 1
			if step == "before-approval" {
				want, applied = storage.ApprovalExpired, 0
			}
			if a.State != want {
				t.Fatalf("approval %s after the restart, want %s", a.State, want)
			}
			if n := sim.Deposit(); n != int64(deposit-applied*amount) {
				t.Fatalf("sandbox deposit %d: applied %d times?", n, (deposit-n)/amount)
			}
			if applied == 1 {
				if tx, _ := db.Get(a.Ref); tx.State != storage.StateSuccess || sim.Applied(a.Ref) != 1 {
					t.Fatalf("sent: %+v, applied %d", tx, sim.Applied(a.Ref))
				}
			}
			// A second restart sends nothing more.
			if _, _, err := db.DispatchApproval(id, "again"); !errors.Is(err, storage.ErrApprovalState) {
				t.Fatalf("dispatched again: %v", err)
			}
			if err := db.Check(); err != nil {
				t.Fatal(err)
			}
			if _, err := db.VerifyAudit(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
