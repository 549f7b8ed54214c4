package cashier_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/storage"
)

// supervisorKey is a fresh ed25519 key, also written as an OpenSSH private
// key file for ssh-keygen.
func supervisorKey(t *testing.T) (ssh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := ssh.MarshalPrivateKey(priv, "Siti Rahayu role=supervisor")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(blk), 0o600); err != nil {
		t.Fatal(err)
	}
	return signer, path
}

func held(t *testing.T, err error) storage.Approval {
	t.Helper()
	var ae *cashier.AwaitingApprovalError
	if !errors.As(err, &ae) {
		t.Fatalf("not held for approval: %v", err)
	}
	return ae.Approval
}

// A cashier's disbursement above the limit waits (nothing sent, amount
// reserved); the maker and a cashier cannot approve it; a supervisor over
// SSH must sign the canonical bytes with the key they logged in with; the
// approval verifies with ssh-keygen -Y verify; it is sent exactly once.
func TestSSHApprovalSignedBySupervisorKey(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 10_000_000})
	svc := e.Service
	q := quote(t, e, storage.KindDisburse, "081298765432", 1_500_000)
	_, err := svc.Execute(bg, cashier.Order{Quote: q, Operator: "Budi", Role: cashier.RoleCashier, From: "ssh SHA256:budi"})
	a := held(t, err)
	if a.State != storage.ApprovalAwaiting || e.Sim.Deposit() != 10_000_000 {
		t.Fatalf("approval %+v, sandbox deposit %d", a, e.Sim.Deposit())
	}
	if d, _ := svc.Deposit(); d.Reserved != 1_500_000 {
		t.Fatalf("not reserved: %+v", d)
	}
	// Below the limit goes straight through.
	small := quote(t, e, storage.KindDisburse, "081298765432", 100_000)
	if res, err := svc.Execute(bg, cashier.Order{Quote: small, Operator: "Budi", Role: cashier.RoleCashier}); err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("a small one: %v %+v", err, res.Txn)
	}

	signer, keyFile := supervisorKey(t)
	siti := cashier.Actor{Name: "Siti Rahayu", Role: cashier.RoleSupervisor, From: "ssh " + ssh.FingerprintSHA256(signer.PublicKey()), Key: signer.PublicKey().Marshal()}
	if _, _, err := svc.Approve(bg, a.ID, cashier.Actor{Name: "budi", Role: cashier.RoleSupervisor}, nil); !errors.Is(err, cashier.ErrOwnApproval) {
		t.Fatalf("the maker approved their own: %v", err)
	}
	if _, _, err := svc.Approve(bg, a.ID, cashier.Actor{Name: "Ani", Role: cashier.RoleCashier}, nil); !errors.Is(err, cashier.ErrRole) {
		t.Fatalf("a cashier approved: %v", err)
	}
	_, _, err = svc.Approve(bg, a.ID, siti, nil)
	var need *cashier.SignatureNeededError
	if !errors.As(err, &need) || !strings.Contains(string(need.Bytes), "approval: "+a.ID) {
		t.Fatalf("an SSH approval without a signature: %v", err)
	}
	// A signature by another key, or of other bytes, is refused.
	other, _ := supervisorKey(t)
	bad, _ := cashier.SignSSHSig(other, cashier.ApprovalNamespace, need.Bytes)
	if _, _, err := svc.Approve(bg, a.ID, siti, bad); !errors.Is(err, cashier.ErrSignature) {
		t.Fatalf("another key's signature: %v", err)
	}
	wrong, _ := cashier.SignSSHSig(signer, cashier.ApprovalNamespace, append([]byte("x"), need.Bytes...))
	if _, _, err := svc.Approve(bg, a.ID, siti, wrong); !errors.Is(err, cashier.ErrSignature) {
		t.Fatalf("a signature of other bytes: %v", err)
	}

	sig := sign(t, signer, keyFile, need.Bytes)
	got, res, err := svc.Approve(bg, a.ID, siti, sig)
	if err != nil || res.Txn.State != storage.StateSuccess || got.State != storage.ApprovalSent || got.Ref != res.Txn.PartnerReferenceNo {
		t.Fatalf("approve: %v %+v %+v", err, got, res.Txn)
	}
	if n := e.Sim.Applied(got.Ref); n != 1 {
		t.Fatalf("applied %d times", n)
	}
	if _, _, err := svc.Approve(bg, a.ID, siti, sig); !errors.Is(err, cashier.ErrNotAwaiting) {
		t.Fatalf("approved twice: %v", err)
	}
	if n := e.Sim.Applied(got.Ref); n != 1 {
		t.Fatalf("applied %d times", n)
	}
	// Later, with the public key alone: the stored approval verifies.
	stored, _ := svc.FindApproval(got.Ref)
	if stored.Fingerprint != ssh.FingerprintSHA256(signer.PublicKey()) || stored.Signature == "" {
		t.Fatalf("stored approval %+v", stored)
	}
	msg := cashier.ApprovalBytes(meta(t, e).InstallationID, stored, stored.Approver)
	if err := cashier.VerifySSHSig([]byte(stored.Signature), cashier.ApprovalNamespace, msg, signer.PublicKey().Marshal()); err != nil {
		t.Fatal(err)
	}
	sshKeygenVerify(t, signer.PublicKey(), msg, []byte(stored.Signature))
	if err := e.DB.Check(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

func meta(t *testing.T, e *testenv.Env) storage.Meta {
	m, err := e.DB.Meta()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sign signs msg as the supervisor would: with ssh-keygen -Y sign when it
// is installed, else with the Go equivalent.
func sign(t *testing.T, signer ssh.Signer, keyFile string, msg []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		sig, err := cashier.SignSSHSig(signer, cashier.ApprovalNamespace, msg)
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	cmd := exec.Command("ssh-keygen", "-Y", "sign", "-f", keyFile, "-n", cashier.ApprovalNamespace)
	cmd.Stdin = strings.NewReader(string(msg))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v", err)
	}
	return out
}

// sshKeygenVerify checks sig with `ssh-keygen -Y verify` when installed.
func sshKeygenVerify(t *testing.T, pub ssh.PublicKey, msg, sig []byte) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Log("ssh-keygen not installed: verified in Go only")
		return
	}
	dir := t.TempDir()
	allowed := filepath.Join(dir, "allowed_signers")
	os.WriteFile(allowed, []byte("siti@outlet namespaces=\""+cashier.ApprovalNamespace+"\" "+strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))+"\n"), 0o600)
	sigFile := filepath.Join(dir, "approval.sig")
	os.WriteFile(sigFile, sig, 0o600)
	cmd := exec.Command("ssh-keygen", "-Y", "verify", "-f", allowed, "-I", "siti@outlet", "-n", cashier.ApprovalNamespace, "-s", sigFile)
	cmd.Stdin = strings.NewReader(string(msg))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y verify: %v: %s", err, out)
	}
}

