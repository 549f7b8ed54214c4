package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// testHost is a Host on a testenv back end: --lang and --operator as
// settings, the ledger file of env, and (held) a ledger another process
// holds.
type testHost struct {
	svc  *cashier.Service
	data string
	env  string
	held bool
	runs *int // Local runs
	// printer is the receipt printer of the call ("" is none).
	printer string
}

func (h testHost) Settings(fs *pflag.FlagSet) func() (Call, Opener, error) {
	lang := fs.String("lang", "en", "language")
	op := fs.String("operator", "tester", "operator")
	width := fs.Int("width", 32, "receipt width")
	fs.String("data", h.data, "ledger")
	return func() (Call, Opener, error) {
		call := Call{Lang: *lang, Operator: *op, Printer: "none", Width: *width, Data: h.data, Env: h.env}
		if h.printer != "" {
			call.Printer = h.printer
		}
		return call, func(context.Context, io.Writer) (*cashier.Service, func(), error) {
			if h.held {
				return nil, nil, ErrLedgerHeld
			}
			return h.svc, func() {}, nil
		}, nil
	}
}

func (h testHost) Local() []Local {
	return []Local{{Name: "tui", Short: "the screen", Run: func(context.Context, []string, io.Reader, io.Writer, io.Writer) int {
		if h.runs != nil {
			*h.runs++
		}
		return 0
	}}}
}

type out struct {
	code           int
	stdout, stderr string
}

func runHost(h Host, args ...string) out {
	var o, e bytes.Buffer
	code := Run(context.Background(), h, args, strings.NewReader(""), &o, &e)
	return out{code, o.String(), e.String()}
}

func newHost(t *testing.T) (testHost, *testenv.Env) {
	env := testenv.New(t, testenv.Options{CashierConfig: func(c *cashier.Config) { c.CallTimeout = time.Second }})
	return testHost{svc: env.Service, data: filepath.Join(env.Dir, "ledger.db")}, env
}

// The contract of the ledger commands: exit codes 0/1/2/3 and the --json
// field names, each case in both languages.
func TestExitCodesAndJSON(t *testing.T) {
	h, _ := newHost(t)
	cases := []struct {
		args []string
		code int
		keys []string
	}{
		{[]string{"inquiry", "--phone", "0812-3456-7890", "--amount", "50.000"}, 0, []string{"customerName", "fee", "receive", "minAmount", "maxAmount"}},
		// Each language's run repeats this top up on purpose.
		{[]string{"topup", "--phone", "081234567890", "--amount", "50000", "--allow-repeat"}, 0, []string{"partnerReferenceNo", "referenceNo", "state", "receiptNo", "operator", "createdAt", "summary"}},
		// A repeat without --allow-repeat is refused before anything is sent.
		{[]string{"topup", "--phone", "081234567890", "--amount", "50000"}, 1, []string{"error", "outcome"}},
		// Above OVO's limit known from the inquiry: refused before anything is sent.
		{[]string{"disburse", "--phone", "081298765432", "--amount", "10000001"}, 1, []string{"error", "outcome"}},
		{[]string{"topup", "--phone", "0712345678", "--amount", "50000"}, 2, []string{"error", "outcome"}},
		{[]string{"topup", "--phone", "081234567890", "--amount", "12.5"}, 2, []string{"error", "outcome"}},
		{[]string{"topup", "--phone", "081234567890"}, 2, []string{"error", "outcome"}},
		{[]string{"history", "--limit", "0"}, 2, []string{"error", "outcome"}},
		{[]string{"history", "--day", "yesterday"}, 2, []string{"error", "outcome"}},
		{[]string{"history", "stray"}, 2, []string{"error", "outcome"}},
		{[]string{"history", "--bogus"}, 2, []string{"error", "outcome"}},
		{[]string{"status"}, 2, []string{"error", "outcome"}},
		{[]string{"inquiry", "--phone", "081234567890", "--amount", "10000", "--kind", "refund"}, 2, []string{"error", "outcome"}},
		{[]string{"receipt", "--ref", "nope"}, 2, []string{"error", "outcome"}},
		{[]string{"inquiry", "--phone", "081100000404", "--amount", "50000"}, 1, []string{"responseCode", "outcome", "reason"}},
		{[]string{"topup", "--phone", "081100000504", "--amount", "20000", "--allow-repeat"}, 3, []string{"state"}},
		{[]string{"deposit"}, 0, []string{"balance", "reserved", "available", "refreshedAt"}},
	}
	for _, lang := range []string{"en", "id"} {
		for _, c := range cases {
			r := runHost(h, append(c.args, "--json", "--lang", lang)...)
			var obj map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &obj); err != nil {
				t.Errorf("%v %s: stdout is not one JSON object: %q (stderr %q)", c.args, lang, r.stdout, r.stderr)
				continue
			}
			if r.code != c.code {
				t.Errorf("%v %s: exit %d, want %d (stderr %q)", c.args, lang, r.code, c.code, r.stderr)
			}
			for _, k := range c.keys {
				if _, ok := obj[k]; !ok {
					t.Errorf("%v %s: JSON lacks %q: %v", c.args, lang, k, obj)
				}
			}
			if c.code == 2 && obj["outcome"] != "invalid" {
				t.Errorf("%v: outcome %v, want invalid", c.args, obj["outcome"])
			}
		}
	}
	// The next page's hint keeps the flags given.
	if r := runHost(h, "history", "--limit", "1", "--lang", "en"); !strings.Contains(r.stdout, "more: ovocashier history --limit=1 --lang=en --before ") {
		t.Errorf("history's next page hint: %q", r.stdout)
	}
	// history and reconcile are arrays.
	for _, args := range [][]string{{"history"}, {"reconcile"}} {
		r := runHost(h, append(args, "--json")...)
		var arr []any
		// (reconcile may find nothing left: the service's reconciler runs too)
		if err := json.Unmarshal([]byte(r.stdout), &arr); err != nil || (args[0] == "history" && len(arr) == 0) {
			t.Errorf("%v: %+v", args, r)
		}
	}
}

