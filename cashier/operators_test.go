package cashier_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
)

func TestOperatorsFilePINsAndLockout(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	path := filepath.Join(t.TempDir(), "operators.toml")
	ops, err := cashier.LoadOperators(path, time.Minute, clock)
	if err != nil || ops.InUse() {
		t.Fatalf("a missing file: %v %v", err, ops.InUse())
	}
	if err := ops.Set("Siti Rahayu", cashier.RoleSupervisor, "12a4"); !errors.Is(err, cashier.ErrInvalidInput) {
		t.Fatalf("a PIN with a letter: %v", err)
	}
	if err := ops.Set("Siti Rahayu", cashier.RoleSupervisor, "2468"); err != nil {
		t.Fatal(err)
	}
	if err := ops.Set("Budi", cashier.RoleCashier, "1357"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "2468") || !strings.Contains(string(data), "$2a$") {
		t.Fatalf("the PIN is not stored hashed:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	ops, err = cashier.LoadOperators(path, time.Minute, clock)
	if err != nil {
		t.Fatal(err)
	}
	e := testenv.New(t, testenv.Options{CashierConfig: func(c *cashier.Config) { c.Operators = ops }})
	svc := e.Service
	if a, err := svc.Login("siti rahayu", "2468", "terminal T1"); err != nil || a.Role != cashier.RoleSupervisor || a.Name != "Siti Rahayu" {
		t.Fatalf("login: %v %+v", err, a)
	}
	for i := 1; i <= 3; i++ {
		_, err := svc.Login("Budi", "0000", "terminal T1")
		if i < 3 && !errors.Is(err, cashier.ErrBadPIN) || i == 3 && !errors.Is(err, cashier.ErrPINLocked) {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	if _, err := svc.Login("Budi", "1357", "terminal T1"); !errors.Is(err, cashier.ErrPINLocked) {
		t.Fatalf("the right PIN while locked: %v", err)
	}
	if _, err := svc.Login("Siti Rahayu", "2468", "terminal T1"); err != nil {
		t.Fatalf("another operator is not locked: %v", err)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	if _, err := svc.Login("Budi", "1357", "terminal T1"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	recs, err := svc.AuditDay(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range recs {
		actions = append(actions, r.Action)
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "login,pin-failed,pin-failed,pin-failed,pin-locked,pin-refused-locked,login,login") {
		t.Fatalf("audit: %s", got)
	}
	// A bad file is refused, never half-read.
	os.WriteFile(path, []byte("[[operator]]\nname = \"x\"\nrole = \"boss\"\npin = \"1\"\n"), 0o600)
	if _, err := cashier.LoadOperators(path, 0, nil); err == nil {
		t.Fatal("an unknown role was accepted")
	}
}

// Three wrong PINs lock an operator across a restart: the count and the
// lock are kept in the ledger, so a new process on the same ledger (and a
// fresh load of the operators file) still refuses the right PIN until the
// lockout ends; two wrong PINs before a restart and one after lock too. A
// new PIN set by the owner unlocks.
func TestPINLockoutSurvivesRestart(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	dir := t.TempDir()
	path := filepath.Join(dir, "operators.toml")
	ops, _ := cashier.LoadOperators(path, time.Minute, clock)
	if err := ops.Set("Budi", cashier.RoleCashier, "1357"); err != nil {
		t.Fatal(err)
	}
	if err := ops.Set("Ani", cashier.RoleCashier, "2468"); err != nil {
		t.Fatal(err)
	}
	start := func() *testenv.Env {
		ops, err := cashier.LoadOperators(path, time.Minute, clock) // a new process reads the file anew
		if err != nil {
			t.Fatal(err)
		}
		return testenv.New(t, testenv.Options{Dir: dir, NoStart: true, CashierConfig: func(c *cashier.Config) { c.Operators = ops }})
	}
	e := start()
	for range 3 {
		e.Service.Login("Budi", "0000", "terminal T1")
	}
	e.Service.Login("Ani", "0000", "terminal T1")
	e.Service.Login("Ani", "0000", "terminal T1")
	e.Close()

	e = start()
	if _, err := e.Service.Login("Budi", "1357", "terminal T1"); !errors.Is(err, cashier.ErrPINLocked) {
		t.Fatalf("the right PIN after a restart during the lockout: %v; want locked", err)
	}
	if _, err := e.Service.Login("Ani", "0000", "terminal T1"); !errors.Is(err, cashier.ErrPINLocked) {
		t.Fatalf("the third wrong PIN, two of them before the restart: %v; want locked", err)
	}
	e.Close()

	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	e = start()
	if _, err := e.Service.Login("Budi", "1357", "terminal T1"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	if _, err := e.Service.Login("Ani", "0000", "terminal T1"); !errors.Is(err, cashier.ErrBadPIN) {
		t.Fatalf("a wrong PIN after the lockout ended starts a new count: %v", err)
	}
	for range 2 {
		e.Service.Login("Ani", "0000", "terminal T1")
	}
	owner := cashier.Actor{Name: "owner", Role: cashier.RoleOwner, From: "command line"}
	if err := e.Service.SetOperator(owner, "Ani", cashier.RoleCashier, "9753"); err != nil {
		t.Fatal(err)
	}
	e.Close()
	e = start()
	if _, err := e.Service.Login("Ani", "9753", "terminal T1"); err != nil {
		t.Fatalf("a new PIN set by the owner unlocks: %v", err)
	}
	if _, err := e.Service.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// A cashier's close with an unexplained difference needs a supervisor,
// note or not; the supervisor closes it with a note.
func TestCloseWithDifferenceNeedsSupervisor(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000})
	svc := e.Service
	if _, err := svc.OpenShift(bg, "budi", 100_000); err != nil {
		t.Fatal(err)
	}
	budi := cashier.Actor{Name: "budi", Role: cashier.RoleCashier}
	_, err := svc.CloseShiftAs(bg, budi, "budi", 90_000, "short")
	if !errors.Is(err, cashier.ErrRole) {
		t.Fatalf("a cashier closed with a difference: %v", err)
	}
	if _, err := svc.CurrentShift("budi"); err != nil {
		t.Fatalf("the shift was closed anyway: %v", err)
	}
	siti := cashier.Actor{Name: "siti", Role: cashier.RoleSupervisor}
	if _, err := svc.CloseShiftAs(bg, siti, "budi", 90_000, "Rp10.000 short: change to the bank"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.OpenShift(bg, "budi", 50_000); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseShiftAs(bg, budi, "budi", 50_000, ""); err != nil {
		t.Fatalf("a cashier's close without a difference: %v", err)
	}
}
