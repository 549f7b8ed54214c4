package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

func runSSHInput(t *testing.T, addr string, key gossh.Signer, stdin string, args ...string) result {
	t.Helper()
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "op", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatalf("ssh: %v", err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("ssh session: %v", err)
	}
	var out, errb bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = strings.NewReader(stdin), &out, &errb
	err = sess.Run(strings.Join(args, " "))
	return result{sshtest.ExitStatus(err), out.String(), errb.String()}
}

// The batch file reaches `batch load` on standard input through the
// control socket and over SSH exec, and a FILE named by a local caller is
// read by the caller; over SSH a path is refused. The loader cannot
// approve; another operator (the SSH key's) can; the run pays every ready
// row once.
func TestBatchThroughSocketAndSSH(t *testing.T) {
	serveEnv(t)
	goliveCleanEnv(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "ledger.db")
	keys, key := serveKeys(t, dir, "Siti role=supervisor")
	cashierKey := sshtest.NewKey(t) // a key without role=: a cashier's
	f, err := os.OpenFile(keys, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, sshtest.AuthorizedLine(cashierKey, "Budi"))
	f.Close()
	addr, _, _, _ := startServe(t, "--data", data, "--authorized-keys", keys, "--listen", "127.0.0.1:0", "--timeout", "3s", "--conn-rate", "0")
	local := func(stdin string, args ...string) result {
		var out, errb bytes.Buffer
		args = append(args, "--data", data, "--lang", "en", "--operator", "ani")
		code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
		return result{code, out.String(), errb.String()}
	}
	batchID := func(r result) string {
		var out struct {
			BatchID string `json:"batchId"`
			Rows    int    `json:"rows"`
			Valid   int    `json:"valid"`
			Invalid int    `json:"invalid"`
			Total   int64  `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.BatchID == "" {
			t.Fatalf("load: %+v (%v)", r, err)
		}
		return out.BatchID
	}

	// Through the socket, from stdin: BOM, ';' and CRLF.
	first := "\xEF\xBB\xBFphone;amount;note\r\n081234567890;50.000;komisi\r\n081298765432;20000;\r\n0812;1;\r\n"
	r := local(first, "batch", "load", "-", "--json", "--name", "komisi")
	id1 := batchID(r)
	if r.code != 0 || !strings.Contains(r.stdout, `"valid": 2`) || !strings.Contains(r.stdout, `"invalid": 1`) || !strings.Contains(r.stdout, `"line": 4`) {
		t.Fatalf("load through the socket: %+v", r)
	}
	// The same content again is refused (exit 1), nothing stored.
	if r := local(first, "batch", "load", "-", "--json"); r.code != 1 || !strings.Contains(r.stdout, id1) {
		t.Fatalf("second load: %+v", r)
	}
	// A file named by the local caller is read by the caller.
	path := filepath.Join(dir, "payouts.csv")
	os.WriteFile(path, []byte("phone,amount\n081300000001,10000\n"), 0o600)
	if r := local("", "batch", "load", path, "--json"); r.code != 0 || batchID(r) == id1 {
		t.Fatalf("load of a file through the socket: %+v", r)
	}
	// Over SSH: stdin, loaded by the key's operator; a path is refused.
	r = runSSHInput(t, addr, key, "phone,amount\n081300000002,15000\n", "batch", "load", "-", "--json")
	if r.code != 0 || batchID(r) == "" {
		t.Fatalf("load over SSH: %+v", r)
	}
	if r := runSSHInput(t, addr, key, "", "batch", "load", path, "--lang", "en"); r.code != 2 || !strings.Contains(r.stderr, "standard input") {
		t.Fatalf("a server path over SSH: %+v", r)
	}

	// Limits known without OVO are checked at load: over SSH a cashier's
	// row above OVO's per-transaction maximum is refused with its line; one
	// above the cashier's approval limit is listed, valid.
	r = runSSHInput(t, addr, cashierKey, "phone,amount\n081300000003,1500000\n081300000004,10000001\n", "batch", "load", "-", "--json", "--lang", "en")
	if r.code != 0 || !strings.Contains(r.stdout, `"valid": 1`) ||
		!strings.Contains(r.stdout, `"line": 3,`) || !strings.Contains(r.stdout, `"reasonCode": "above_max"`) ||
		!strings.Contains(r.stdout, `"aboveMakerLimit": [`) || !strings.Contains(r.stdout, "above the limit of a cashier (Rp1.000.000) per transaction") {
		t.Fatalf("limits at load over SSH: %+v", r)
	}
	// --rate 0 is unbounded (as the README says); a negative rate is bad input.
	if r := local("", "batch", "check", id1, "--rate", "-1"); r.code != 2 || !strings.Contains(r.stderr, "--rate") {
		t.Fatalf("check --rate -1: %+v", r)
	}
	if r := local("", "batch", "check", id1, "--rate", "0", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"ready": 2`) {
		t.Fatalf("check: %+v", r)
	}
	if r := local("", "batch", "approve", id1, "--rows", "2", "--total", "70000", "--json"); r.code != 1 || !strings.Contains(r.stdout, "another operator") {
		t.Fatalf("the loader approved: %+v", r)
	}
	// roles: a cashier may not approve a batch; the supervisor's key may.
	if r := runSSHInput(t, addr, cashierKey, "", "batch", "approve", id1, "--rows", "2", "--total", "70000", "--lang", "en"); r.code != 1 || !strings.Contains(r.stderr, "needs a supervisor (you are a cashier)") {
		t.Fatalf("a cashier's approve over SSH: %+v", r)
	}
	if r := runSSHInput(t, addr, key, "", "batch", "approve", id1, "--rows", "2", "--total", "70000", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"approvedBy": "Siti"`) {
		t.Fatalf("approve over SSH: %+v", r)
	}
	if r := local("", "batch", "run", id1, "--json"); r.code != 0 || !strings.Contains(r.stdout, `"state":"done"`) || strings.Count(r.stdout, `"state":"success"`) != 2 {
		t.Fatalf("run: %+v", r)
	}
	r = runSSHInput(t, addr, key, "", "batch", "export", id1, "--csv")
	if r.code != 0 || strings.Count(r.stdout, ",success,") != 2 || !strings.HasPrefix(r.stdout, "line,phone,amount") {
		t.Fatalf("export: %+v", r)
	}
	if r := local("", "batch", "list", "--json"); r.code != 0 || strings.Count(r.stdout, `"batchId"`) != 4 {
		t.Fatalf("list: %+v", r)
	}
	// The text list is the batches screen's: its header and one line per
	// batch with the rows final of the rows it pays.
	r = local("", "batch", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 5 || !strings.HasPrefix(lines[0], "ID       Name                 State") || !strings.Contains(lines[0], "Final") {
		t.Fatalf("list: %+v", r)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, id1) && (!strings.Contains(l, "done") || !strings.Contains(l, " 2/2 ") || !strings.Contains(l, "Rp70.000")) {
			t.Fatalf("list line of %s: %q", id1, l)
		}
	}
}

// batch-concurrency is a setting (flag, OVO_BATCH_CONCURRENCY, config
// file) from 1 to 64; ovocashier config lists it.
func TestBatchConcurrencySetting(t *testing.T) {
	serveEnv(t)
	goliveCleanEnv(t)
	if r := runDirect(t, "batch", "list", "--batch-concurrency", "0"); r.code != 2 || !strings.Contains(r.stderr, "batch-concurrency") {
		t.Fatalf("0 rows in flight: %+v", r)
	}
	if r := runDirect(t, "batch", "nope", "--lang", "en"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "nope"`) {
		t.Fatalf("an unknown batch command: %+v", r)
	}
	if r := runDirect(t, "batch", "status", "B9", "--lang", "en"); r.code != 2 || !strings.Contains(r.stderr, `there is no batch "B9"`) {
		t.Fatalf("an unknown batch: %+v", r)
	}
	t.Setenv("OVO_BATCH_CONCURRENCY", "65")
	if r := runDirect(t, "batch", "list"); r.code != 2 {
		t.Fatalf("65 rows in flight: %+v", r)
	}
	t.Setenv("OVO_BATCH_CONCURRENCY", "8")
	if r := runDirect(t, "config"); r.code != 0 || !strings.Contains(r.stdout, "batch-concurrency") || !strings.Contains(r.stdout, "8") {
		t.Fatalf("config: %+v", r)
	}
}

// With an operators file, `batch approve` takes the approver's PIN as
// --pin, as the README and its own refusal say (it was an unknown flag:
// only $OVO_PIN worked); the flag wins over $OVO_PIN.
func TestBatchApprovePINFlag(t *testing.T) {
	goliveCleanEnv(t)
	t.Setenv("OVO_SHIFTS", "off")
	dir := t.TempDir()
	data, opsFile := filepath.Join(dir, "ledger.db"), filepath.Join(dir, "operators.toml")
	base := []string{"--data", data, "--operators", opsFile, "--lang", "en"}
	with := func(args ...string) []string { return append(args, base...) }
	if r := runDirect(t, with("operators", "set", "Pak Haji", "--role", "owner", "--new-pin", "9999")...); r.code != 0 {
		t.Fatalf("owner: %+v", r)
	}
	for _, o := range [][3]string{{"Siti", "supervisor", "2468"}, {"Budi", "cashier", "1357"}} {
		if r := runDirect(t, with("operators", "set", o[0], "--role", o[1], "--new-pin", o[2], "--operator", "Pak Haji", "--pin", "9999")...); r.code != 0 {
			t.Fatalf("owner adds %s: %+v", o[0], r)
		}
	}
	csv := filepath.Join(dir, "p.csv")
	os.WriteFile(csv, []byte("phone,amount\n081234567890,10000\n"), 0o600)
	t.Setenv("OVO_PIN", "1357") // Budi's: the loader's environment
	if r := runDirect(t, with("batch", "load", csv, "--operator", "Budi", "--json")...); r.code != 0 || !strings.Contains(r.stdout, `"batchId": "B000001"`) {
		t.Fatalf("load: %+v", r)
	}
	if r := runDirect(t, with("batch", "check", "B000001", "--operator", "Budi")...); r.code != 0 {
		t.Fatalf("check: %+v", r)
	}
	if r := runDirect(t, with("batch", "approve", "B000001", "--rows", "1", "--total", "10000", "--operator", "Siti", "--pin", "2468", "--json")...); r.code != 0 || !strings.Contains(r.stdout, `"approvedBy": "Siti"`) {
		t.Fatalf("approve with --pin: %+v", r)
	}
	if r := runDirect(t, with("batch", "run", "B000001", "--operator", "Siti", "--pin", "2468", "--json")...); r.code != 0 || !strings.Contains(r.stdout, `"state":"success"`) {
		t.Fatalf("run with --pin: %+v", r)
	}
	// The paid batch's text says its rows were approved, not "ready": its
	// --json says ready 0 (they were sent).
	if r := runDirect(t, with("batch", "status", "B000001", "--operator", "Budi")...); r.code != 0 ||
		!strings.Contains(r.stdout, "1 approved (Rp10.000), 0 waiting, 0 unknown, 1 succeeded") || strings.Contains(r.stdout, "ready") {
		t.Fatalf("status of a paid batch: %+v", r)
	}
}
