package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// A cashier's disbursement over the limit waits; a second SSH session with
// a supervisor key approves it by signing the printed bytes with
// ssh-keygen (or the Go equivalent); it is sent once; the approval
// verifies with ssh-keygen -Y verify against the supervisor's public key.
// The maker cannot approve their own; a cashier asking for the audit trail
// gets "needs a supervisor"; audit verify passes.
func TestSSHApprovalEndToEnd(t *testing.T) {
	goliveCleanEnv(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "ledger.db")
	budi := sshtest.NewKey(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	siti, _ := gossh.NewSignerFromKey(priv)
	blk, _ := gossh.MarshalPrivateKey(priv, "siti")
	keyFile := filepath.Join(dir, "siti_ed25519")
	os.WriteFile(keyFile, pem.EncodeToMemory(blk), 0o600)
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, []byte(sshtest.AuthorizedLine(budi, "Budi")+"\n"+sshtest.AuthorizedLine(siti, "Siti Rahayu role=supervisor")+"\n"), 0o600)
	addr, _, _, _ := startServe(t, "--data", data, "--authorized-keys", keys, "--listen", "127.0.0.1:0", "--timeout", "3s", "--conn-rate", "0",
		"--approve-disburse-above", "1000000")

	r := runSSH(t, addr, budi, "disburse", "--phone", "081298765432", "--amount", "1500000", "--json", "--lang", "en")
	var held struct{ ID, Outcome string }
	json.Unmarshal([]byte(r.stdout), &held)
	if r.code != 3 || held.Outcome != "awaiting_approval" || !strings.HasPrefix(held.ID, "A") || !strings.Contains(r.stderr, "AWAITING APPROVAL") {
		t.Fatalf("held: %+v", r)
	}
	// Under --lang id the hold, the approvals table and its --json say why
	// in Indonesian (a code and numbers for scripts), never English text.
	if r := runSSH(t, addr, budi, "disburse", "--phone", "081298765432", "--amount", "1500000", "--lang", "id"); r.code != 3 ||
		!strings.Contains(r.stderr, "Rp1.500.000 di atas batas kasir sebesar Rp1.000.000 per transaksi") || strings.Contains(r.stderr, "above") {
		t.Fatalf("held, in Indonesian: %+v", r)
	}
	if r := runSSH(t, addr, siti, "approvals", "--lang", "id"); r.code != 0 || !strings.Contains(r.stdout, "menunggu persetujuan") ||
		!strings.Contains(r.stdout, "di atas batas kasir sebesar Rp1.000.000 per transaksi") || strings.Contains(r.stdout, "awaiting_approval") || strings.Contains(r.stdout, "above") {
		t.Fatalf("approvals in Indonesian: %+v", r)
	}
	var listed []struct {
		ID, State, StateText, Why string
		Hold                      struct {
			Code          string
			Amount, Limit int64
			Role          string
		}
	}
	if r := runSSH(t, addr, siti, "approvals", "--json", "--lang", "id"); json.Unmarshal([]byte(r.stdout), &listed) != nil || len(listed) != 2 ||
		listed[0].State != "awaiting_approval" || listed[0].StateText != "menunggu persetujuan" || listed[0].Hold.Code != "above_txn_limit" ||
		listed[0].Hold.Amount != 1_500_000 || listed[0].Hold.Limit != 1_000_000 || listed[0].Hold.Role != "cashier" || !strings.Contains(listed[0].Why, "di atas batas kasir") {
		t.Fatalf("approvals --json in Indonesian: %+v", r)
	}
	if r := runSSH(t, addr, siti, "reject", listed[1].ID, "--reason", "ganda", "--lang", "id"); r.code != 0 {
		t.Fatalf("reject the second: %+v", r)
	}
	if r := runSSH(t, addr, siti, "reject", listed[1].ID, "--reason", "lagi", "--lang", "id"); r.code != 1 || !strings.Contains(r.stderr, listed[1].ID+" ditolak") || strings.Contains(r.stderr, "rejected") {
		t.Fatalf("reject a rejected one, in Indonesian: %+v", r)
	}
	if r := runSSHInput(t, addr, siti, "not a signature", "approve", held.ID, "--signature", "-", "--lang", "id"); r.code != 2 ||
		!strings.Contains(r.stderr, "tanda tangan ditolak: bukan tanda tangan SSH ber-armor") || strings.Contains(r.stderr, "not an armored") {
		t.Fatalf("a bad signature, in Indonesian: %+v", r)
	}
	if r := runSSH(t, addr, budi, "approve", held.ID, "--lang", "en"); r.code != 1 || !strings.Contains(r.stderr, "approve needs a supervisor (you are a cashier)") {
		t.Fatalf("a cashier approving: %+v", r)
	}
	if r := runSSH(t, addr, budi, "audit", "verify", "--lang", "id"); r.code != 1 || !strings.Contains(r.stderr, "audit memerlukan supervisor (Anda kasir)") {
		t.Fatalf("a cashier asking for the audit trail: %+v", r)
	}
	// A cashier asking for the day report (every operator's totals) gets
	// "needs a supervisor" in their language; the supervisor gets it.
	if r := runSSH(t, addr, budi, "report", "day", "--lang", "en"); r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "report day needs a supervisor (you are a cashier)") {
		t.Fatalf("a cashier asking for the day report: %+v", r)
	}
	if r := runSSH(t, addr, budi, "report", "day", "--json", "--lang", "id"); r.code != 1 || strings.Contains(r.stdout, "total") || !strings.Contains(r.stderr, "report day memerlukan supervisor (Anda kasir)") {
		t.Fatalf("a cashier asking for the day report (id): %+v", r)
	}
	if r := runSSH(t, addr, siti, "report", "day", "--json"); r.code != 0 {
		t.Fatalf("a supervisor's day report: %+v", r)
	}
	bytesToSign := runSSH(t, addr, siti, "approve", held.ID, "--lang", "en")
	if bytesToSign.code != 1 || !strings.Contains(bytesToSign.stdout, "approval: "+held.ID) || !strings.Contains(bytesToSign.stderr, "ssh-keygen -Y sign") {
		t.Fatalf("approve without a signature: %+v", bytesToSign)
	}
	msg := []byte(bytesToSign.stdout)
	var sig []byte
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		cmd := exec.Command("ssh-keygen", "-Y", "sign", "-f", keyFile, "-n", cashier.ApprovalNamespace)
		cmd.Stdin = bytes.NewReader(msg)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		sig = out
	} else {
		sig, _ = cashier.SignSSHSig(siti, cashier.ApprovalNamespace, msg)
	}
	if r := runSSHInput(t, addr, budi, string(sig), "approve", held.ID, "--signature", "-"); r.code != 1 {
		t.Fatalf("the maker's key approving: %+v", r)
	}
	ok := runSSHInput(t, addr, siti, string(sig), "approve", held.ID, "--signature", "-", "--json")
	var sent struct {
		State              string `json:"state"`
		PartnerReferenceNo string `json:"partnerReferenceNo"`
		Approval           struct {
			State, Signature, SignedBytes, Fingerprint, PublicKey, Approver string
		} `json:"approval"`
	}
	json.Unmarshal([]byte(ok.stdout), &sent)
	if ok.code != 0 || sent.State != "success" || sent.Approval.State != "sent" || sent.Approval.Approver != "Siti Rahayu" ||
		sent.Approval.Fingerprint != gossh.FingerprintSHA256(siti.PublicKey()) {
		t.Fatalf("approve: %+v", ok)
	}
	if again := runSSHInput(t, addr, siti, string(sig), "approve", held.ID, "--signature", "-"); again.code != 1 {
		t.Fatalf("approved twice: %+v", again)
	}
	// Later, in another session, with the public key alone: approvals ID
	// gives the decided approval with its signature and signed bytes.
	var later []struct{ State, Signature, SignedBytes, PublicKey string }
	if r := runSSH(t, addr, siti, "approvals", held.ID, "--json"); json.Unmarshal([]byte(r.stdout), &later) != nil || len(later) != 1 ||
		later[0].State != "sent" || later[0].Signature != sent.Approval.Signature || later[0].SignedBytes != sent.Approval.SignedBytes {
		t.Fatalf("approvals %s later: %+v", held.ID, r)
	}
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		allowed := filepath.Join(dir, "allowed_signers")
		os.WriteFile(allowed, []byte("siti "+later[0].PublicKey+"\n"), 0o600)
		sigFile := filepath.Join(dir, "approval.sig")
		os.WriteFile(sigFile, []byte(later[0].Signature), 0o600)
		cmd := exec.Command("ssh-keygen", "-Y", "verify", "-f", allowed, "-I", "siti", "-n", cashier.ApprovalNamespace, "-s", sigFile)
		cmd.Stdin = strings.NewReader(later[0].SignedBytes)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen -Y verify: %v %s", err, out)
		}
	}
	// Through the control socket (serve holds the ledger): the command line
	// of this machine, without an operators file, may approve; --operator
	// names the approver.
	r = runSSH(t, addr, budi, "disburse", "--phone", "081298765432", "--amount", "1200000", "--json")
	held.ID = ""
	json.Unmarshal([]byte(r.stdout), &held)
	if r.code != 3 || held.ID == "" {
		t.Fatalf("second hold: %+v", r)
	}
	if r := runDirect(t, "reject", held.ID, "--reason", "mine", "--data", data, "--operator", "Budi", "--lang", "en"); r.code != 1 || !strings.Contains(r.stderr, "own maker") {
		t.Fatalf("the maker rejecting through the socket: %+v", r)
	}
	if r := runDirect(t, "approve", held.ID, "--data", data, "--operator", "Pak Haji", "--lang", "en"); r.code != 0 || !strings.Contains(r.stdout, "approved: sent as") {
		t.Fatalf("approve through the socket: %+v", r)
	}
	hist := runSSH(t, addr, siti, "history", "--json")
	if strings.Count(hist.stdout, `"partnerReferenceNo": "`+sent.PartnerReferenceNo+`"`) != 1 {
		t.Fatalf("history: %+v", hist)
	}
	if v := runSSH(t, addr, siti, "audit", "verify", "--json"); v.code != 0 || !strings.Contains(v.stdout, `"ok": true`) {
		t.Fatalf("audit verify: %+v", v)
	}
	exp := runSSH(t, addr, siti, "audit", "export", "--day", time.Now().In(mustZone(t)).Format("2006-01-02"), "--json")
	for _, action := range []string{`"hold"`, `"approve"`, `"send"`, `"settle"`} {
		if !strings.Contains(exp.stdout, `"action": `+action) {
			t.Fatalf("export lacks %s: %+v", action, exp)
		}
	}
}

func mustZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// At this machine, with an operators file: the file's role applies to
// --operator; approving needs the supervisor's PIN; the maker is refused.
func TestLocalApprovalWithPIN(t *testing.T) {
	goliveCleanEnv(t)
	dir := t.TempDir()
	data, opsFile := filepath.Join(dir, "ledger.db"), filepath.Join(dir, "operators.toml")
	base := []string{"--data", data, "--operators", opsFile, "--lang", "en"}
	with := func(args ...string) []string { return append(args, base...) }
	// Until the file names an owner, the command line manages it.
	if r := runDirect(t, with("operators", "set", "Pak Haji", "--role", "owner", "--new-pin", "9999")...); r.code != 0 {
		t.Fatalf("operators set (no owner yet: the command line manages the file): %+v", r)
	}
	for _, o := range [][2]string{{"Siti", "supervisor"}, {"Budi", "cashier"}} {
		if r := runDirect(t, with("operators", "set", o[0], "--role", o[1], "--new-pin", "1357", "--operator", "Pak Haji", "--pin", "9999")...); r.code != 0 {
			t.Fatalf("owner adds %s: %+v", o[0], r)
		}
	}
	if r := runDirect(t, with("operators", "set", "Rina", "--role", "cashier", "--new-pin", "1111", "--operator", "Siti", "--pin", "1357")...); r.code != 1 ||
		!strings.Contains(r.stderr, "operators needs an owner (you are a supervisor)") {
		t.Fatalf("a supervisor adding an operator: %+v", r)
	}
	r := runDirect(t, with("disburse", "--phone", "081298765432", "--amount", "2000000", "--operator", "Budi", "--json")...)
	var held struct{ ID string }
	json.Unmarshal([]byte(r.stdout), &held)
	if r.code != 3 || held.ID == "" {
		t.Fatalf("held: %+v", r)
	}
	if r := runDirect(t, with("approvals", "--operator", "Siti", "--pin", "1357")...); r.code != 0 || !strings.Contains(r.stdout, held.ID) ||
		!strings.Contains(r.stdout, "awaiting approval") || strings.Contains(r.stdout, "awaiting_approval") {
		t.Fatalf("approvals with the supervisor's --pin: %+v", r)
	}
	if r := runDirect(t, with("approve", held.ID, "--operator", "Siti")...); r.code != 1 || !strings.Contains(r.stderr, "needs your PIN") {
		t.Fatalf("without a PIN: %+v", r)
	}
	if r := runDirect(t, with("approve", held.ID, "--operator", "Siti", "--pin", "0000")...); r.code != 1 || !strings.Contains(r.stderr, "wrong operator or PIN") {
		t.Fatalf("a wrong PIN: %+v", r)
	}
	if r := runDirect(t, with("approve", held.ID, "--operator", "Budi", "--pin", "1357")...); r.code != 1 || !strings.Contains(r.stderr, "needs a supervisor") {
		t.Fatalf("the cashier maker: %+v", r)
	}
	t.Setenv("OVO_PIN", "1357")
	ok := runDirect(t, with("approve", held.ID, "--operator", "Siti")...)
	if ok.code != 0 || !strings.Contains(ok.stdout, "approved: sent as") {
		t.Fatalf("approve with OVO_PIN: %+v", ok)
	}
	if r := runDirect(t, with("history", "--operator", "Budi", "--json")...); strings.Count(r.stdout, `"operator": "Budi"`) != 1 {
		t.Fatalf("Budi's history: %+v", r)
	}
	// Siti's own top up: a cashier's search never finds it (--find too).
	if r := runDirect(t, with("topup", "--phone", "081298765432", "--amount", "50000", "--operator", "Siti", "--json")...); r.code != 0 {
		t.Fatalf("Siti's top up: %+v", r)
	}
	for _, find := range []string{"siti rah", "081298765432", "5432"} {
		r := runDirect(t, with("history", "--find", find, "--operator", "Budi", "--json")...)
		if r.code != 0 || strings.Contains(r.stdout, `"operator": "Siti"`) || !strings.Contains(r.stdout, `"operator": "Budi"`) {
			t.Fatalf("Budi's history --find %s: %+v", find, r)
		}
	}
	if r := runDirect(t, with("history", "--find", "siti rah", "--operator", "Siti", "--json")...); strings.Count(r.stdout, `"operator"`) != 2 {
		t.Fatalf("a supervisor's history --find: %+v", r)
	}
	// A cashier's close with a difference needs a supervisor: nothing
	// closed; the supervisor closes Budi's shift with their PIN.
	if r := runDirect(t, with("shift", "open", "--float", "100000", "--operator", "Budi")...); r.code != 0 {
		t.Fatalf("shift open: %+v", r)
	}
	if r := runDirect(t, with("shift", "close", "--counted", "90000", "--note", "short", "--operator", "Budi")...); r.code != 1 || !strings.Contains(r.stderr, "needs a supervisor") {
		t.Fatalf("a cashier's close with a difference: %+v", r)
	}
	if r := runDirect(t, with("shift", "close", "--counted", "90000", "--note", "Rp10.000 short", "--for", "Budi", "--operator", "Siti")...); r.code != 0 {
		t.Fatalf("the supervisor's close of Budi's shift: %+v", r)
	}
	// Budi's own Z is his; Siti's shift's and the day's are a supervisor's.
	if r := runDirect(t, with("report", "z", "--operator", "Budi", "--json")...); r.code != 0 {
		t.Fatalf("a cashier's own Z: %+v", r)
	}
	if r := runDirect(t, with("shift", "open", "--float", "100000", "--operator", "Siti")...); r.code != 0 {
		t.Fatalf("Siti's shift open: %+v", r)
	}
	if r := runDirect(t, with("shift", "close", "--counted", "100000", "--operator", "Siti", "--json")...); r.code != 0 {
		t.Fatalf("Siti's shift close: %+v", r)
	}
	t.Setenv("OVO_PIN", "")
	if r := runDirect(t, with("report", "day", "--operator", "Siti")...); r.code != 1 || !strings.Contains(r.stderr, "needs your PIN (--pin or OVO_PIN)") {
		t.Fatalf("a supervisor's day report without a PIN: %+v", r)
	}
	t.Setenv("OVO_PIN", "1357")
	var sitiZ struct{ ShiftID string }
	r = runDirect(t, with("report", "z", "--operator", "Siti", "--json")...)
	if json.Unmarshal([]byte(r.stdout), &sitiZ); r.code != 0 || sitiZ.ShiftID == "" {
		t.Fatalf("Siti's Z: %+v", r)
	}
	if r := runDirect(t, with("report", "z", "--shift", sitiZ.ShiftID, "--operator", "Budi")...); r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "report needs a supervisor (you are a cashier)") {
		t.Fatalf("a cashier asking for another's Z: %+v", r)
	}
	if r := runDirect(t, with("report", "day", "--operator", "Budi")...); r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "report day needs a supervisor (you are a cashier)") {
		t.Fatalf("a cashier's day report: %+v", r)
	}
	if r := runDirect(t, with("report", "day", "--operator", "Siti", "--pin", "1357")...); r.code != 0 {
		t.Fatalf("a supervisor's day report: %+v", r)
	}
	if r := runDirect(t, with("audit", "verify", "--operator", "Budi")...); r.code != 1 || !strings.Contains(r.stderr, "audit needs a supervisor (you are a cashier)") {
		t.Fatalf("a cashier's audit: %+v", r)
	}
	if r := runDirect(t, with("audit", "verify", "--operator", "Siti")...); r.code != 0 {
		t.Fatalf("audit verify: %+v", r)
	}
	// Siti's Z slip names her role and carries the audit chain's head, the
	// anchor the owner keeps; audit verify --anchor checks the chain still
	// holds it, in Indonesian.
	z := runDirect(t, "report", "z", "--shift", sitiZ.ShiftID, "--operator", "Siti", "--data", data, "--operators", opsFile, "--lang", "id")
	m := regexp.MustCompile(`(?s)JEJAK AUDIT \(JANGKAR\)\s*\n\s*(\d+:[0-9a-f]+)\s*\n\s*([0-9a-f]*)`).FindStringSubmatch(z.stdout)
	if z.code != 0 || !strings.Contains(z.stdout, "Supervisor: Siti") || strings.Contains(z.stdout, "Kasir: Siti") || m == nil {
		t.Fatalf("Siti's Z slip (id): %+v", z)
	}
	anchor := m[1] + m[2]
	if r := runDirect(t, "audit", "verify", "--anchor", anchor, "--operator", "Siti", "--data", data, "--operators", opsFile, "--lang", "id"); r.code != 0 ||
		!strings.Contains(r.stdout, "jangkar cocok") || !strings.Contains(r.stdout, "ujung rantai (jangkar): ") {
		t.Fatalf("audit verify --anchor %s: %+v", anchor, r)
	}
	if r := runDirect(t, "audit", "verify", "--anchor", "1:00000000000000000000", "--operator", "Siti", "--data", data, "--operators", opsFile, "--lang", "id"); r.code != 1 ||
		!strings.Contains(r.stderr, "JEJAK AUDIT RUSAK pada catatan 1: hash catatan berjangkar ini bukan hash jangkarnya") {
		t.Fatalf("audit verify with a wrong anchor: %+v", r)
	}
}

