// Command sshload measures `ovocashier serve` under load over real SSH
// connections on 127.0.0.1, each figure next to a reference measured in the
// same run:
//
//   - idle: N sessions on the menu; server CPU (share of one core) and RSS
//     per session, against the smallest wish + Bubble Tea server
//     (../refserver) with N sessions;
//   - one: one session typing whole top ups (phone, amount, y, n) on the
//     built-in sandbox: top ups a second, 'y'→SUCCESS latency, server CPU
//     per top up;
//   - active: A sessions typing top ups at once; against one;
//   - fanout: one session typing top ups while N others sit on the menu;
//     against one.
//
// It builds both servers (go build), runs each as its own process (its CPU
// and RSS read from /proc), and prints a table. Not part of the test
// suite: run it by hand (see README, "Performance over SSH").
//
//	go run ./tui/sshserver/bench/sshload -idle 200 -active 16 -duration 10s
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

var (
	idleN    = flag.Int("idle", 200, "idle sessions (idle and fanout)")
	activeN  = flag.Int("active", 16, "sessions typing top ups at once (active)")
	duration = flag.Duration("duration", 10*time.Second, "how long each timed phase runs")
	keep     = flag.Bool("keep", false, "keep the temporary directory (logs)")
	only     = flag.String("only", "", "run only this phase: idle, one, active or fanout (e.g. to profile the server meanwhile)")
	ovoMode  = flag.String("ovo", "builtin", "builtin: serve's own sandbox, in its process (its CPU counts as the server's); external: the same sandbox as its own process (`ovocashier sim --state`), reached over HTTP like OVO, its CPU reported apart")
	pprofDir = flag.String("pprof", "", "with -only: build the server with -tags ovopprof and write its CPU, mutex and block profiles of the timed phase into this directory")
	keyGap   = flag.Duration("keygap", 0, "a pause after each keystroke on top of waiting for the screen's answer (0: type as fast as the screen follows)")
)