// Words follow --lang: tables, hints and refusals.
func TestWordsInTheOperatorsLanguage(t *testing.T) {
	h, _ := newHost(t)
	runHost(h, "topup", "--phone", "081234567890", "--amount", "50000")
	for _, c := range []struct {
		args     []string
		id, en   string
		onStderr bool
	}{
		{[]string{"history"}, "REFERENSI", "REFERENCE", false},
		{[]string{"deposit"}, "dicadangkan", "reserved", false},
		{[]string{"history", "--limit", "0"}, "harus 1 sampai 500", "must be 1 to 500", true},
		{[]string{"topup", "--phone", "081234567890"}, "wajib diisi", "is required", true},
		{[]string{"receipt", "--ref", "nope"}, "tidak ada transaksi", "no transaction", true},
		{[]string{"disburse", "--phone", "081298765432", "--amount", "10000001"}, "batas OVO Rp10.000.000", "OVO's limit of Rp10.000.000", true},
		{[]string{"topup", "--phone", "081234567890", "--amount", "50000"}, "--allow-repeat", "--allow-repeat", true},
	} {
		for lang, want := range map[string]string{"id": c.id, "en": c.en} {
			r := runHost(h, append(c.args, "--lang", lang)...)
			got := r.stdout
			if c.onStderr {
				got = r.stderr
			}
			if !strings.Contains(got, want) {
				t.Errorf("%v --lang %s: %q lacks %q", c.args, lang, got, want)
			}
		}
	}
}

// A printer that reports paper out or its cover open is said as such by the
// receipt command, in the operator's language, as on the screens.
func TestReceiptPrinterStatusInWords(t *testing.T) {
	h, _ := newHost(t)
	if r := runHost(h, "topup", "--phone", "081234567890", "--amount", "50000", "--json"); r.code != 0 {
		t.Fatalf("topup: %+v", r)
	}
	var txns []struct{ PartnerReferenceNo string }
	if err := json.Unmarshal([]byte(runHost(h, "history", "--json").stdout), &txns); err != nil || len(txns) != 1 {
		t.Fatalf("history: %v %v", txns, err)
	}
	ref := txns[0].PartnerReferenceNo
	for _, c := range []struct {
		name        string
		cause, roll byte // the answers to DLE EOT 2 and 4 (DLE EOT 1: offline)
		id, en      string
	}{
		{"paper out", 0x32, 0x72, "kertas printer tcp://%s habis", "printer tcp://%s is out of paper"},
		{"cover open", 0x16, 0x12, "tutup printer tcp://%s terbuka", "the cover of printer tcp://%s is open"},
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer conn.Close()
					var q [3]byte
					for {
						if _, err := io.ReadFull(conn, q[:]); err != nil || q[0] != 0x10 || q[1] != 0x04 {
							return
						}
						conn.Write([]byte{map[byte]byte{1: 0x1a, 2: c.cause, 4: c.roll}[q[2]]})
					}
				}()
			}
		}()
		h.printer = "tcp://" + ln.Addr().String()
		for lang, want := range map[string]string{"id": c.id, "en": c.en} {
			want = strings.Replace(want, "%s", ln.Addr().String(), 1)
			r := runHost(h, "receipt", "--ref", ref, "--lang", lang)
			if r.code != cashier.ExitRefused || !strings.Contains(r.stderr, want) {
				t.Errorf("%s, --lang %s: exit %d, stderr %q; want exit 1 and %q", c.name, lang, r.code, r.stderr, want)
			}
		}
		ln.Close()
	}
}