// On the command line a name is not proof of a role: without the PIN a
// supervisor's name has a cashier's limits (a disbursement above the
// cashier's limit waits, nothing sent) and a cashier's sight (their own
// history); with the PIN the supervisor's role counts. A cashier asking
// for a supervisor's command is told it needs a supervisor, not asked for
// a PIN that could not help.
func TestCommandLineNameIsNoProof(t *testing.T) {
	goliveCleanEnv(t)
	t.Setenv("OVO_PIN", "")
	dir := t.TempDir()
	data, opsFile := filepath.Join(dir, "ledger.db"), filepath.Join(dir, "operators.toml")
	base := []string{"--data", data, "--operators", opsFile, "--lang", "en", "--shifts", "off"}
	with := func(args ...string) []string { return append(args, base...) }
	if r := runDirect(t, with("operators", "set", "Pak Haji", "--role", "owner", "--new-pin", "9999")...); r.code != 0 {
		t.Fatalf("operators set owner: %+v", r)
	}
	for _, o := range [][3]string{{"Siti", "supervisor", "2468"}, {"Budi", "cashier", "1357"}} {
		if r := runDirect(t, with("operators", "set", o[0], "--role", o[1], "--new-pin", o[2], "--operator", "Pak Haji", "--pin", "9999")...); r.code != 0 {
			t.Fatalf("owner adds %s: %+v", o[0], r)
		}
	}
	if r := runDirect(t, with("topup", "--phone", "081298765431", "--amount", "50000", "--operator", "Budi")...); r.code != 0 {
		t.Fatalf("Budi's top up: %+v", r)
	}
	// Siti's name alone: a cashier's limit, the disbursement waits.
	if r := runDirect(t, with("disburse", "--phone", "081298765432", "--amount", "1500000", "--operator", "Siti")...); r.code != 3 ||
		!strings.Contains(r.stderr, "AWAITING APPROVAL") || strings.Contains(r.stdout, "SUCCESS") {
		t.Fatalf("a supervisor's name without the PIN sent above the cashier's limit: %+v", r)
	}
	if r := runDirect(t, with("history", "--operator", "Siti", "--json")...); r.code != 0 || strings.Contains(r.stdout, `"operator": "Budi"`) {
		t.Fatalf("a supervisor's name without the PIN saw another operator's history: %+v", r)
	}
	// With the PIN: the supervisor's limits (none) and sight.
	if r := runDirect(t, with("disburse", "--phone", "081298765433", "--amount", "1500000", "--operator", "Siti", "--pin", "2468")...); r.code != 0 ||
		!strings.Contains(r.stdout, "SUCCESS") {
		t.Fatalf("the supervisor with the PIN: %+v", r)
	}
	if r := runDirect(t, with("history", "--operator", "Siti", "--pin", "2468", "--json")...); r.code != 0 || !strings.Contains(r.stdout, `"operator": "Budi"`) {
		t.Fatalf("the supervisor's history with the PIN: %+v", r)
	}
	for _, args := range [][]string{{"audit", "verify"}, {"approvals"}, {"report", "day"}} {
		if r := runDirect(t, with(append(args, "--operator", "Budi")...)...); r.code != 1 || !strings.Contains(r.stderr, "needs a supervisor (you are a cashier)") {
			t.Fatalf("a cashier's %v without a PIN: %+v", args, r)
		}
	}
	if r := runDirect(t, with("audit", "verify", "--operator", "Siti")...); r.code != 1 || !strings.Contains(r.stderr, "needs your PIN") {
		t.Fatalf("a supervisor's audit without a PIN: %+v", r)
	}
	// The loader of a batch is the maker its approval is checked against:
	// Siti loading under Budi's name without his PIN, then approving it
	// herself, would be one person both making and checking.
	csv := filepath.Join(dir, "payouts.csv")
	if err := os.WriteFile(csv, []byte("phone,amount\n081298765434,20000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runDirect(t, with("batch", "load", csv, "--operator", "Budi")...); r.code != 1 || !strings.Contains(r.stderr, "needs your PIN") {
		t.Fatalf("a batch loaded under a name without its PIN: %+v", r)
	}
	if r := runDirect(t, with("batch", "load", csv, "--operator", "Nobody")...); r.code != 1 || !strings.Contains(r.stderr, "needs your PIN") {
		t.Fatalf("a batch loaded under a name the file does not list: %+v", r)
	}
	if r := runDirect(t, with("batch", "load", csv, "--operator", "Budi", "--pin", "1357")...); r.code != 0 {
		t.Fatalf("Budi's batch with his PIN: %+v", r)
	}
}
