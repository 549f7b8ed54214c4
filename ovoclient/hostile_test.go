package ovoclient_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// thief is a host that must never hear from the client.
func thief(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"THIEF","partnerReferenceNo":"`+r.Header.Get("X-Ref")+`"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// redirectingProxy stands in front of the sandbox and answers the paths
// in redirect with that status and a Location on the thief; the rest it
// passes through.
func redirectingProxy(t *testing.T, sandbox, thiefURL string, status int, redirect ...string) string {
	target, _ := url.Parse(sandbox)
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range redirect {
			if r.URL.Path == p {
				http.Redirect(w, r, thiefURL+r.URL.Path, status)
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// The client never follows a redirect: a top up answered with a 3xx is an
// unknown outcome (settled by status), a read is a plain error, and the host
// the redirect names receives nothing — not the body, not the signature,
// not the token. Also with an http.Client of the caller's.
func TestRedirectIsNeverFollowed(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, own := range []bool{false, true} {
			t.Run(strconv.Itoa(status)+map[bool]string{false: "", true: "/caller's client"}[own], func(t *testing.T) {
				th, hits := thief(t)
				sim := newPair(t, nil, nil)
				proxy := redirectingProxy(t, sim.url, th.URL, status, ovoclient.PathTopUp, ovoclient.PathBalance, ovoclient.PathTopUpStatus)
				key := vectorKey(t)
				cfg := ovoclient.Config{BaseURL: proxy, ClientID: "cid", ClientSecret: "secret", PrivateKey: key, Timeout: 2 * time.Second}
				var callers *http.Client
				if own {
					callers = &http.Client{}
					cfg.HTTPClient = callers
				}
				c, err := ovoclient.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.TopUp(ctx, topUp("RD-1", "081234567890", 20_000, 1_000))
				e, ok := ovo.AsError(err)
				if !ok || !e.Unknown || e.HTTPStatus != status || e.Reason != ovo.ReasonBadResponse {
					t.Fatalf("top up through a %d: %v, want an unknown outcome", status, err)
				}
				if _, err := c.Balance(ctx); err == nil || ovo.IsUnknownOutcome(err) {
					t.Fatalf("balance through a %d: %v, want a plain error", status, err)
				}
				if _, err := c.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: "RD-1"}); err == nil || ovo.IsUnknownOutcome(err) {
					t.Fatalf("status through a %d: %v, want a plain error", status, err)
				}
				if n := hits.Load(); n != 0 {
					t.Fatalf("the redirect target received %d requests", n)
				}
				if sim.sim.Applied("RD-1") != 0 {
					t.Fatal("the sandbox applied a top up it never received")
				}
				if own && callers.CheckRedirect != nil {
					t.Fatal("the caller's http.Client was changed")
				}
			})
		}
	}
	// The token call too: its signature never goes to another host.
	th, hits := thief(t)
	sim := newPair(t, nil, nil)
	proxy := redirectingProxy(t, sim.url, th.URL, http.StatusTemporaryRedirect, ovoclient.PathToken)
	c, err := ovoclient.New(ovoclient.Config{BaseURL: proxy, ClientID: "cid", ClientSecret: "secret", PrivateKey: vectorKey(t), Timeout: 2 * time.Second, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.TopUp(ctx, topUp("RD-T", "081234567890", 20_000, 1_000))
	if err == nil || ovo.IsUnknownOutcome(err) || hits.Load() != 0 {
		t.Fatalf("token through a redirect: %v (unknown %v), thief hits %d; want a definite failure and no hits", err, ovo.IsUnknownOutcome(err), hits.Load())
	}
}

// mangle is a proxy in front of the sandbox that rewrites answers.
type mangle struct {
	mu sync.Mutex
	// fn gets the request path, the HTTP status and the decoded answer and
	// returns the status to send (the map may be changed in place).
	fn func(path string, status int, body map[string]any) int
}

func manglingProxy(t *testing.T, sandbox string, m *mangle) string {
	target, _ := url.Parse(sandbox)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var body map[string]any
		if json.Unmarshal(data, &body) == nil {
			m.mu.Lock()
			fn := m.fn
			m.mu.Unlock()
			if fn != nil {
				resp.StatusCode = fn(resp.Request.URL.Path, resp.StatusCode, body)
				data, _ = json.Marshal(body)
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(data))
		resp.ContentLength = int64(len(data))
		resp.Header.Set("Content-Length", strconv.Itoa(len(data)))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (m *mangle) set(fn func(path string, status int, body map[string]any) int) {
	m.mu.Lock()
	m.fn = fn
	m.mu.Unlock()
}

// Odd answers are not believed: a success without referenceNo, a refusal
// code under HTTP 200, a success code under 500 are all unknown outcomes of
// a top up, which the sandbox's status then settles. Amount-like and limit
// fields are read whether they come as strings or numbers.
func TestManglingProxy(t *testing.T) {
	sim := newPair(t, nil, nil)
	m := &mangle{}
	proxy := manglingProxy(t, sim.url, m)
	c, err := ovoclient.New(ovoclient.Config{BaseURL: proxy, ClientID: "cid", ClientSecret: "secret", PrivateKey: vectorKey(t), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	onTopUp := func(f func(status int, body map[string]any) int) {
		m.set(func(path string, status int, body map[string]any) int {
			if path != ovoclient.PathTopUp {
				return status
			}
			return f(status, body)
		})
	}
	cases := []struct {
		name    string
		phone   string
		mangle  func(status int, body map[string]any) int
		code    string
		applied bool // what the sandbox really did, as status then says
	}{
		{"success without referenceNo", "081234567890", func(s int, b map[string]any) int { delete(b, "referenceNo"); return s }, "2003800", true},
		{"success with empty referenceNo", "081234567890", func(s int, b map[string]any) int { b["referenceNo"] = " "; return s }, "2003800", true},
		{"refusal code under HTTP 200", "081100000404", func(s int, b map[string]any) int { return http.StatusOK }, "4043811", false},
		{"success code under HTTP 500", "081234567890", func(s int, b map[string]any) int { return http.StatusInternalServerError }, "2003800", true},
		{"success code under HTTP 201", "081234567890", func(s int, b map[string]any) int { return http.StatusCreated }, "2003800", true},
		{"refusal code under another refusal", "081100000404", func(s int, b map[string]any) int { return http.StatusForbidden }, "4043811", false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref := "MG-" + strconv.Itoa(i)
			onTopUp(tc.mangle)
			res, err := c.TopUp(ctx, topUp(ref, tc.phone, 20_000, 1_000))
			m.set(nil)
			e, ok := ovo.AsError(err)
			if !ok || !e.Unknown || e.Code != tc.code {
				t.Fatalf("got %+v, %v; want an unknown outcome with code %s", res, err, tc.code)
			}
			if e.Reason != ovo.ReasonBadResponse {
				t.Fatalf("reason %s: must not read as a success or a refusal", e.Reason)
			}
			st, err := c.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: ref})
			if err != nil {
				t.Fatal(err)
			}
			if got := st.LatestTransactionStatus == ovo.StatusSuccess; got != tc.applied {
				t.Fatalf("status %s, applied %v", st.LatestTransactionStatus, tc.applied)
			}
		})
	}

	// Numbers where SNAP has strings.
	m.set(func(path string, status int, body map[string]any) int {
		switch path {
		case ovoclient.PathToken:
			body["expiresIn"] = 900
		case ovoclient.PathInquiry:
			body["customerMonthlyInLimit"] = map[string]any{"value": 19950000, "currency": "IDR"}
			body["feeAmount"] = map[string]any{"value": json.Number("1000.00"), "currency": "IDR"}
			body["maxAmount"] = json.Number("10000000")
		}
		return status
	})
	c2, err := ovoclient.New(ovoclient.Config{BaseURL: proxy, ClientID: "cid", ClientSecret: "secret", PrivateKey: vectorKey(t), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	inq, err := c2.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: "081234567890", Amount: ovoclient.IDR(20_000)})
	if err != nil {
		t.Fatalf("inquiry with numbers: %v", err)
	}
	if inq.CustomerMonthlyInLimit.Value != 19_950_000 || inq.FeeAmount.Value != 1_000 || inq.MaxAmount.Value != 10_000_000 {
		t.Fatalf("inquiry read %+v %+v %+v", inq.CustomerMonthlyInLimit, inq.FeeAmount, inq.MaxAmount)
	}
	// A status about another reference is not believed.
	m.set(func(path string, status int, body map[string]any) int {
		if path == ovoclient.PathTopUpStatus {
			body["originalPartnerReferenceNo"] = "SOMEONE-ELSE"
		}
		return status
	})
	if _, err := c2.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: "MG-0"}); err == nil {
		t.Fatal("a status about another reference was believed")
	}
}

// recorder is a proxy that keeps every request it passes to the sandbox.
type recorder struct {
	mu   sync.Mutex
	reqs []recordedReq
}

type recordedReq struct {
	method, path string
	header       http.Header
	body         []byte
}

func recordingProxy(t *testing.T, sandbox string, rec *recorder) string {
	target, _ := url.Parse(sandbox)
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recordedReq{r.Method, r.URL.Path, r.Header.Clone(), b})
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// What the client sends is SNAP to the letter: Content-Type on every call
// (the GET included), bodies without HTML escaping and signed over exactly
// the bytes sent, transactionDate in its 25-character form.
func TestRequestsAsSent(t *testing.T) {
	sim := newPair(t, nil, nil)
	rec := &recorder{}
	proxy := recordingProxy(t, sim.url, rec)
	c, err := ovoclient.New(ovoclient.Config{BaseURL: proxy, ClientID: "cid", ClientSecret: "secret", PrivateKey: vectorKey(t), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balance(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: "081234567890", Amount: ovoclient.IDR(20_000)}); err != nil {
		t.Fatal(err)
	}
	req := topUp("AS-1", "081234567890", 20_000, 1_000)
	req.CustomerName = "Dewi Lestari & Putra <Toko>"
	if _, err := c.TopUp(ctx, req); err != nil {
		t.Fatalf("top up with & in the name: %v", err)
	}
	if _, err := c.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: "AS-1"}); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) != 5 {
		t.Fatalf("%d requests", len(rec.reqs))
	}
	for _, r := range rec.reqs {
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s: Content-Type %q", r.method, r.path, ct)
		}
		if bytes.Contains(r.body, []byte(`\u00`)) || bytes.HasSuffix(r.body, []byte("\n")) || !bytes.Equal(ovoclient.Minify(r.body), r.body) {
			t.Errorf("%s %s: body %q is not minified JSON without escapes", r.method, r.path, r.body)
		}
		var b struct {
			TransactionDate *string `json:"transactionDate"`
		}
		if json.Unmarshal(r.body, &b) == nil && b.TransactionDate != nil {
			if len(*b.TransactionDate) != 25 || !strings.HasSuffix(*b.TransactionDate, "+07:00") {
				t.Errorf("%s: transactionDate %q, want the 25-character form", r.path, *b.TransactionDate)
			}
		}
		if r.path == ovoclient.PathToken {
			continue
		}
		// The signature is over the very bytes that arrived.
		tok := strings.TrimPrefix(r.header.Get("Authorization"), "Bearer ")
		if err := ovoclient.VerifySymmetric([]byte("secret"), r.method, r.path, tok, r.body, r.header.Get(ovoclient.HeaderTimestamp), r.header.Get(ovoclient.HeaderSignature)); err != nil {
			t.Errorf("%s %s: %v", r.method, r.path, err)
		}
	}
	if !bytes.Contains(rec.reqs[3].body, []byte(`"customerName":"Dewi Lestari & Putra <Toko>"`)) {
		t.Errorf("top up body %s", rec.reqs[3].body)
	}
}