// The load's money, configured as an owner would for a counter this busy:
// the load operator is a cashier (no role= token: the everyday role, whose
// limits are checked on every top up) whose day limit fits the load — the
// default Rp20.000.000 a day holds the 1,001st top up of Rp20.000 for
// approval — and the sandbox's merchant deposit covers every top up of a
// run (its default Rp50.000.000 is 2,500 of them).
const (
	loadDayLimit = 1_000_000_000_000 // Rp1.000.000.000.000: 50,000,000 top ups of Rp20.000
	loadDeposit  = 1_000_000_000_000
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	dir, err := os.MkdirTemp("", "sshload")
	check(err)
	if !*keep {
		defer os.RemoveAll(dir)
	}
	fmt.Printf("sshload: %d idle, %d active, %v per phase, sandbox %s; GOMAXPROCS of the servers: default; dir %s\n", *idleN, *activeN, *duration, *ovoMode, dir)
	var tags []string
	if *pprofDir != "" {
		if *only == "" {
			log.Fatal("-pprof needs -only")
		}
		tags = []string{"-tags", "ovopprof"}
		pprofAddr = freeAddr()
	}
	bin := build(dir, "ovocashier", "./cmd/ovocashier", tags...)
	refBin := build(dir, "refserver", "./tui/sshserver/bench/refserver")
	signer := newKey()
	keys := filepath.Join(dir, "authorized_keys")
	check(os.WriteFile(keys, gossh.MarshalAuthorizedKey(signer.PublicKey())[:len(gossh.MarshalAuthorizedKey(signer.PublicKey()))-1], 0o600))
	f, _ := os.OpenFile(keys, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(" Load Test\n")
	f.Close()

	if *only != "" {
		cash := startServe(dir, bin, keys)
		defer sim.stop()
		defer cash.stop()
		openShift(cash, signer)
		fmt.Printf("serve pid %d\n", cash.cmd.Process.Pid)
		switch *only {
		case "idle":
			r := idle(cash, signer, *idleN)
			fmt.Printf("idle %d: %.0f KiB per session, %.2f %% of a core\n", *idleN, r.rssPer, r.cpu*100)
		case "one", "active", "fanout":
			n, idlers := map[string]int{"one": 1, "active": *activeN, "fanout": 1}[*only], 0
			if *only == "fanout" {
				idlers = *idleN
			}
			r := active(cash, signer, n, idlers)
			fmt.Printf("%s: %.1f top ups/s, p50 %s p99 %s, %.2f ms CPU per top up, %d errors %v\n", *only, r.rate, ms(r.p50), ms(r.p99), r.cpuPer*1000, r.errors, r.failures)
			if sim != nil {
				fmt.Printf("the sandbox's own process: %.2f ms CPU per top up\n", r.simPer*1000)
			}
		default:
			log.Fatalf("-only %q: idle, one, active or fanout", *only)
		}
		return
	}

	// The reference first: idle N.
	ref := start(dir, "ref", refBin, "-listen", "127.0.0.1:0", "-host-key", filepath.Join(dir, "ref_host"))
	refIdle := idle(ref, signer, *idleN)
	ref.stop()

	cash := startServe(dir, bin, keys)
	defer sim.stop()
	defer cash.stop()
	openShift(cash, signer)
	cashIdle := idle(cash, signer, *idleN)
	one := active(cash, signer, 1, 0)
	many := active(cash, signer, *activeN, 0)
	fan := active(cash, signer, 1, *idleN)

	fmt.Println()
	fmt.Printf("| measure | ovocashier serve | reference | ratio |\n|---|---|---|---|\n")
	fmt.Printf("| idle %d: RSS per session | %.0f KiB | %.0f KiB | %.2f |\n", *idleN, cashIdle.rssPer, refIdle.rssPer, cashIdle.rssPer/refIdle.rssPer)
	fmt.Printf("| idle %d: server CPU | %.2f %% of a core | %.2f %% of a core | %.2f |\n", *idleN, cashIdle.cpu*100, refIdle.cpu*100, ratio(cashIdle.cpu, refIdle.cpu))
	fmt.Printf("| one session: top ups/s | %.1f | — | — |\n", one.rate)
	fmt.Printf("| one session: 'y'→SUCCESS p50 / p99 | %s / %s | — | — |\n", ms(one.p50), ms(one.p99))
	fmt.Printf("| one session: server CPU per top up | %.2f ms | — | — |\n", one.cpuPer*1000)
	fmt.Printf("| active %d: top ups/s | %.1f | %.1f (one session) | %.2f |\n", *activeN, many.rate, one.rate, many.rate/one.rate)
	fmt.Printf("| active %d: 'y'→SUCCESS p50 / p99 | %s / %s | %s / %s | %.2f (p99) |\n", *activeN, ms(many.p50), ms(many.p99), ms(one.p50), ms(one.p99), float64(many.p99)/float64(one.p99))
	fmt.Printf("| active %d: server CPU per top up | %.2f ms | %.2f ms | %.2f |\n", *activeN, many.cpuPer*1000, one.cpuPer*1000, many.cpuPer/one.cpuPer)
	fmt.Printf("| fan-out 1 + %d idle: top ups/s | %.1f | %.1f (alone) | %.2f |\n", *idleN, fan.rate, one.rate, fan.rate/one.rate)
	fmt.Printf("| fan-out 1 + %d idle: 'y'→SUCCESS p50 / p99 | %s / %s | %s / %s | %.2f (p99) |\n", *idleN, ms(fan.p50), ms(fan.p99), ms(one.p50), ms(one.p99), float64(fan.p99)/float64(one.p99))
	fmt.Printf("| fan-out 1 + %d idle: server CPU per top up | %.2f ms | %.2f ms (alone) | %.2f |\n", *idleN, fan.cpuPer*1000, one.cpuPer*1000, fan.cpuPer/one.cpuPer)
	if sim != nil {
		fmt.Printf("| the sandbox's own process: CPU per top up, one / active %d / fan-out | %.2f / %.2f / %.2f ms | — | — |\n",
			*activeN, one.simPer*1000, many.simPer*1000, fan.simPer*1000)
	}
	if one.errors+many.errors+fan.errors > 0 {
		fmt.Printf("\nerrors: one %d %v, active %d %v, fanout %d %v (see the servers' logs with -keep)\n",
			one.errors, one.failures, many.errors, many.failures, fan.errors, fan.failures)
	}
}

// sim is the external sandbox process under -ovo external (nil otherwise).
var sim *server

// startServe starts `ovocashier serve` on the sandbox -ovo names (starting
// the external one first).
func startServe(dir, bin, keys string) *server {
	var env []string
	switch *ovoMode {
	case "builtin":
	case "external":
		creds, err := ovosim.LoadOrCreateCredentials(filepath.Join(dir, "simcreds"))
		check(err)
		addr := freeAddr()
		sim = start(dir, "sim", bin, "sim", "--listen", addr, "--creds-dir", filepath.Join(dir, "simcreds"),
			"--state", filepath.Join(dir, "sim.db"), "--deposit", strconv.FormatInt(loadDeposit, 10))
		env = []string{"OVO_BASE_URL=http://" + addr, "OVO_CLIENT_ID=" + creds.ClientID,
			"OVO_CLIENT_SECRET=" + creds.ClientSecret, "OVO_PRIVATE_KEY_FILE=" + creds.PrivateKeyFile}
		fmt.Printf("sandbox: its own process (pid %d), state in %s\n", sim.cmd.Process.Pid, filepath.Join(dir, "sim.db"))
	default:
		log.Fatalf("-ovo %q: builtin or external", *ovoMode)
	}
	if *ovoMode == "builtin" {
		seedSandbox(dir)
	}
	return start(dir, "serve", bin, append(serveArgs(dir, keys), env...)...)
}

// seedSandbox creates the built-in sandbox's state (beside the ledger,
// where serve looks for it) with the load's deposit; serve keeps an
// existing state's deposit.
func seedSandbox(dir string) {
	creds, err := ovosim.LoadOrCreateCredentials(filepath.Join(dir, "sandbox"))
	check(err)
	pub, err := ovoclient.ParsePublicKeyPEM(creds.PublicKeyPEM)
	check(err)
	s, err := ovosim.New(ovosim.Config{ClientID: creds.ClientID, ClientSecret: creds.ClientSecret, PartnerPublicKey: pub,
		StatePath: filepath.Join(dir, "sandbox.db"), Deposit: loadDeposit})
	check(err)
	check(s.Close())
}

// serveArgs runs `ovocashier serve` with session limits far above the load
// and the load operator's day limit fitting it (see loadDayLimit).
func serveArgs(dir, keys string) []string {
	return []string{"serve", "--listen", freeAddr(), "--data", filepath.Join(dir, "ledger.db"),
		"--authorized-keys", keys, "--lang", "en", "--max-sessions", "5000", "--max-sessions-per-operator", "5000",
		"--max-connections", "5000", "--conn-rate", "0", "--idle-timeout", "0",
		"--approve-topup-day-above", strconv.FormatInt(loadDayLimit, 10)}
}

// openShift opens the load operator's shift over SSH exec (a top up needs
// its operator's open shift), as an operator would before typing.
func openShift(s *server, signer gossh.Signer) {
	conn, err := gossh.Dial("tcp", s.addr, &gossh.ClientConfig{User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second})
	check(err)
	defer conn.Close()
	sess, err := conn.NewSession()
	check(err)
	if out, err := sess.CombinedOutput("shift open --float 0"); err != nil {
		log.Fatalf("shift open over SSH: %v: %s", err, out)
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func build(dir, name, pkg string, flags ...string) string {
	out := filepath.Join(dir, name)
	cmd := exec.Command("go", append(append([]string{"build"}, flags...), "-o", out, pkg)...)
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	return out
}

func newKey() gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	check(err)
	s, err := gossh.NewSignerFromKey(priv)
	check(err)
	return s
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	return ln.Addr().String()
}

// server is a server process under measurement.
type server struct {
	cmd  *exec.Cmd
	addr string
}

// start runs bin with args (those of the form OVO_…=… go to its
// environment) and waits until it listens.
func start(dir, name, bin string, args ...string) *server {
	var env []string
	args = slices.DeleteFunc(slices.Clone(args), func(a string) bool {
		if strings.HasPrefix(a, "OVO_") && strings.Contains(a, "=") {
			env = append(env, a)
			return true
		}
		return false
	})
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data")}, env...)
	if pprofAddr != "" && name == "serve" {
		cmd.Env = append(cmd.Env, "OVO_PPROF="+pprofAddr)
	}
	logf, err := os.Create(filepath.Join(dir, name+".log"))
	check(err)
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	s := &server{cmd: cmd}
	for i, a := range args {
		if (a == "--listen") && i+1 < len(args) && !strings.HasSuffix(args[i+1], ":0") {
			s.addr = args[i+1]
		}
	}
	if s.addr == "" { // the reference prints its address
		line, err := bufio.NewReader(stdout).ReadString('\n')
		check(err)
		s.addr = strings.TrimSpace(line)
	} else {
		go io.Copy(io.Discard, stdout)
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log.Fatalf("%s never listened on %s", name, s.addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

func (s *server) stop() {
	if s == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
	}
}

// pprofAddr is where the server under -pprof serves its profiles.
var pprofAddr string

// profile, under -pprof, fetches the server's CPU profile over d (it
// returns at once; the fetch ends after d) and, at the end, its mutex and
// block profiles, into the -pprof directory. It returns a wait for them.
func profile(d time.Duration) func() {
	if pprofAddr == "" {
		return func() {}
	}
	check(os.MkdirAll(*pprofDir, 0o755))
	get := func(path, file string) {
		resp, err := http.Get("http://" + pprofAddr + path)
		check(err)
		defer resp.Body.Close()
		f, err := os.Create(filepath.Join(*pprofDir, file))
		check(err)
		defer f.Close()
		_, err = io.Copy(f, resp.Body)
		check(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		get(fmt.Sprintf("/debug/pprof/profile?seconds=%d", max(1, int(d.Seconds()))), "cpu.pprof")
		get("/debug/pprof/mutex", "mutex.pprof")
		get("/debug/pprof/block", "block.pprof")
		get("/debug/pprof/heap", "heap.pprof")
	}()
	return func() { <-done; fmt.Printf("profiles in %s (go tool pprof -top %s/cpu.pprof)\n", *pprofDir, *pprofDir) }
}

// cpu is the process's user+system CPU time so far.
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	check(err)
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * time.Second / 100 // USER_HZ
}

// rss is the process's resident memory in KiB.
func (s *server) rss() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	check(err)
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return n
		}
	}
	return 0
}

// client is one SSH session as a terminal that only looks for words.
type client struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.Writer

	mu   sync.Mutex
	buf  []byte
	mark int
	note chan struct{}
	done chan struct{}
}

