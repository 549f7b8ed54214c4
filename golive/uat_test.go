package golive

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

var (
	testKeyOnce sync.Once
	testKey     *rsa.PrivateKey
)

// sharedKey is one partner key for every UAT test of the package.
func sharedKey(t *testing.T) *rsa.PrivateKey {
	testKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		testKey = k
	})
	return testKey
}

const (
	testClientID = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	// A secret with characters JSON and HTML escaping touch.
	testSecret = "uat+secret/<&>=0123456789abcdef"
)

// secretsSeen collects, independently of the Recorder, every value the
// evidence must not contain: tokens (Authorization headers, token answers)
// and signatures.
type secretsSeen struct {
	mu     sync.Mutex
	tokens map[string]bool
	sigs   map[string]bool
}

func (s *secretsSeen) trace(ex ovoclient.Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := ex.RequestHeader.Get("Authorization"); a != "" {
		s.tokens[strings.TrimPrefix(a, "Bearer ")] = true
	}
	if sig := ex.RequestHeader.Get(ovoclient.HeaderSignature); sig != "" {
		s.sigs[sig] = true
	}
	if ex.Op == "token" {
		var tr ovoclient.TokenResponse
		if json.Unmarshal(ex.ResponseBody, &tr) == nil && tr.AccessToken != "" {
			s.tokens[tr.AccessToken] = true
		}
	}
}

type uatEnv struct {
	sim    *ovosim.Sim
	client *ovoclient.Client
	rec    *Recorder
	seen   *secretsSeen
	url    string
}

func newUATEnv(t *testing.T, deposit int64) *uatEnv {
	t.Helper()
	key := sharedKey(t)
	sim, err := ovosim.New(ovosim.Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &key.PublicKey, Deposit: deposit})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	e := &uatEnv{sim: sim, rec: NewRecorder(testSecret), seen: &secretsSeen{tokens: map[string]bool{}, sigs: map[string]bool{}}, url: srv.URL}
	cfg := ovoclient.Config{BaseURL: srv.URL, ClientID: testClientID, ClientSecret: testSecret, PrivateKey: key, Timeout: 5 * time.Second, Trace: e.seen.trace}
	e.rec.Instrument(&cfg)
	if e.client, err = ovoclient.New(cfg); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *uatEnv) runner(dir string) *Runner {
	return &Runner{Client: e.client, Recorder: e.rec, OutDir: dir, Environment: "sandbox", BaseURL: e.url,
		Params: Params{Phone: ovosim.NumberBudi, StatusInterval: 10 * time.Millisecond}}
}

// assertNoSecrets scans every file under dir for the secret, every token and
// every signature seen on the wire, raw and JSON-escaped.
func assertNoSecrets(t *testing.T, dir string, seen *secretsSeen) {
	t.Helper()
	seen.mu.Lock()
	defer seen.mu.Unlock()
	if len(seen.tokens) == 0 || len(seen.sigs) == 0 {
		t.Fatalf("the trace saw %d tokens and %d signatures: nothing to look for", len(seen.tokens), len(seen.sigs))
	}
	needles := map[string]string{"client secret": testSecret}
	for tok := range seen.tokens {
		needles["token "+tok[:6]+"…"] = tok
	}
	for sig := range seen.sigs {
		needles["signature "+sig[:6]+"…"] = sig
	}
	files, _ := os.ReadDir(dir)
	if len(files) == 0 {
		t.Fatal("no evidence files")
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for what, v := range needles {
			q, _ := json.Marshal(v)
			esc := string(q[1 : len(q)-1])
			if bytes.Contains(data, []byte(v)) || bytes.Contains(data, []byte(esc)) {
				t.Errorf("%s contains the %s", f.Name(), what)
			}
		}
	}
}