// With the ledger held, a command goes through the control socket and
// answers with the bytes and exit code it has when run directly; two at
// once both go through; nobody listening is exit 1, a holder that goes
// away mid-command exit 3.
func TestControlSocket(t *testing.T) {
	h, env := newHost(t)
	runHost(h, "topup", "--phone", "081234567890", "--amount", "50000")
	// A receipt goes to a file printer: the second print of a slip says
	// REPRINT with its time, so the bytes compared are the command's words.
	slips := "file:" + t.TempDir()
	cases := [][]string{
		{"history", "--json"}, {"history", "--lang", "id"}, {"receipt", "--ref", "R00000001", "--printer", slips},
		{"status", "--ref", "r00000001", "--json"}, {"reconcile", "--json"}, {"topup", "--phone", "0712", "--json"},
		{"inquiry", "--phone", "081100000404", "--amount", "10000", "--json"},
	}
	direct := make([]out, len(cases))
	for i, args := range cases {
		direct[i] = runHost(h, args...) // nobody listens yet: on the ledger itself
	}
	held, stop := holdLedger(t, h)
	other := held
	other.env = "production https://apigw.ovo.id"
	if r := runHost(other, "topup", "--phone", "081234567890", "--amount", "10000", "--json"); r.code != 2 || !strings.Contains(r.stderr, "your settings say production") {
		t.Errorf("a caller on another environment: %+v", r)
	}
	for i, args := range cases {
		sock := runHost(held, args...)
		if direct[i].code != sock.code || direct[i].stdout != sock.stdout || direct[i].stderr != sock.stderr {
			t.Errorf("%v:\ndirect %+v\nsocket %+v", args, direct[i], sock)
		}
	}
	// The caller's operator is recorded.
	if r := runHost(held, "topup", "--phone", "081234567890", "--amount", "10000", "--operator", "Ani", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"operator": "Ani"`) {
		t.Errorf("topup through the socket: %+v", r)
	}

	// Two at once, while a third hangs at OVO.
	env.Sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{Hang: true})
	var wg sync.WaitGroup
	res := make([]out, 3)
	for i, amount := range []string{"20000", "30000", "40000"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = runHost(held, "topup", "--phone", "081234567890", "--amount", amount, "--allow-repeat", "--json")
		}()
		if i == 0 {
			time.Sleep(200 * time.Millisecond) // the first takes the hanging answer
		}
	}
	wg.Wait()
	if res[0].code != 3 || res[1].code != 0 || res[2].code != 0 {
		t.Errorf("three top ups at once: %+v", res)
	}

	stop()
	// Nobody listens: refused, nothing sent.
	if r := runHost(held, "history", "--json"); r.code != 1 || !strings.Contains(r.stdout, `"outcome": "refused"`) {
		t.Errorf("no process on the socket: %+v", r)
	}
	// A holder that reads the request and hangs up: unknown.
	ln2, err := ListenControl(h.data)
	if err != nil {
		t.Fatal(err)
	}
	defer ln2.Close()
	go func() {
		for {
			c, err := ln2.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 1)
			if n, _ := c.Read(buf); n > 0 {
				c.Write([]byte{frameStdout, 0, 0, 0, 2, '{', '\n'})
			}
			c.Close()
		}
	}()
	if r := runHost(held, "topup", "--phone", "081234567890", "--amount", "10000"); r.code != 3 || !strings.Contains(r.stderr, "outcome is unknown") {
		t.Errorf("holder gone mid-command: %+v", r)
	}
}

// The socket is the owner's only.
func TestControlSocketMode(t *testing.T) {
	data := filepath.Join(t.TempDir(), "ledger.db")
	ln, err := ListenControl(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	fi, err := os.Stat(SocketPath(data))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("socket mode %v, want 0600", perm)
	}
	conn, err := net.Dial("unix", SocketPath(data))
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

// Over SSH (and the socket) the commands that run only where they are
// started are refused; the ledger commands run with the caller's words.
func TestRemote(t *testing.T) {
	h, _ := newHost(t)
	runs := 0
	h.runs = &runs
	var o, e bytes.Buffer
	call := Call{Lang: "id", Operator: "Siti", Printer: "stdout", Width: 32}
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"tui"}, &o, &e); code != 2 || runs != 0 || !strings.Contains(e.String(), "hanya berjalan di mesin ini") {
		t.Errorf("tui over SSH: %d %q (ran %d)", code, e.String(), runs)
	}
	o.Reset()
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"history", "--lang", "en"}, &o, &e); code != 0 || !strings.Contains(o.String(), "no transactions") {
		t.Errorf("history --lang en over SSH: %d %q", code, o.String())
	}
	o.Reset()
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"topup", "--phone", "081234567890", "--amount", "10000", "--json"}, &o, &e); code != 0 || !strings.Contains(o.String(), `"operator": "Siti"`) {
		t.Errorf("the operator over SSH is the key's: %d %q", code, o.String())
	}
	o.Reset()
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"topup", "--phone", "081234567890", "--amount", "10000", "--json", "--operator", "Mallory"}, &o, &e); code != 2 || strings.Contains(o.String(), "Mallory") {
		t.Errorf("another operator over SSH: %d %q", code, o.String())
	}
	e.Reset()
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"history", "--data", "/tmp/x", "--lang", "en"}, &o, &e); code != 2 || !strings.Contains(e.String(), "--data cannot be set over SSH") {
		t.Errorf("a setting over SSH: %d %q", code, e.String())
	}
	if code := RunRemote(context.Background(), h, h.svc, Call{Lang: "xx", Width: 32}, []string{"history"}, &o, &e); code != 2 {
		t.Errorf("a bad language from the caller: %d", code)
	}
	// check and backup concern files on the server: not over SSH, and the
	// refusal does not claim the control socket refuses them too.
	for _, args := range [][]string{{"check"}, {"backup", "--out", filepath.Join(t.TempDir(), "copy.db")}} {
		e.Reset()
		if code := RunRemote(context.Background(), h, h.svc, call, args, &o, &e); code != 2 || !strings.Contains(e.String(), "tidak tersedia lewat SSH") || strings.Contains(e.String(), "soket") {
			t.Errorf("%v over SSH: %d %q", args, code, e.String())
		}
	}
	// The manual page may be read over SSH, but not written into the
	// server's directories.
	dir := filepath.Join(t.TempDir(), "man")
	e.Reset()
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"man", "--dir", dir}, &o, &e); code != 2 || !strings.Contains(e.String(), "hanya berjalan di mesin ini") {
		t.Errorf("man --dir over SSH: %d %q", code, e.String())
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("man --dir over SSH wrote %s on the server", dir)
	}
	o.Reset()
	if code := RunRemote(context.Background(), h, h.svc, call, []string{"man"}, &o, &e); code != 0 || !strings.Contains(o.String(), ".TH") {
		t.Errorf("man over SSH: %d", code)
	}
}

// Run: no command or flags first is the cashier screen; -json is --json.
func TestRunDispatch(t *testing.T) {
	h, _ := newHost(t)
	runs := 0
	h.runs = &runs
	runHost(h)
	runHost(h, "--lang", "en")
	if runs != 2 {
		t.Errorf("the screen ran %d times, want 2", runs)
	}
	if r := runHost(h, "history", "-json", "-limit=1"); r.code != 0 || !json.Valid([]byte(r.stdout)) {
		t.Errorf("single-dash long flags: %+v", r)
	}
	if r := runHost(h, cobra.ShellCompRequestCmd, "history", "--li"); r.code != 0 || !strings.Contains(r.stdout, "--limit") {
		t.Errorf("completion of history's flags: %+v", r)
	}
	if r := runHost(h, cobra.ShellCompRequestCmd, "history", "--lang", ""); r.code != 0 || !strings.Contains(r.stdout, "id\nen\n") {
		t.Errorf("completion of --lang: %+v", r)
	}
	if r := runHost(h, "help", "topup"); r.code != 0 || !strings.Contains(r.stdout, "--phone") {
		t.Errorf("help topup: %+v", r)
	}
	if r := runHost(h, "frobnicate", "--lang", "en"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %+v", r)
	}
	if r := runHost(h, "--version"); r.code != 0 || !strings.HasPrefix(r.stdout, "ovocashier ") || runs != 2 {
		t.Errorf("--version: %+v", r)
	}
}

// A deposit that cannot be read says so once, in words, with OVO's code in
// --json.
func TestDepositUnread(t *testing.T) {
	h, env := newHost(t)
	env.Sim.InjectFault(ovosim.OpBalance, ovosim.Fault{HTTPStatus: 401, Code: "4011100", Times: 2})
	r := runHost(h, "deposit", "--json", "--lang", "en")
	if r.code == 0 || strings.Count(r.stderr, "reading the deposit from OVO") != 1 || !strings.Contains(r.stdout, `"responseCode": "4011100"`) {
		t.Errorf("deposit with OVO refusing: %+v", r)
	}
}

// `backup --out` with a relative path, the ledger held by another process:
// the holder, which has its own working directory, is sent the path as
// the caller means it (absolute), in both flag forms.
func TestBackupRelativeOutThroughSocket(t *testing.T) {
	h, _ := newHost(t)
	held := h
	held.held, held.svc, held.env = true, nil, "sandbox"
	ln, err := ListenControl(h.data)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []string, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			var req request
			if err := json.NewDecoder(c).Decode(&req); err == nil {
				got <- req.Args
			}
			c.Write([]byte{frameExit, 0, 0, 0, 1, 0})
			c.Close()
		}
	}()
	want, _ := filepath.Abs("rel-copy.db")
	for _, args := range [][]string{{"backup", "--out", "rel-copy.db"}, {"backup", "--out=rel-copy.db"}} {
		if r := runHost(held, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		sent := strings.Join(<-got, " ")
		if !strings.Contains(sent, want) {
			t.Errorf("%v reached the holder as %q; want the path %s", args, sent, want)
		}
	}
}

// Flags before the command are the command's (`ovocashier --lang id
// history --limit 0`): its refusal is in the operator's language, not the
// cashier screen's "unexpected argument".
func TestFlagsBeforeTheCommand(t *testing.T) {
	h, _ := newHost(t)
	r := runHost(h, "--lang", "id", "history", "--limit", "0")
	if r.code != 2 || !strings.Contains(r.stderr, "harus 1 sampai 500") {
		t.Fatalf("flags first: %+v", r)
	}
	if got := commandFirst(h, []string{"--lang", "id", "--operator", "Ani"}); len(got) != 4 || got[0] != "--lang" {
		t.Fatalf("no command named: %q", got)
	}
	// A group's subcommand: `ovocashier --lang id shift status` is
	// `shift status --lang id` (cobra took "id" for the subcommand).
	r = runHost(h, "--lang", "id", "shift", "status", "--nope")
	if r.code != 2 || !strings.Contains(r.stderr, "flag tidak dikenal: --nope") {
		t.Fatalf("flags first, a group's subcommand: %+v", r)
	}
	got := commandFirst(h, []string{"--lang", "id", "report", "z", "--json", "--", "x"})
	if want := []string{"report", "z", "--json", "--lang", "id", "--", "x"}; !slices.Equal(got, want) {
		t.Fatalf("commandFirst: %q, want %q", got, want)
	}
}

func (h testHost) ReadLedger(path string, checkBudget time.Duration) (LedgerFile, error) {
	db, err := storage.Open(path, storage.Options{ReadOnly: true, Timeout: time.Second, CheckBudget: checkBudget})
	if err != nil {
		if errors.Is(err, storage.ErrLocked) {
			return nil, fmt.Errorf("%w: %w", ErrLedgerHeld, err)
		}
		return nil, err
	}
	return db, nil
}
