package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

var (
	goliveKeyOnce sync.Once
	goliveKeyPEM  []byte
)

// goliveKeyFile writes the one partner key the uat tests share into a
// temporary file (generating a key per test would dominate the test time).
func goliveKeyFile(t *testing.T) string {
	t.Helper()
	goliveKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		goliveKeyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	})
	path := filepath.Join(t.TempDir(), "partner.pem")
	if err := os.WriteFile(path, goliveKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// goliveWire collects, from the unredacted trace, every value the evidence
// must not contain.
type goliveWire struct {
	mu      sync.Mutex
	secret  string
	tokens  map[string]bool
	sigs    map[string]bool
	sim     *ovosim.Sim
	onStart func(*ovosim.Sim)
}

// goliveHooks installs the uat test hooks for the test.
func goliveHooks(t *testing.T, onStart func(*ovosim.Sim)) *goliveWire {
	w := &goliveWire{tokens: map[string]bool{}, sigs: map[string]bool{}, onStart: onStart}
	uatSandboxStarted = func(sim *ovosim.Sim, secret string) {
		w.mu.Lock()
		w.sim, w.secret = sim, secret
		w.mu.Unlock()
		if w.onStart != nil {
			w.onStart(sim)
		}
	}
	uatTrace = func(ex ovoclient.Exchange) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if a := ex.RequestHeader.Get("Authorization"); a != "" {
			w.tokens[strings.TrimPrefix(a, "Bearer ")] = true
		}
		if s := ex.RequestHeader.Get(ovoclient.HeaderSignature); s != "" {
			w.sigs[s] = true
		}
		var tr ovoclient.TokenResponse
		if ex.Op == "token" && json.Unmarshal(ex.ResponseBody, &tr) == nil && tr.AccessToken != "" {
			w.tokens[tr.AccessToken] = true
		}
	}
	t.Cleanup(func() { uatSandboxStarted, uatTrace = nil, nil })
	return w
}

func TestUATSandboxAllPassAndEvidenceHoldsNoSecret(t *testing.T) {
	data := goliveCleanEnv(t)
	w := goliveHooks(t, nil)
	key := goliveKeyFile(t)
	out := filepath.Join(t.TempDir(), "evidence")
	code, stdout, stderr := goliveRun(t, "uat", "--env", "sandbox", "--private-key", key, "--out", out)
	t.Log("\n" + stdout)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if n := strings.Count(stdout, " PASS "); n != 8 {
		t.Fatalf("%d PASS lines, want 8", n)
	}
	if !strings.Contains(stdout, "8 passed, 0 failed, 0 not applicable") {
		t.Fatalf("no totals line in:\n%s", stdout)
	}

	files, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"01-inquiry-positive.json", "02-inquiry-negative.json", "03-topup-positive.json", "04-topup-negative.json",
		"05-status-positive.json", "06-status-negative.json", "07-above-limit.json", "08-deposit-control.json", "summary.json", "summary.txt"}
	var got []string
	for _, f := range files {
		got = append(got, f.Name())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("evidence files %v, want %v", got, want)
	}

	// Nothing secret in any file: the client secret, every token and every
	// signature seen on the wire (raw or JSON-escaped), nor the private key.
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.secret == "" || len(w.tokens) == 0 || len(w.sigs) < 10 {
		t.Fatalf("the hooks saw secret %v, %d tokens, %d signatures: the scan would prove nothing", w.secret != "", len(w.tokens), len(w.sigs))
	}
	needles := map[string]string{"the client secret": w.secret}
	for tok := range w.tokens {
		needles["access token "+tok[:8]] = tok
	}
	for s := range w.sigs {
		needles["signature "+s[:8]] = s
	}
	for i, line := range strings.Split(string(goliveKeyPEM), "\n") {
		if len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			needles[fmt.Sprintf("line %d of the private key", i)] = line
		}
	}
	redactions := 0
	for _, name := range want {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		redactions += bytes.Count(b, []byte("[REDACTED]"))
		for what, v := range needles {
			q, _ := json.Marshal(v)
			if bytes.Contains(b, []byte(v)) || bytes.Contains(b, q[1:len(q)-1]) {
				t.Errorf("%s contains %s", name, what)
			}
		}
		if st, _ := os.Stat(filepath.Join(out, name)); st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", name, st.Mode())
		}
	}
	if redactions < 3*len(w.sigs) {
		t.Errorf("only %d redactions for %d signed exchanges", redactions, len(w.sigs))
	}
	for what, v := range needles {
		if strings.Contains(stdout+stderr, v) {
			t.Errorf("stdout/stderr contains %s", what)
		}
	}

	// UAT never touches the cashier's data: no ledger, no sandbox.db.
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("uat wrote into the data directory: %v", names)
	}
	// Only scenario 3 moved money in the throwaway sandbox.
	if d := w.sim.Deposit(); d != uatSandboxDeposit-10_000 {
		t.Fatalf("sandbox deposit %d after uat", d)
	}
}