func TestUATAgainstSandboxAllPass(t *testing.T) {
	e := newUATEnv(t, 5_000_000)
	dir := filepath.Join(t.TempDir(), "evidence")
	rep, err := e.runner(dir).Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi}))
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	rep.WriteTable(&table)
	t.Log("\n" + table.String())
	if len(rep.Results) != 8 {
		t.Fatalf("%d results, want 8", len(rep.Results))
	}
	for _, res := range rep.Results {
		if res.Verdict != Pass {
			t.Errorf("scenario %d %s: %s: %s", res.Scenario.Number, res.Scenario.Title, res.Verdict, res.Reason)
		}
		if res.Evidence == "" {
			t.Errorf("scenario %d: no evidence file", res.Scenario.Number)
		}
	}
	if !rep.OK() {
		t.Fatal("report not OK")
	}
	// No money moved except scenario 3's top up.
	if got := e.sim.Deposit(); got != 5_000_000-10_000 {
		t.Errorf("deposit %d after the run, want only the Rp10.000 of scenario 3 gone", got)
	}

	// Every scenario's evidence: its exchanges with headers both ways, the
	// string to sign with the token redacted, the timestamps.
	for _, res := range rep.Results {
		var ef evidenceFile
		data, err := os.ReadFile(res.Evidence)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &ef); err != nil {
			t.Fatalf("%s: %v", res.Evidence, err)
		}
		if st, _ := os.Stat(res.Evidence); st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", res.Evidence, st.Mode())
		}
		if ef.Verdict != Pass || ef.Scenario.Number != res.Scenario.Number || len(ef.Exchanges) == 0 {
			t.Fatalf("%s: verdict %s, number %d, %d exchanges", res.Evidence, ef.Verdict, ef.Scenario.Number, len(ef.Exchanges))
		}
		for _, x := range ef.Exchanges {
			if x.Started == "" || x.Ended == "" || x.StringToSign == "" || x.Response.Status == 0 {
				t.Errorf("%s: exchange %s incomplete: %+v", res.Evidence, x.Operation, x)
			}
			if len(x.Request.Headers) == 0 || len(x.Response.Headers) == 0 {
				t.Errorf("%s: exchange %s without request or response headers", res.Evidence, x.Operation)
			}
			if x.Request.Headers["X-Signature"] != Redacted {
				t.Errorf("%s: X-SIGNATURE is %q", res.Evidence, x.Request.Headers["X-Signature"])
			}
			if x.Operation != "token" {
				if x.Request.Headers["Authorization"] != "Bearer "+Redacted {
					t.Errorf("%s: Authorization is %q", res.Evidence, x.Request.Headers["Authorization"])
				}
				parts := strings.Split(x.StringToSign, ":")
				if len(parts) < 5 || parts[0] != x.Method || !strings.Contains(x.StringToSign, ":"+Redacted+":"+x.Request.BodySHA256) {
					t.Errorf("%s: string to sign %q does not show METHOD:path:[REDACTED]:bodyhash:timestamp", res.Evidence, x.StringToSign)
				}
			} else if x.StringToSign != testClientID+"|"+x.Request.Headers["X-Timestamp"] {
				t.Errorf("%s: token string to sign %q", res.Evidence, x.StringToSign)
			}
		}
	}
	// The token call happened during scenario 1 and is in its evidence.
	first, _ := os.ReadFile(rep.Results[0].Evidence)
	if !bytes.Contains(first, []byte(`"operation": "token"`)) || !bytes.Contains(first, []byte(`"accessToken": "`+Redacted+`"`)) {
		t.Error("scenario 1's evidence lacks the token call with its redacted answer")
	}
	for _, name := range []string{"summary.txt", "summary.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	assertNoSecrets(t, dir, e.seen)

	// A second run into the same directory is refused: evidence never mixes.
	if _, err := e.runner(dir).Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi})); err == nil || !strings.Contains(err.Error(), "already holds evidence") {
		t.Fatalf("second run into %s: %v", dir, err)
	}
}

