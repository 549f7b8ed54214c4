package ovosim

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// SNAP.md's fixtures.
const (
	testClientID = "962489e9-de5d-4eb7-92a4-b07d44d64bf4"
	testSecret   = "xS3vNQQgJRemFF0SZfXkZOq3r7kQ9n5YJgK4Wg0tVCQ="
	fixtureToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiJhOGQ2YmVkNS05MzdkLTQzZTUtYTlkMi1hYWY0ODFlZjc2YTIiLCJjbGllbnRJZCI6IjZhZTk1N2M0LTI4NjMtNDcxMy1hY2NlLWJhMTJkZTYzNmNmYyIsIm5iZiI6MTYxMTM4NjM4NywiZXhwIjoxNjExMzg3Mjg3LCJpYXQiOjE2MTEzODYzODd9.nUillb6567_zkM6Ys35OOG-YWGoo7Ik1odPJn1tR-ao"
)

var (
	keyOnce  sync.Once
	testKey  *rsa.PrivateKey
	otherKey *rsa.PrivateKey
)

// keys returns the SNAP.md vector key and another, unrelated key.
func keys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keyOnce.Do(func() {
		b, err := os.ReadFile("../testdata/snap-vector-key.pem")
		if err != nil {
			panic(err)
		}
		if testKey, err = ovoclient.ParsePrivateKeyPEM(b); err != nil {
			panic(err)
		}
		if otherKey, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
			panic(err)
		}
	})
	return testKey, otherKey
}

// clock is an injectable, advanceable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 11, 23, 19, 5, 0, 123_000_000, ovo.Jakarta)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness is a sandbox with a token, and helpers to send raw requests.
type harness struct {
	t     testing.TB
	sim   *Sim
	clock *clock
	key   *rsa.PrivateKey
	token string
	ext   atomic.Int64
}

func newHarness(t testing.TB, mod func(*Config)) *harness {
	t.Helper()
	key, _ := keys(t)
	h := &harness{t: t, clock: newClock(), key: key}
	h.start(mod)
	return h
}

// start points h at a new sandbox on h's clock (at a restart: on the same
// state file), with a new token.
func (h *harness) start(mod func(*Config)) {
	h.t.Helper()
	cfg := Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &h.key.PublicKey, Now: h.clock.Now}
	if mod != nil {
		mod(&cfg)
	}
	sim, err := New(cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { sim.Close() })
	h.sim = sim
	h.token = h.newToken()
}

// newToken fetches a token the honest way.
func (h *harness) newToken() string {
	h.t.Helper()
	res := h.send(h.tokenCall())
	if res.code != "2007300" {
		h.t.Fatalf("token: %d %s %s", res.status, res.code, res.msg)
	}
	return res.json["accessToken"].(string)
}

// call describes one raw request. Zero fields get honest defaults.
type call struct {
	method, path string
	body         string
	signBody     *string // sign this body instead of the one sent
	target       string  // request target sent (default path)
	signTarget   string  // target signed (default target)
	ts           string  // X-TIMESTAMP (default the clock's now)
	token        *string // default the harness token
	secret       string  // default testSecret
	key          *rsa.PrivateKey
	clientID     string
	extID        string
	headers      map[string]string // set (or, with value "-", delete) after signing
}

// tokenCall is an honest token request.
func (h *harness) tokenCall() call {
	return call{method: http.MethodPost, path: ovoclient.PathToken, body: `{"grantType":"client_credentials"}`}
}

// api is an honest transactional request.
func (h *harness) api(path, body string) call {
	method := http.MethodPost
	if path == ovoclient.PathBalance {
		method = http.MethodGet
	}
	return call{method: method, path: path, body: body}
}

func (h *harness) nextExtID() string {
	return "20261123" + strconv.FormatInt(1_000_000+h.ext.Add(1), 10)
}