func dial(addr string, signer gossh.Signer) (*client, error) {
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second})
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &client{conn: conn, sess: sess, note: make(chan struct{}, 1), done: make(chan struct{})}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		conn.Close()
		return nil, err
	}
	c.stdin, _ = sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		conn.Close()
		return nil, err
	}
	go c.read(out)
	return c, nil
}

func (c *client) read(r io.Reader) {
	defer close(c.done)
	b := make([]byte, 32<<10)
	for {
		n, err := r.Read(b)
		if n > 0 {
			// Answer the background query like a terminal (the reference
			// waits for it).
			if bytes.Contains(b[:n], []byte("\x1b]11;?")) {
				io.WriteString(c.stdin, "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c")
			}
			c.mu.Lock()
			c.buf = append(c.buf, b[:n]...)
			if len(c.buf) > 256<<10 {
				drop := len(c.buf) - 64<<10
				c.buf = c.buf[drop:]
				c.mark = max(0, c.mark-drop)
			}
			c.mu.Unlock()
			select {
			case c.note <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// send writes keys in one packet; the next wait looks only at what comes
// after them.
func (c *client) send(keys string) {
	c.mu.Lock()
	c.mark = len(c.buf)
	c.mu.Unlock()
	io.WriteString(c.stdin, keys)
}

// paste sends text as a terminal pastes it with bracketed paste on (the
// frame writer turns it on): one packet, marked as a paste.
func (c *client) paste(text string) { c.send("\x1b[200~" + text + "\x1b[201~") }

// keystrokes types keys one at a time, each in its own packet as a
// terminal sends a key press, the next only once the screen has answered
// the one before (some output after it), plus -keygap. So, like a person's
// keys and unlike a burst in one packet, every key costs the server its
// own Update and frame, however fast the driver types. The next wait looks
// only at what comes after the last key.
func (c *client) keystrokes(keys string) error {
	for i, k := range keys {
		c.send(string(k))
		if i < len(keys)-1 {
			if err := c.answered(5 * time.Second); err != nil {
				return err
			}
		}
		if *keyGap > 0 {
			time.Sleep(*keyGap)
		}
	}
	return nil
}

// answered waits until the session wrote something after the last keys.
func (c *client) answered(d time.Duration) error {
	deadline := time.After(d)
	for {
		c.mu.Lock()
		got := len(c.buf) > c.mark
		c.mu.Unlock()
		if got {
			return nil
		}
		select {
		case <-c.note:
		case <-c.done:
			return io.EOF
		case <-deadline:
			return errTimeout
		}
	}
}

var errTimeout = errors.New("timeout")

// wait waits until one of words shows after the last keys sent.
func (c *client) wait(d time.Duration, words ...string) (string, error) {
	deadline := time.After(d)
	for {
		c.mu.Lock()
		seen := c.buf[c.mark:]
		for _, w := range words {
			if bytes.Contains(seen, []byte(w)) {
				c.mu.Unlock()
				return w, nil
			}
		}
		c.mu.Unlock()
		select {
		case <-c.note:
		case <-c.done:
			return "", io.EOF
		case <-deadline:
			return "", errTimeout
		}
	}
}

func (c *client) close() { c.conn.Close() }

// reported holds the kinds of failure (a missed wait, each outcome other
// than SUCCESS) already printed in this phase: the first of each kind
// prints what the session's screen last said, so that no error is silent
// and a broken run says why without flooding.
var reported sync.Map

// report prints, once per phase and kind, what went wrong and the
// session's last output.
func (c *client) report(kind string, format string, args ...any) {
	if _, seen := reported.LoadOrStore(kind, true); seen {
		return
	}
	c.mu.Lock()
	tail := string(c.buf[max(0, len(c.buf)-1500):])
	c.mu.Unlock()
	log.Printf("%s; the session's last output:\n%q", fmt.Sprintf(format, args...), tail)
}

func dialMany(s *server, signer gossh.Signer, n int) []*client {
	out := make([]*client, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := dial(s.addr, signer)
			check(err)
			if _, err := c.wait(30*time.Second, "Cashier menu"); err != nil {
				log.Fatalf("session %d never showed the menu: %v", i, err)
			}
			out[i] = c
		}()
	}
	wg.Wait()
	return out
}

type idleResult struct{ rssPer, cpu float64 }

// idle opens n sessions, lets them sit, and measures the server.
func idle(s *server, signer gossh.Signer, n int) idleResult {
	time.Sleep(time.Second)
	base := s.rss()
	cs := dialMany(s, signer, n)
	time.Sleep(3 * time.Second)
	c0, t0 := s.cpu(), time.Now()
	profiled := profile(*duration)
	defer profiled()
	time.Sleep(*duration)
	cpu := float64(s.cpu()-c0) / float64(time.Since(t0))
	r := idleResult{rssPer: (s.rss() - base) / float64(n), cpu: cpu}
	for _, c := range cs {
		c.close()
	}
	time.Sleep(2 * time.Second)
	return r
}

type activeResult struct {
	rate, cpuPer float64
	simPer       float64 // the external sandbox's CPU per top up (-ovo external)
	p50, p99     time.Duration
	errors       int
	failures     map[string]int // errors by kind: an outcome other than SUCCESS, or a wait that missed
}

var phoneSeq atomic.Int64

// active has n sessions type top ups for the duration while idleN others
// sit on the menu.
func active(s *server, signer gossh.Signer, n, idleN int) activeResult {
	idlers := dialMany(s, signer, idleN)
	workers := dialMany(s, signer, n)
	time.Sleep(time.Second)
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	outcomes := map[string]int{} // failures by kind
	reported.Clear()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	c0, t0 := s.cpu(), time.Now()
	var s0 time.Duration
	if sim != nil {
		s0 = sim.cpu()
	}
	profiled := profile(*duration)
	defer profiled()
	fail := func(c *client, kind, format string, args ...any) {
		errs.Add(1)
		mu.Lock()
		outcomes[kind]++
		mu.Unlock()
		c.report(kind, format, args...)
	}
	for _, c := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.send("1")
			// step types keys (the phone pasted, the rest key by key) and
			// waits for one of words.
			step := func(name string, typed func() error, words ...string) bool {
				err := typed()
				if err == nil && len(words) > 0 {
					_, err = c.wait(30*time.Second, words...)
				}
				if err != nil {
					fail(c, "no answer to "+name, "a session typed %s and waited for %q: %v", name, words, err)
					return false
				}
				return true
			}
			keys := func(k string) func() error { return func() error { return c.keystrokes(k) } }
			for {
				select {
				case <-stop:
					return
				default:
				}
				// A new customer each time: the same number and amount
				// again would (rightly) stop at the repeat-send warning.
				phone := fmt.Sprintf("0813%08d", phoneSeq.Add(1))
				if _, err := c.wait(30*time.Second, "Customer's OVO phone number"); err != nil {
					fail(c, "no phone screen", "a session waited for the phone screen: %v", err)
					return
				}
				// The phone number pasted (one packet, as a terminal pastes
				// it, or a scanner or a fast typist's burst), then Enter,
				// the amount and the confirmation typed key by key.
				if !step("the phone", func() error { c.paste(phone); return c.answered(5 * time.Second) }) ||
					!step("Enter after the phone", keys("\r"), "Type the amount") ||
					!step("the amount", keys("20000"), "Rp20.000") ||
					!step("Enter after the amount", keys("\r"), "Yes, send it now") {
					return
				}
				y := time.Now()
				c.send("y")
				w, err := c.wait(30*time.Second, "SUCCESS", "FAILED", "NOT SENT", "PENDING", "AWAITING APPROVAL")
				switch {
				case err != nil:
					fail(c, "no outcome", "a session typed y and waited for the outcome: %v", err)
					return
				case w != "SUCCESS":
					fail(c, w, "a top up ended %s, not SUCCESS", w)
				default:
					mu.Lock()
					lat = append(lat, time.Since(y))
					mu.Unlock()
				}
				c.send("n")
			}
		}()
	}
	time.Sleep(*duration)
	close(stop)
	el := time.Since(t0)
	cpu := s.cpu() - c0
	var simCPU time.Duration
	if sim != nil {
		simCPU = sim.cpu() - s0
	}
	wg.Wait()
	for _, c := range append(idlers, workers...) {
		c.close()
	}
	time.Sleep(2 * time.Second)
	slices.Sort(lat)
	r := activeResult{errors: int(errs.Load()), failures: outcomes}
	if k := len(lat); k > 0 {
		r.rate = float64(k) / el.Seconds()
		r.cpuPer = cpu.Seconds() / float64(k)
		r.simPer = simCPU.Seconds() / float64(k)
		r.p50, r.p99 = lat[k/2], lat[min(k-1, k*99/100)]
	}
	return r
}