func TestUATFailingScenarioSaysWhy(t *testing.T) {
	e := newUATEnv(t, 5_000_000)
	e.sim.InjectFault(ovosim.OpInquiry, ovosim.Fault{Code: "4033705"})
	rep, err := e.runner(t.TempDir()).Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi}))
	if err != nil {
		t.Fatal(err)
	}
	r1 := rep.Results[0]
	if r1.Verdict != Fail || r1.Reason != "expected responseCode 2003700, got 4033705 Do Not Honor" {
		t.Fatalf("scenario 1: %s %q", r1.Verdict, r1.Reason)
	}
	if rep.OK() {
		t.Fatal("a run with a failure is OK")
	}
	for _, res := range rep.Results[1:] {
		if res.Verdict != Pass {
			t.Errorf("scenario %d: %s %s", res.Scenario.Number, res.Verdict, res.Reason)
		}
	}
	var table bytes.Buffer
	rep.WriteTable(&table)
	if !strings.Contains(table.String(), "1 FAIL: expected responseCode 2003700, got 4033705 Do Not Honor") ||
		!strings.Contains(table.String(), "7 passed, 1 failed, 0 not applicable") {
		t.Fatalf("table:\n%s", table.String())
	}
	ev, _ := os.ReadFile(r1.Evidence)
	if !bytes.Contains(ev, []byte(`"verdict": "FAIL"`)) || !bytes.Contains(ev, []byte("4033705")) {
		t.Fatalf("scenario 1 evidence does not record the failure:\n%s", ev)
	}
}

func TestUATTopUpFailureAndDependentStatus(t *testing.T) {
	e := newUATEnv(t, 5_000_000)
	// Scenario 3's top up gets no answer it can read: outcome unknown; the
	// top up is not repeated, and scenario 5 still asks its status.
	e.sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{HTTPStatus: http.StatusBadGateway, Code: "5003802", ApplyFirst: true})
	rep, err := e.runner(t.TempDir()).Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi}))
	if err != nil {
		t.Fatal(err)
	}
	r3, r5 := rep.Results[2], rep.Results[4]
	if r3.Verdict != Fail || !strings.Contains(r3.Reason, "expected responseCode 2003800, got 5003802") || !strings.Contains(r3.Reason, "scenario 5 asks its status") {
		t.Fatalf("scenario 3: %s %q", r3.Verdict, r3.Reason)
	}
	if r5.Verdict != Pass {
		t.Fatalf("scenario 5 (status of the applied top up): %s %q", r5.Verdict, r5.Reason)
	}
}

func TestUATStatusNegativeAccepts404(t *testing.T) {
	e := newUATEnv(t, 5_000_000)
	r := e.runner(t.TempDir())
	r.Progress = func(res Result) {
		if res.Scenario.Number == 5 { // the next status call is scenario 6's
			e.sim.InjectFault(ovosim.OpStatus, ovosim.Fault{Code: "4043901"})
		}
	}
	rep, err := r.Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi}))
	if err != nil {
		t.Fatal(err)
	}
	r6 := rep.Results[5]
	if r6.Verdict != Pass || !strings.HasPrefix(r6.Got, "4043901") || !strings.Contains(strings.Join(r6.Notes, "\n"), "refused the unknown reference with 4043901") {
		t.Fatalf("scenario 6: %s got %q notes %q", r6.Verdict, r6.Got, r6.Notes)
	}
}

func TestUATDepositAboveMaximumIsNotApplicable(t *testing.T) {
	e := newUATEnv(t, 50_000_000)
	rep, err := e.runner(t.TempDir()).Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi}))
	if err != nil {
		t.Fatal(err)
	}
	r8 := rep.Results[7]
	if r8.Verdict != NotApplicable || !strings.Contains(r8.Reason, "the deposit (Rp49.990.000) is above the per-transaction maximum (Rp10.000.000)") {
		t.Fatalf("scenario 8: %s %q", r8.Verdict, r8.Reason)
	}
	if !rep.OK() {
		t.Fatal("N/A counted as a failure")
	}
	pass, fail, na := rep.Counts()
	if pass != 7 || fail != 0 || na != 1 {
		t.Fatalf("counts %d/%d/%d", pass, fail, na)
	}
	if e.sim.Deposit() != 49_990_000 {
		t.Fatalf("deposit %d: the N/A scenario moved money", e.sim.Deposit())
	}
}