// The Go signer's signatures verify with ssh-keygen, for RSA keys too.
func TestSignSSHSigVerifiesWithSSHKeygen(t *testing.T) {
	signer, _ := supervisorKey(t)
	msg := []byte("ovocashier approval v1\nx: y\n")
	sig, err := cashier.SignSSHSig(signer, cashier.ApprovalNamespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	sshKeygenVerify(t, signer.PublicKey(), msg, sig)
	if err := cashier.VerifySSHSig(sig, "file", msg, signer.PublicKey().Marshal()); !errors.Is(err, cashier.ErrSignature) {
		t.Fatalf("another namespace: %v", err)
	}
}

// Rejected and expired approvals are released and never sent; a
// rejection needs a reason; the per-day limit counts the day's own.
func TestRejectExpireAndDayLimit(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	e := testenv.New(t, testenv.Options{Deposit: 10_000_000, Now: now, CashierConfig: func(c *cashier.Config) {
		c.Limits = cashier.Limits{cashier.RoleCashier: {storage.KindTopUp: {PerTxn: 500_000, PerDay: 600_000}}}
		c.ApprovalExpiry = time.Minute
	}})
	svc := e.Service
	ani := cashier.Order{Operator: "ani", Role: cashier.RoleCashier}
	ani.Quote = quote(t, e, storage.KindTopUp, "081234567890", 400_000)
	if res, err := svc.Execute(bg, ani); err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("first: %v", err)
	}
	ani.Quote = quote(t, e, storage.KindTopUp, "081234567890", 300_000) // 700.000 today: above the day's 600.000
	a := held(t, func() error { _, err := svc.Execute(bg, ani); return err }())
	if h, ok := cashier.HoldReasonOf(a); !ok || a.Why != "" || *a.Hold != (cashier.HoldReason{Code: cashier.HoldAboveDay, Amount: 700_000, Limit: 600_000, Role: "cashier"}) {
		t.Fatalf("why: %+v %v (text %q)", h, ok, a.Why)
	}
	siti := cashier.Actor{Name: "siti", Role: cashier.RoleSupervisor, From: "terminal T1"}
	if _, err := svc.Reject(a.ID, siti, " "); !errors.Is(err, cashier.ErrInvalidInput) {
		t.Fatalf("a rejection without a reason: %v", err)
	}
	if r, err := svc.Reject(a.ID, siti, "customer left"); err != nil || r.State != storage.ApprovalRejected {
		t.Fatalf("reject: %v %+v", err, r)
	}
	if _, _, err := svc.Approve(bg, a.ID, siti, nil); !errors.Is(err, cashier.ErrNotAwaiting) {
		t.Fatalf("a rejected one approved: %v", err)
	}
	b := held(t, func() error {
		ani.Quote = quote(t, e, storage.KindTopUp, "081234567890", 550_000)
		_, err := svc.Execute(bg, ani)
		return err
	}())
	if d, _ := svc.Deposit(); d.Reserved != 550_000 {
		t.Fatalf("reserved %+v", d)
	}
	mu.Lock()
	clock = clock.Add(2 * time.Minute)
	mu.Unlock()
	if list, err := svc.Approvals(); err != nil || len(list) != 0 {
		t.Fatalf("an expired approval still held: %v %+v", err, list)
	}
	if x, _ := svc.FindApproval(b.ID); x.State != storage.ApprovalExpired {
		t.Fatalf("%+v", x)
	}
	if _, _, err := svc.Approve(bg, b.ID, siti, nil); !errors.Is(err, cashier.ErrNotAwaiting) {
		t.Fatalf("an expired one approved: %v", err)
	}
	if d, _ := svc.Deposit(); d.Reserved != 0 {
		t.Fatalf("reserved %+v", d)
	}
	if err := e.DB.Check(); err != nil {
		t.Fatal(err)
	}
}

// An approval an older ledger kept with an English Why is read back as
// data, so the catalog can say it in Indonesian; one that does not parse
// keeps its text.
func TestHoldReasonOfLegacyText(t *testing.T) {
	for _, tc := range []struct {
		why  string
		want cashier.HoldReason
		ok   bool
	}{
		{"Rp1.500.000 above the cashier limit Rp1.000.000 per transaction", cashier.HoldReason{Code: cashier.HoldAboveTxn, Amount: 1_500_000, Limit: 1_000_000, Role: "cashier"}, true},
		{"Rp700.000 today with this one, above the cashier limit Rp600.000 a day", cashier.HoldReason{Code: cashier.HoldAboveDay, Amount: 700_000, Limit: 600_000, Role: "cashier"}, true},
		{"something else", cashier.HoldReason{}, false},
	} {
		got, ok := cashier.HoldReasonOf(cashier.Approval{Why: tc.why})
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q: %+v %v, want %+v %v", tc.why, got, ok, tc.want, tc.ok)
		}
	}
}