func TestUATFailingScenarioExitsOne(t *testing.T) {
	goliveCleanEnv(t)
	goliveHooks(t, func(sim *ovosim.Sim) {
		sim.InjectFault(ovosim.OpInquiry, ovosim.Fault{Code: "4033705"})
	})
	out := filepath.Join(t.TempDir(), "ev")
	code, stdout, stderr := goliveRun(t, "uat", "--env", "sandbox", "--private-key", goliveKeyFile(t), "--out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "1 FAIL: expected responseCode 2003700, got 4033705 Do Not Honor") || !strings.Contains(stdout, "7 passed, 1 failed") {
		t.Fatalf("stdout:\n%s", stdout)
	}
	var sum struct {
		Failed    int `json:"failed"`
		Scenarios []struct {
			Verdict string `json:"verdict"`
			Reason  string `json:"reason"`
		} `json:"scenarios"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil || sum.Failed != 1 || sum.Scenarios[0].Verdict != "FAIL" {
		t.Fatalf("summary.json: %v %+v", err, sum)
	}
}

func TestUATJSONOutput(t *testing.T) {
	goliveCleanEnv(t)
	goliveHooks(t, nil)
	code, stdout, _ := goliveRun(t, "uat", "--env", "sandbox", "--private-key", goliveKeyFile(t), "--out", filepath.Join(t.TempDir(), "ev"), "--json")
	var sum struct {
		Passed    int `json:"passed"`
		Scenarios []struct {
			Evidence string `json:"evidence"`
		} `json:"scenarios"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &sum) != nil || sum.Passed != 8 || len(sum.Scenarios) != 8 {
		t.Fatalf("exit %d, stdout:\n%s", code, stdout)
	}
}

func TestUATRefusals(t *testing.T) {
	keyDir := t.TempDir()
	key := filepath.Join(keyDir, "k.pem")
	creds := map[string]string{"OVO_CLIENT_ID": "cid", "OVO_CLIENT_SECRET": "sec", "OVO_PRIVATE_KEY_FILE": key}
	used := filepath.Join(t.TempDir(), "used")
	if err := os.MkdirAll(used, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(used, "summary.txt"), []byte("an earlier run"), 0o600)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"production by name, no flag", creds, []string{"--env", "production"}, "refusing to run UAT against OVO production"},
		{"production by OVO_ENV, no flag", map[string]string{"OVO_ENV": "production"}, nil, "add --i-know-this-is-production"},
		{"production by base URL, no flag", creds, []string{"--base-url", "https://apigw.ovo.id/"}, "add --i-know-this-is-production"},
		{"production with the flag but no credentials", nil, []string{"--env", "production", "--i-know-this-is-production"},
			"credentials incomplete, missing OVO_CLIENT_ID, OVO_CLIENT_SECRET, OVO_PRIVATE_KEY_FILE"},
		{"staging without --phone", creds, []string{"--env", "staging"}, "--phone is required on staging"},
		{"staging with a missing key file", creds, []string{"--env", "staging", "--phone", "081234567890"}, "OVO_PRIVATE_KEY_FILE"},
		{"sandbox with an unreadable key", nil, []string{"--env", "sandbox", "--private-key", key}, "--private-key"},
		{"bad phone", nil, []string{"--phone", "12345"}, "--phone"},
		{"bad negative phone", nil, []string{"--negative-phone", "0812"}, "--negative-phone"},
		{"same phones", nil, []string{"--phone", "081234567890", "--negative-phone", "081234567890"}, "must differ"},
		{"same phones, in Indonesian", nil, []string{"--lang", "id", "--phone", "081234567890", "--negative-phone", "081234567890"}, "harus berbeda"},
		{"production by name, in Indonesian", creds, []string{"--lang", "id", "--env", "production"}, "menolak menjalankan UAT di produksi OVO"},
		{"bad amount", nil, []string{"--amount", "ten"}, `--amount "ten"`},
		{"zero amount", nil, []string{"--amount", "0"}, "--amount"},
		{"stray argument", nil, []string{"now"}, `unexpected argument "now"`},
		{"unknown flag", nil, []string{"--fast"}, "flag provided but not defined"},
		{"evidence directory already used", nil, []string{"--out", used}, "already holds evidence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			goliveCleanEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := goliveRun(t, append([]string{"uat"}, tc.args...)...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q\nstdout %s", code, stderr, tc.want, stdout)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(used, "summary.txt")); string(b) != "an earlier run" {
		t.Fatal("an earlier run's evidence was overwritten")
	}
}