func TestUATTokenRefusedSaysSo(t *testing.T) {
	e := newUATEnv(t, 5_000_000)
	e.sim.InjectFault(ovosim.OpToken, ovosim.Fault{Code: "4017300", Message: "Unauthorized. [Signature]", Times: 100})
	rep, err := e.runner(t.TempDir()).Run(context.Background(), Scenarios(Params{Phone: ovosim.NumberBudi}))
	if err != nil {
		t.Fatal(err)
	}
	if r1 := rep.Results[0]; r1.Verdict != Fail || r1.Reason != "expected responseCode 2003700, got access-token call: 4017300 Unauthorized. [Signature]" {
		t.Fatalf("scenario 1: %s %q", r1.Verdict, r1.Reason)
	}
	if r3 := rep.Results[2]; !strings.HasPrefix(r3.Reason, "no top up was sent: ") {
		t.Fatalf("scenario 3: %q", r3.Reason)
	}
	if r5 := rep.Results[4]; r5.Reason != "scenario 3 sent no top up, so there is no reference to ask the status of" {
		t.Fatalf("scenario 5: %q", r5.Reason)
	}
	var table bytes.Buffer
	rep.WriteTable(&table)
	if !strings.Contains(table.String(), "hint: the access-token (B2B) call failed") || !strings.Contains(table.String(), "0 passed, 8 failed") {
		t.Fatalf("table:\n%s", table.String())
	}
}

func TestRedactionByValue(t *testing.T) {
	const token = `tok<en>"with\escapes&more`
	rec := NewRecorder(testSecret)
	body, _ := json.Marshal(ovoclient.TokenResponse{Envelope: ovoclient.Envelope{ResponseCode: "2007300"}, AccessToken: token, ExpiresIn: "900"})
	rec.Trace(ovoclient.Exchange{Op: "token", Method: "POST", URL: "https://x/t", RequestHeader: http.Header{"X-Signature": {"rsa-signature-value"}},
		ResponseBody: body, Status: 200})
	// A later exchange leaks the token and the secret where no header name
	// says so: a body field, an echoed header, the string to sign.
	rec.Trace(ovoclient.Exchange{Op: "inquiry", Method: "POST", URL: "https://x/i",
		RequestHeader:  http.Header{"Authorization": {"Bearer " + token}, "X-Signature": {"hmac-signature-value"}},
		RequestBody:    []byte(`{"note":"` + testSecret + `"}`),
		StringToSign:   "POST:/i:" + token + ":abc:ts",
		ResponseHeader: http.Header{"X-Echo": {token}, "X-Sig-Echo": {"hmac-signature-value"}},
		ResponseBody:   []byte(`{"echo":` + string(mustJSON(token)) + `}`), Status: 200})
	dir := t.TempDir()
	r := &Runner{Recorder: rec, OutDir: dir}
	var steps []step
	for _, ex := range rec.Take() {
		steps = append(steps, step{purpose: "test", ex: ex})
	}
	path := filepath.Join(dir, "x.json")
	if err := r.writeEvidence(path, Result{Scenario: Scenario{Number: 1}}, steps); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, v := range []string{token, string(mustJSON(token)), testSecret, string(mustJSON(testSecret)), "rsa-signature-value", "hmac-signature-value", "tok<en>", `tok\u003cen`} {
		if bytes.Contains(data, []byte(strings.Trim(v, `"`))) {
			t.Errorf("evidence still holds %q:\n%s", v, data)
		}
	}
	if !json.Valid(data) {
		t.Fatalf("redacted evidence is not JSON:\n%s", data)
	}
}

func mustJSON(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// The evidence says why an odd answer was not believed.
func TestAnswerTextOfOddAnswers(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&ovo.Error{Op: "topup", HTTPStatus: 200, Code: "2003800", Message: "Successful", Unknown: true,
			Err: errors.New("success answer without referenceNo")}, "2003800 Successful (success answer without referenceNo) (outcome unknown)"},
		{&ovo.Error{Op: "topup", HTTPStatus: 200, Code: "4033802", Message: "Exceeds Transaction Amount Limit", Unknown: true},
			"4033802 Exceeds Transaction Amount Limit under HTTP 200 (outcome unknown)"},
		{&ovo.Error{Op: "topup", HTTPStatus: 403, Code: "4033802", Message: "Exceeds Transaction Amount Limit"},
			"4033802 Exceeds Transaction Amount Limit"},
	} {
		if _, got := answer(tc.err); got != tc.want {
			t.Errorf("answer = %q, want %q", got, tc.want)
		}
	}
}