// request builds the *http.Request of c.
func (h *harness) request(c call) *http.Request {
	h.t.Helper()
	if c.target == "" {
		c.target = c.path
	}
	if c.signTarget == "" {
		c.signTarget = c.target
	}
	if c.ts == "" {
		c.ts = ovoclient.FormatTimestamp(h.clock.Now())
	}
	if c.clientID == "" {
		c.clientID = testClientID
	}
	var rd *bytes.Reader
	if c.body != "" {
		rd = bytes.NewReader([]byte(c.body))
	} else {
		rd = bytes.NewReader(nil)
	}
	r := httptest.NewRequest(c.method, c.target, rd)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(ovoclient.HeaderTimestamp, c.ts)
	if c.path == ovoclient.PathToken {
		key := c.key
		if key == nil {
			key = h.key
		}
		sig, err := ovoclient.SignAsymmetric(key, c.clientID, c.ts)
		if err != nil {
			h.t.Fatal(err)
		}
		r.Header.Set(ovoclient.HeaderClientKey, c.clientID)
		r.Header.Set(ovoclient.HeaderSignature, sig)
	} else {
		tok := h.token
		if c.token != nil {
			tok = *c.token
		}
		secret := c.secret
		if secret == "" {
			secret = testSecret
		}
		signed := c.body
		if c.signBody != nil {
			signed = *c.signBody
		}
		if c.extID == "" {
			c.extID = h.nextExtID()
		}
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set(ovoclient.HeaderSignature, ovoclient.SignSymmetric([]byte(secret), c.method, c.signTarget, tok, []byte(signed), c.ts))
		r.Header.Set(ovoclient.HeaderPartnerID, c.clientID)
		r.Header.Set(ovoclient.HeaderExternalID, c.extID)
		r.Header.Set(ovoclient.HeaderChannelID, "95221")
	}
	for k, v := range c.headers {
		if v == "-" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	return r
}

// result is a decoded answer.
type result struct {
	status    int
	code, msg string
	json      map[string]any
	raw       []byte
}

// send serves c and checks the invariants every answer keeps.
func (h *harness) send(c call) result {
	h.t.Helper()
	return h.serve(h.request(c))
}

func (h *harness) serve(r *http.Request) result {
	h.t.Helper()
	w := httptest.NewRecorder()
	h.sim.ServeHTTP(w, r)
	res := result{status: w.Code, raw: w.Body.Bytes()}
	checkAnswer(h.t, w.Code, w.Header(), res.raw)
	json.Unmarshal(res.raw, &res.json)
	res.code, _ = res.json["responseCode"].(string)
	res.msg, _ = res.json["responseMessage"].(string)
	return res
}

// checkAnswer asserts a SNAP JSON answer whose code agrees with the status.
func checkAnswer(t testing.TB, status int, hdr http.Header, body []byte) {
	t.Helper()
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q, body %s", ct, body)
	}
	var env ovoclient.Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("answer is not JSON: %v: %q", err, body)
	}
	c, ok := ovo.ParseCode(env.ResponseCode)
	if !ok || c.HTTPStatus != status {
		t.Fatalf("HTTP %d with responseCode %q", status, env.ResponseCode)
	}
	if env.ResponseMessage == "" || len(env.ResponseMessage) > 150 {
		t.Fatalf("responseMessage %q", env.ResponseMessage)
	}
}

// expect fails unless res has code (and msg, when given).
func expect(t testing.TB, res result, code, msg string) {
	t.Helper()
	if res.code != code || (msg != "" && res.msg != msg) {
		t.Fatalf("got %d %s %q, want %s %q; body %s", res.status, res.code, res.msg, code, msg, res.raw)
	}
}

func ptr[T any](v T) *T { return &v }

// Bodies.

func inquiryBody(phone string, amount int64) string {
	return mustJSON(ovoclient.InquiryRequest{PartnerReferenceNo: "INQ-1", CustomerNumber: phone, Amount: ovoclient.IDR(amount),
		TransactionDate: "2026-11-23T19:05:00.123+07:00"})
}

func topUpBody(ref, phone string, amount, fee int64, session string) string {
	return mustJSON(ovoclient.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: phone, CustomerName: "x",
		Amount: ovoclient.IDR(amount), FeeAmount: ovoclient.IDR(fee), TransactionDate: "2026-11-23T19:05:00.123+07:00", SessionID: session})
}

func statusBody(ref string) string {
	return mustJSON(ovoclient.StatusRequest{OriginalPartnerReferenceNo: ref, ServiceCode: "38"})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// topUp sends an honest top up with the default fee.
func (h *harness) topUp(ref, phone string, amount int64) result {
	h.t.Helper()
	return h.send(h.api(ovoclient.PathTopUp, topUpBody(ref, phone, amount, DefaultFee, "")))
}

// status asks the latestTransactionStatus of ref.
func (h *harness) status(ref string) string {
	h.t.Helper()
	res := h.send(h.api(ovoclient.PathTopUpStatus, statusBody(ref)))
	expect(h.t, res, "2003900", "Successful")
	return res.json["latestTransactionStatus"].(string)
}
