package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// result is one run of a command: its exit code and its output.
type result struct {
	code           int
	stdout, stderr string
}

func runDirect(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func runSSH(t *testing.T, addr string, key gossh.Signer, args ...string) result {
	t.Helper()
	// Over SSH the server's settings apply: its ledger, not a --data.
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--data" {
			args = append(append([]string{}, args[:i]...), args[i+2:]...)
			break
		}
	}
	return runSSHInput(t, addr, key, "", args...)
}

// volatile are the JSON values that differ between two runs of a command
// that reads OVO again (the deposit's reading time) or moves money (a
// new transaction's references and times).
var volatile = regexp.MustCompile(`"(refreshedAt|sessionId|partnerReferenceNo|referenceNo|externalId|createdAt|updatedAt|receiptNo|operator)": "[^"]*"`)

func mask(s string) string { return volatile.ReplaceAllString(s, `"$1": "…"`) }

// stripReprint drops a slip's reprint banner (the banner, its time and the
// rule under them): the first print of a slip has none, a later one says
// REPRINT with the time it was printed again, which is the difference the
// comparisons of the three callers must allow.
func stripReprint(s string) string {
	var out []string
	skip := false
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "REPRINT **") {
			skip = true
			continue
		}
		if skip && strings.HasPrefix(strings.TrimSpace(l), "---") {
			skip = false // the rule closes the banner
			continue
		}
		if !skip {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// The command layer's three callers: directly on the ledger, through the
// control socket of `serve` holding it, and over SSH exec on `serve` give
// the same JSON bytes and the same exit codes; while a top up hangs in
// flight the read commands still answer; two scripts at once through the
// socket both go through.
func TestCommandsThreeWays(t *testing.T) {
	serveEnv(t)
	goliveCleanEnv(t)
	dir := t.TempDir()
	data := dir + "/ledger.db"
	common := []string{"--data", data, "--lang", "en", "--json"}
	cmd := func(args ...string) []string { return append(args, common...) }

	// Direct: no process holds the ledger. The commands that move money run
	// first, so that the read commands see the same ledger in all three ways.
	top := runDirect(t, cmd("topup", "--phone", "081234567890", "--amount", "50000")...)
	if top.code != 0 {
		t.Fatalf("topup: %+v", top)
	}
	var txn map[string]any
	json.Unmarshal([]byte(top.stdout), &txn)
	ref, receipt := txn["partnerReferenceNo"].(string), txn["receiptNo"].(string)

	moves := [][]string{
		// Each of the three ways sends these again: deliberately.
		cmd("topup", "--phone", "081234567890", "--amount", "25000", "--allow-repeat"),
		cmd("disburse", "--phone", "081298765432", "--amount", "10000001"),
		cmd("disburse", "--phone", "081298765432", "--amount", "15000", "--allow-repeat"),
		cmd("topup", "--phone", "081100000404", "--amount", "25000"),
	}
	reads := [][]string{
		cmd("history"),
		cmd("history", "--limit", "1"),
		cmd("status", "--ref", ref),
		cmd("status", "--ref", strings.ToLower(receipt)),
		append([]string{"receipt", "--ref", receipt, "--reprint=false"}, common[:4]...),
		cmd("receipt", "--ref", "nope"),
		cmd("reconcile"),
		cmd("inquiry", "--phone", "081234567890", "--amount", "20000"),
		cmd("inquiry", "--phone", "081100000404", "--amount", "20000"),
		cmd("deposit"),
		cmd("history", "--limit", "0"),
		cmd("topup", "--phone", "0712"),
		cmd("history", "--bogus"),
		append([]string{"history"}, common[:4]...),
		{"history", "--data", data, "--lang", "id"},
	}
	directMoves := make([]result, len(moves))
	for i, args := range moves {
		directMoves[i] = runDirect(t, args...)
	}
	if directMoves[1].code != 1 || directMoves[0].code != 0 {
		t.Fatalf("direct moves: %+v", directMoves)
	}
	direct := make([]result, len(reads))
	for i, args := range reads {
		direct[i] = runDirect(t, args...)
	}

	// The same ledger held by serve: through its control socket, and over SSH.
	var mu sync.Mutex
	var sim *ovosim.Sim
	sandboxStarted = func(d string, s *ovosim.Sim) {
		mu.Lock()
		defer mu.Unlock()
		if d == data {
			sim = s
		}
	}
	t.Cleanup(func() { sandboxStarted = nil })
	keys, key := serveKeys(t, dir, "Siti role=owner") // an owner: no approval limits, every history, as the command line without an operators file
	addr, log, _, _ := startServe(t, "--data", data, "--authorized-keys", keys, "--listen", "127.0.0.1:0", "--timeout", "60s", "--conn-rate", "0")

	compare := func(args []string, direct result, masked bool) {
		t.Helper()
		sock := runDirect(t, args...)
		ssh := runSSH(t, addr, key, args...)
		name := strings.Join(args, " ")
		if sock.code != direct.code || ssh.code != direct.code {
			t.Errorf("%s: exit direct %d, socket %d, ssh %d\nsocket stderr %q\nssh stderr %q", name, direct.code, sock.code, ssh.code, sock.stderr, ssh.stderr)
		}
		want, got1, got2 := direct.stdout, stripReprint(sock.stdout), stripReprint(ssh.stdout)
		if masked {
			want, got1, got2 = mask(want), mask(got1), mask(got2)
		}
		if got1 != want || got2 != want {
			t.Errorf("%s: output differs\ndirect: %s\nsocket: %s\nssh:    %s", name, want, got1, got2)
		}
		if want == "" {
			t.Errorf("%s: no output", name)
		}
	}
	for i, args := range reads {
		compare(args, direct[i], args[0] == "deposit" || args[0] == "inquiry")
	}
	for i, args := range moves {
		compare(args, directMoves[i], true)
	}

	// Over SSH the operator is the key's; interactive commands are refused.
	ssh := runSSH(t, addr, key, cmd("topup", "--phone", "081234567890", "--amount", "30000")...)
	if ssh.code != 0 || !strings.Contains(ssh.stdout, `"operator": "Siti"`) {
		t.Errorf("topup over SSH: %+v", ssh)
	}
	for _, local := range []string{"serve", "sim", "tui", "keys generate --out /tmp/x", "uat"} {
		if r := runSSH(t, addr, key, local); r.code != 2 || !strings.Contains(r.stderr, "runs only on the machine itself") {
			t.Errorf("%s over SSH: %+v", local, r)
		}
	}

	// A top up hangs at OVO: history, deposit, status, reconcile and receipt
	// still answer through the socket while it is in flight.
	mu.Lock()
	if sim == nil {
		t.Fatal("serve's sandbox not seen")
	}
	held := sim.Hold(ovosim.OpTopUp) // answered only once the reads are done: no clock decides
	t.Cleanup(held.Release)
	mu.Unlock()
	hung := make(chan result, 1)
	go func() { hung <- runDirect(t, cmd("topup", "--phone", "081234567890", "--amount", "40000")...) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(runDirect(t, cmd("history", "--limit", "1")...).stdout, `"state": "pending"`) {
		if time.Now().After(deadline) {
			t.Fatalf("the hanging top up never showed as pending:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, args := range [][]string{cmd("history"), cmd("deposit"), cmd("status", "--ref", ref), cmd("reconcile"), cmd("receipt", "--ref", receipt, "--reprint=false")} {
		r := runDirect(t, args...)
		if r.code != 0 && r.code != 3 || (args[0] != "receipt" && !json.Valid([]byte(r.stdout))) {
			t.Errorf("%v while a top up is in flight: %+v", args[0], r)
		}
	}
	select {
	case r := <-hung:
		t.Fatalf("the hanging top up ended before the reads were done: %+v", r)
	default:
	}
	held.Release()
	if r := <-hung; r.code != 0 || !strings.Contains(r.stdout, `"state": "success"`) {
		t.Errorf("held top up: %+v", r)
	}

	// Two scripts at once through the socket.
	var wg sync.WaitGroup
	two := make([]result, 2)
	for i := range two {
		wg.Add(1)
		go func() {
			defer wg.Done()
			two[i] = runDirect(t, cmd("topup", "--phone", "081234567890", "--amount", fmt.Sprint(11000+i*1000), "--allow-repeat")...)
		}()
	}
	wg.Wait()
	var receipts []string
	for _, r := range two {
		var m map[string]any
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &m) != nil || m["state"] != "success" {
			t.Fatalf("concurrent topup: %+v", r)
		}
		receipts = append(receipts, m["receiptNo"].(string))
	}
	if receipts[0] == receipts[1] {
		t.Errorf("two top ups, one receipt number %s", receipts[0])
	}
	if !strings.Contains(log.String(), "control socket: command") {
		t.Errorf("serve's log does not show the commands it ran:\n%s", log)
	}
}

// TestTUIControlSocket runs the real binary's cashier screen in tmux and
// scripts beside it: the commands reach the open counter through its
// control socket with the same bytes and exit codes as after it closed,
// and history, deposit, status, reconcile and receipt answer while a top
// up is in flight at the counter.
func TestTUIControlSocket(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data", "ledger.db")
	tc := startTmuxCashier(t, "door", "--data "+data+" --lang en --operator kasir --timeout 12s")
	bin, env, waitFor := tc.bin, tc.env, tc.waitFor
	key := func(k string) { tc.keys(k); time.Sleep(30 * time.Millisecond) }
	typeKeys := func(s string) {
		for _, r := range s {
			key(string(r))
		}
	}
	script := func(args ...string) result {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append(args, "--data", data, "--lang", "en")...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return result{code, out.String(), errb.String()}
	}

	waitFor("Cashier menu", "[SANDBOX]")
	key("1")
	waitFor("Customer's OVO phone number")
	typeKeys("081234567890")
	waitFor("Valid number")
	key("Enter")
	waitFor("Budi Santoso", "Type the amount")
	key("F2")
	waitFor("Customer receives")
	key("Enter")
	waitFor("Yes, send it now")
	key("y")
	waitFor("SUCCESS", "R00000001")
	key("Escape")
	waitFor("Cashier menu")

	stable := [][]string{
		{"history", "--phone", "081234567890", "--json"},
		{"history", "--phone", "081234567890"},
		{"status", "--ref", "R00000001", "--json"},
		{"receipt", "--ref", "r00000001", "--reprint=false"},
		{"inquiry", "--phone", "081100000404", "--amount", "20000", "--json"},
		{"topup", "--phone", "0712", "--json"},
	}
	open := make([]result, len(stable))
	for i, args := range stable {
		open[i] = script(args...)
	}

	// A top up that hangs at OVO (the sandbox's no-answer number) until the
	// counter's 12 s timeout: the scripts still answer meanwhile.
	key("1")
	waitFor("Customer's OVO phone number")
	typeKeys("081100000504")
	waitFor("Valid number")
	key("Enter")
	waitFor("Sandbox Timeout", "Type the amount")
	key("F2")
	waitFor("Customer receives")
	key("Enter")
	waitFor("Yes, send it now")
	key("y")
	waitFor("PROCESSING")
	for _, args := range [][]string{{"history", "--json"}, {"deposit", "--json"}, {"status", "--ref", "R00000001", "--json"}, {"reconcile", "--json"}, {"receipt", "--ref", "R00000001", "--reprint=false"}} {
		r := script(args...)
		if (r.code != 0 && r.code != 3) || r.stdout == "" || (args[0] != "receipt" && !json.Valid([]byte(r.stdout))) {
			t.Errorf("%v while a top up is in flight at the counter: %+v", args, r)
		}
		if args[0] == "history" && !strings.Contains(r.stdout, `"state": "pending"`) {
			t.Errorf("history while a top up is in flight shows no pending one:\n%s", r.stdout)
		}
	}
	// They answered while it was in flight, not after it: the counter still
	// waits for OVO (no timing — a loaded machine may be slow, not blocked).
	if v := tc.screen(); !strings.Contains(v, "PROCESSING") {
		t.Errorf("the top up was no longer in flight when the scripts were done:\n%s", v)
	}
	waitFor("PENDING")
	key("Escape")
	waitFor("Cashier menu")
	key("q")
	tc.waitQuit()

	// The counter closed: the same commands open the ledger themselves.
	for i, args := range stable {
		closed := script(args...)
		if closed.code != open[i].code || mask(stripReprint(closed.stdout)) != mask(stripReprint(open[i].stdout)) {
			t.Errorf("%v: counter open: %d %s\ncounter closed: %d %s", args, open[i].code, open[i].stdout, closed.code, closed.stdout)
		}
		if !strings.HasPrefix(args[0], "inquiry") && stripReprint(closed.stdout) != stripReprint(open[i].stdout) {
			t.Errorf("%v: not the same bytes:\n%s\n%s", args, open[i].stdout, closed.stdout)
		}
	}
}

// A command over SSH is a session like the cashier screen: beyond
// --max-sessions it is refused; once its client has the exit status the
// next is admitted at once. The command holding the slot is `batch load -`
// waiting for its standard input, so the test does not depend on how fast
// a loaded machine connects the second command (a top up that hung for a
// 5 s call timeout sometimes ended before the second command arrived).
func TestSSHCommandsCountAsSessions(t *testing.T) {
	serveEnv(t)
	goliveCleanEnv(t)
	dir := t.TempDir()
	keys, key := serveKeys(t, dir, "Siti")
	addr, log, _, _ := startServe(t, "--data", dir+"/ledger.db", "--authorized-keys", keys, "--listen", "127.0.0.1:0",
		"--timeout", "5s", "--conn-rate", "0", "--max-sessions", "1")
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "op", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Start("batch load -"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(log.String(), `msg=command`) { // admitted, reading its input
		if time.Now().After(deadline) {
			t.Fatalf("the first command was never admitted:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if r := runSSH(t, addr, key, "history", "--json"); r.code != 1 || r.stdout != "" {
		t.Errorf("a second command beyond --max-sessions 1: %+v\n%s", r, log)
	}
	stdin.Close() // an empty batch: refused as bad input, and the command ends
	if code := sshtest.ExitStatus(sess.Wait()); code != 2 {
		t.Errorf("batch load of nothing: exit %d", code)
	}
	if r := runSSH(t, addr, key, "history", "--json"); r.code != 0 {
		t.Errorf("history right after the first command ended: %+v\n%s", r, log)
	}
}