// countWarns counts Warn records whose message mentions the clock.
type countWarns struct{ n atomic.Int64 }

func (c *countWarns) Enabled(_ context.Context, l slog.Level) bool { return true }
func (c *countWarns) Handle(_ context.Context, r slog.Record) error {
	if r.Level == slog.LevelWarn && strings.Contains(r.Message, "clock") {
		c.n.Add(1)
	}
	return nil
}
func (c *countWarns) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *countWarns) WithGroup(string) slog.Handler      { return c }

// The client measures its clock against OVO's Date header and warns (once
// per change) beyond MaxClockSkew.
func TestClockSkew(t *testing.T) {
	for _, tc := range []struct {
		simAhead time.Duration
		bad      bool
	}{{0, false}, {45 * time.Second, false}, {2 * time.Minute, true}, {-2 * time.Minute, true}} {
		var warns countWarns
		p := newPair(t, func(c *ovosim.Config) { c.Now = func() time.Time { return time.Now().Add(tc.simAhead) } },
			func(c *ovoclient.Config) { c.Logger = slog.New(&warns) })
		if _, ok := p.client.ClockSkew(); ok {
			t.Fatal("a skew known before any answer")
		}
		for range 2 {
			if _, err := p.client.Balance(ctx); err != nil {
				t.Fatal(err)
			}
		}
		d, ok := p.client.ClockSkew()
		if !ok || (d+tc.simAhead).Abs() > 2*time.Second {
			t.Fatalf("sandbox %v ahead: skew %v (%v)", tc.simAhead, d, ok)
		}
		if p.client.ClockSkewed() != tc.bad || (warns.n.Load() == 1) != tc.bad {
			t.Fatalf("sandbox %v ahead: skewed %v, %d warnings; want %v", tc.simAhead, p.client.ClockSkewed(), warns.n.Load(), tc.bad)
		}
	}
}
