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
	if step == "batch-approve" {
		return batchApproveChild(svc)
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

// batchApproveChild loads and checks a small batch, approves it as a
// supervisor and dies by SIGKILL right after the approval's commit.
func batchApproveChild(svc *cashier.Service) int {
	ctx := context.Background()
	b, _, err := svc.LoadBatch([]byte("phone,amount,note,name\n081234567890,50000,a,\n081234567891,60000,b,\n"), "wages", "ani", false)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 17
	}
	if _, err := svc.CheckBatch(ctx, b.ID, cashier.BatchCheckOptions{Rate: 5000}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 18
	}
	fmt.Printf("APPROVAL %s\n", b.ID)
	os.Stdout.Sync()
	cashier.SetBatchApproveHook(svc, func(string) { syscall.Kill(os.Getpid(), syscall.SIGKILL) })
	_, err = svc.ApproveBatch(ctx, b.ID, cashier.Actor{Name: "citra", Role: cashier.RoleSupervisor, From: "terminal T2"}, 2, 110_000)
	fmt.Fprintf(os.Stderr, "child was not killed: %v\n", err)
	return 19
}

// SIGKILL right after a batch approval's commit: after the restart the
// batch is approved and the audit trail holds its approval, with who and
// from where (the record is in the approval's own commit).
func TestBatchApprovalCrashKeepsItsAuditRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("re-runs the test binary")
	}
	dir := t.TempDir()
	_, srv := crashSandbox(t, ovosim.Config{Deposit: 5_000_000})
	ledger := filepath.Join(dir, "ledger.db")
	cmd, out, stderr := startCrashChild(t, "CASHIER_APPROVAL_STEP=batch-approve", "CASHIER_CRASH_URL="+srv.URL, "CASHIER_CRASH_LEDGER="+ledger)
	line, _ := bufio.NewReader(out).ReadString('\n')
	id := strings.TrimSpace(strings.TrimPrefix(line, "APPROVAL "))
	cmd.Wait()
	if !killedBySIGKILL(cmd) || id == "" {
		t.Fatalf("child did not die by SIGKILL after approving: %q; stderr: %s", id, stderr.String())
	}
	db, err := storage.Open(ledger, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := db.GetBatch(id)
	if err != nil || b.ApprovedBy != "citra" {
		t.Fatalf("batch after the crash: %+v, %v; want approved by citra", b, err)
	}
	var found []storage.AuditRecord
	db.AuditRange(time.Time{}, time.Now().Add(time.Hour), func(r storage.AuditRecord) error {
		if r.Action == "batch-approve" && r.Ref == id {
			found = append(found, r)
		}
		return nil
	})
	if len(found) != 1 || found[0].Who != "citra" || found[0].From != "terminal T2" || found[0].Role != "supervisor" || found[0].Amount != 110_000 {
		t.Fatalf("audit records of the approval: %+v; want one by citra from terminal T2 for 110000", found)
	}
	if _, err := db.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}
