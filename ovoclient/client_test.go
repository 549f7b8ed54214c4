package ovoclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// fakeOVO is a scriptable SNAP peer for the client's own behaviour (token
// sharing, refresh, retries). The behaviour against a faithful OVO is tested
// with the sandbox in sandbox_test.go.
type fakeOVO struct {
	t        *testing.T
	secret   string
	tokenTTL string
	tokens   atomic.Int64
	mu       sync.Mutex
	requests []recorded
	// answer decides the answer to a transactional call; nil → success.
	answer func(r recorded, n int) (status int, body string)
	delay  time.Duration
}

type recorded struct {
	path, extID, token, ts string
	body                   []byte
}

func (f *fakeOVO) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.URL.Path == PathToken {
		n := f.tokens.Add(1)
		if f.delay > 0 {
			time.Sleep(f.delay)
		}
		fmt.Fprintf(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok%d","tokenType":"Bearer","expiresIn":%q}`, n, f.tokenTTL)
		return
	}
	tok := r.Header.Get("Authorization")[len("Bearer "):]
	rec := recorded{path: r.URL.Path, extID: r.Header.Get(HeaderExternalID), token: tok, ts: r.Header.Get(HeaderTimestamp), body: body}
	if err := VerifySymmetric([]byte(f.secret), r.Method, r.URL.Path, tok, body, rec.ts, r.Header.Get(HeaderSignature)); err != nil {
		f.t.Errorf("signature of %s does not verify: %v", r.URL.Path, err)
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	n := len(f.requests)
	f.mu.Unlock()
	if f.answer != nil {
		if status, b := f.answer(rec, n); status != 0 {
			w.WriteHeader(status)
			io.WriteString(w, b)
			return
		}
	}
	switch r.URL.Path {
	case PathInquiry:
		io.WriteString(w, `{"responseCode":"2003700","responseMessage":"Successful","customerNumber":"081234567890","customerName":"Budi Santoso","feeAmount":{"value":"1000.00","currency":"IDR"}}`)
	case PathTopUp:
		var req TopUpRequest
		json.Unmarshal(body, &req)
		fmt.Fprintf(w, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"OVO1","partnerReferenceNo":%q}`, req.PartnerReferenceNo)
	case PathBalance:
		io.WriteString(w, `{"responseCode":"2001100","responseMessage":"Successful","accountInfos":[{"balanceType":"DEPOSIT","availableBalance":{"value":"5000000.00","currency":"IDR"}}]}`)
	default:
		w.WriteHeader(404)
	}
}

func (f *fakeOVO) recorded() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newFake(t *testing.T, f *fakeOVO, mod func(*Config)) *Client {
	t.Helper()
	f.t, f.secret = t, "s3cret"
	if f.tokenTTL == "" {
		f.tokenTTL = "900"
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL, ClientID: "cid", ClientSecret: f.secret, PrivateKey: loadVectorKey(t), Timeout: 2 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func topUpReq(ref string) TopUpRequest {
	return TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: "081234567890", CustomerName: "Budi Santoso", Amount: IDR(50000), FeeAmount: IDR(1000)}
}

func TestConcurrentCallersShareOneToken(t *testing.T) {
	f := &fakeOVO{delay: 50 * time.Millisecond}
	c := newFake(t, f, nil)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Inquiry(context.Background(), InquiryRequest{CustomerNumber: "081234567890", Amount: IDR(10000)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := f.tokens.Load(); n != 1 {
		t.Fatalf("%d token fetches for 20 concurrent calls, want 1", n)
	}
	ids := map[string]bool{}
	ts := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$`)
	for _, r := range f.recorded() {
		if ids[r.extID] {
			t.Fatalf("X-EXTERNAL-ID %s repeated", r.extID)
		}
		ids[r.extID] = true
		if !ts.MatchString(r.ts) {
			t.Fatalf("X-TIMESTAMP %q is not Jakarta time with milliseconds", r.ts)
		}
	}
}

func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	f := &fakeOVO{}
	c := newFake(t, f, func(cfg *Config) { cfg.Now = clk.Now })
	ctx := context.Background()
	tok1, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(800 * time.Second) // 100 s left: still outside the 60 s margin
	if tok, _ := c.Token(ctx); tok != tok1 {
		t.Fatalf("token replaced with %s while still valid", tok)
	}
	clk.Advance(50 * time.Second) // 50 s left: inside the margin
	tok2, _ := c.Token(ctx)
	if tok2 == tok1 || f.tokens.Load() != 2 {
		t.Fatalf("token not refreshed inside the margin (%s, %d fetches)", tok2, f.tokens.Load())
	}
}

func TestInvalidTokenRefreshesOnceAndRepeatsSameReference(t *testing.T) {
	f := &fakeOVO{}
	f.answer = func(r recorded, n int) (int, string) {
		if r.token == "tok1" {
			return 401, `{"responseCode":"4013801","responseMessage":"Invalid Token (B2B)"}`
		}
		return 0, ""
	}
	c := newFake(t, f, nil)
	res, err := c.TopUp(context.Background(), topUpReq("REF1"), WithExternalID("12345"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.recorded()
	if len(reqs) != 2 || f.tokens.Load() != 2 {
		t.Fatalf("%d requests, %d tokens; want 2 and 2", len(reqs), f.tokens.Load())
	}
	var a, b TopUpRequest
	json.Unmarshal(reqs[0].body, &a)
	json.Unmarshal(reqs[1].body, &b)
	if a.PartnerReferenceNo != "REF1" || b.PartnerReferenceNo != "REF1" {
		t.Fatalf("references %s, %s", a.PartnerReferenceNo, b.PartnerReferenceNo)
	}
	if reqs[0].extID != "12345" || reqs[1].extID == "12345" || res.ExternalID != reqs[1].extID {
		t.Fatalf("external ids %s, %s (result %s)", reqs[0].extID, reqs[1].extID, res.ExternalID)
	}

	// A second refusal is returned, not looped on.
	f2 := &fakeOVO{answer: func(recorded, int) (int, string) {
		return 401, `{"responseCode":"4013801","responseMessage":"Invalid Token (B2B)"}`
	}}
	c2 := newFake(t, f2, nil)
	_, err = c2.TopUp(context.Background(), topUpReq("REF2"))
	if e, ok := ovo.AsError(err); !ok || e.Reason != ovo.ReasonInvalidToken || e.Unknown {
		t.Fatalf("err = %v", err)
	}
	if n := len(f2.recorded()); n != 2 {
		t.Fatalf("%d top up attempts, want 2", n)
	}
}

func TestTopUpIsNeverRetried(t *testing.T) {
	tests := []struct {
		name   string
		answer func(recorded, int) (int, string)
		reason ovo.Reason
	}{
		{"500", func(recorded, int) (int, string) {
			return 500, `{"responseCode":"5003801","responseMessage":"Internal Server Error"}`
		}, ovo.ReasonInternalError},
		{"202", func(recorded, int) (int, string) {
			return 202, `{"responseCode":"2023800","responseMessage":"Request In Progress"}`
		}, ovo.ReasonInProgress},
		{"409xx01", func(recorded, int) (int, string) {
			return 409, `{"responseCode":"4093801","responseMessage":"Duplicate partnerReferenceNo"}`
		}, ovo.ReasonDuplicateReference},
		{"garbage", func(recorded, int) (int, string) { return 200, `<html>` }, ovo.ReasonBadResponse},
		{"wrong reference echoed", func(recorded, int) (int, string) {
			return 200, `{"responseCode":"2003800","responseMessage":"Successful","partnerReferenceNo":"OTHER"}`
		}, ovo.ReasonBadResponse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeOVO{answer: tc.answer}
			c := newFake(t, f, nil)
			_, err := c.TopUp(context.Background(), topUpReq("REF"))
			e, ok := ovo.AsError(err)
			if !ok || !e.Unknown || e.Reason != tc.reason || e.ExternalID == "" {
				t.Fatalf("err = %#v", err)
			}
			if !ovo.IsUnknownOutcome(err) {
				t.Fatal("IsUnknownOutcome false")
			}
			if n := len(f.recorded()); n != 1 {
				t.Fatalf("%d top up attempts, want exactly 1", n)
			}
		})
	}
}

func TestTopUpTimeoutIsUnknown(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	f := &fakeOVO{answer: func(r recorded, n int) (int, string) { <-block; return 0, "" }}
	c := newFake(t, f, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })
	// The token first, so that a slow machine (-race) spends the top up's
	// 100 ms on the top up itself.
	if _, err := c.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.TopUp(context.Background(), topUpReq("REF"))
	if e, ok := ovo.AsError(err); !ok || !e.Unknown || e.Reason != ovo.ReasonTimeout {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.recorded()); n != 1 {
		t.Fatalf("%d attempts", n)
	}
}

func TestDefiniteRefusalIsDefinite(t *testing.T) {
	f := &fakeOVO{answer: func(recorded, int) (int, string) {
		return 403, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`
	}}
	c := newFake(t, f, nil)
	_, err := c.TopUp(context.Background(), topUpReq("REF"))
	e, ok := ovo.AsError(err)
	if !ok || e.Unknown || !e.Definite() || e.Reason != ovo.ReasonAmountLimit || e.HTTPStatus != 403 || e.Code != "4033802" {
		t.Fatalf("err = %#v", err)
	}
	if e.OperatorText() != "The amount is above OVO's per-transaction limit. (4033802 Exceeds Transaction Amount Limit)" {
		t.Fatalf("operator text %q", e.OperatorText())
	}
}

func TestReadOnlyCallsAreRetried(t *testing.T) {
	f := &fakeOVO{answer: func(r recorded, n int) (int, string) {
		if n < 3 {
			return 503, `{"responseCode":"5033700","responseMessage":"busy"}`
		}
		return 0, ""
	}}
	c := newFake(t, f, nil)
	res, err := c.Inquiry(context.Background(), InquiryRequest{CustomerNumber: "081234567890", Amount: IDR(10000)})
	if err != nil || res.CustomerName != "Budi Santoso" {
		t.Fatalf("inquiry after two 503s: %v", err)
	}
	reqs := f.recorded()
	if len(reqs) != 3 || reqs[0].extID == reqs[1].extID {
		t.Fatalf("%d attempts (want 3, each with its own external id)", len(reqs))
	}
	bal, err := c.Balance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := bal.Deposit(); d != 5000000 {
		t.Fatalf("deposit %d", d)
	}
}

func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	f := &fakeOVO{}
	c := newFake(t, f, nil)
	ctx := context.Background()
	for name, err := range map[string]error{
		"phone": func() error {
			_, err := c.TopUp(ctx, TopUpRequest{PartnerReferenceNo: "R", CustomerNumber: "0712", Amount: IDR(10000)})
			return err
		}(),
		"zero": func() error {
			_, err := c.TopUp(ctx, TopUpRequest{PartnerReferenceNo: "R", CustomerNumber: "081234567890"})
			return err
		}(),
		"negative": func() error {
			_, err := c.TopUp(ctx, TopUpRequest{PartnerReferenceNo: "R", CustomerNumber: "081234567890", Amount: IDR(-5)})
			return err
		}(),
		"fee": func() error {
			_, err := c.TopUp(ctx, TopUpRequest{PartnerReferenceNo: "R", CustomerNumber: "081234567890", Amount: IDR(10000), FeeAmount: IDR(-1)})
			return err
		}(),
		"reference": func() error { _, err := c.TopUp(ctx, topUpReq("")); return err }(),
		"inquiry": func() error {
			_, err := c.Inquiry(ctx, InquiryRequest{CustomerNumber: "0812", Amount: IDR(1)})
			return err
		}(),
		"status": func() error { _, err := c.TopUpStatus(ctx, StatusRequest{}); return err }(),
	} {
		if !errors.Is(err, ovo.ErrInvalidRequest) {
			t.Errorf("%s: %v, want ErrInvalidRequest", name, err)
		}
	}
	if n := len(f.recorded()); n != 0 || f.tokens.Load() != 0 {
		t.Fatalf("%d requests and %d token fetches were sent", n, f.tokens.Load())
	}
}

func TestConfigMissing(t *testing.T) {
	_, err := New(Config{BaseURL: "https://x"})
	if err == nil || err.Error() != "ovoclient: missing OVO_CLIENT_ID, OVO_CLIENT_SECRET, OVO_PRIVATE_KEY_FILE" {
		t.Fatalf("err = %v", err)
	}
	if _, err := New(Config{BaseURL: "ftp://x", ClientID: "a", ClientSecret: "b", PrivateKey: loadVectorKey(t)}); err == nil {
		t.Fatal("ftp base URL accepted")
	}
	if _, err := New(Config{BaseURL: "https://x", ClientID: "a", ClientSecret: "b", PrivateKey: loadVectorKey(t), ChannelID: "123456"}); err == nil {
		t.Fatal("6-character channel id accepted")
	}
}

func TestTraceSeesWholeExchanges(t *testing.T) {
	var mu sync.Mutex
	var seen []Exchange
	f := &fakeOVO{}
	c := newFake(t, f, func(cfg *Config) {
		cfg.Trace = func(ex Exchange) { mu.Lock(); seen = append(seen, ex); mu.Unlock() }
	})
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0].Op != "token" || seen[1].Op != "balance" {
		t.Fatalf("exchanges %+v", seen)
	}
	for _, ex := range seen {
		if ex.ResponseHeader.Get("Content-Type") == "" || len(ex.ResponseBody) == 0 || ex.StringToSign == "" || ex.Status != 200 {
			t.Fatalf("%s exchange incomplete: %+v", ex.Op, ex)
		}
	}
	if !strings.HasPrefix(seen[1].StringToSign, "GET:"+PathBalance+":tok1:e3b0c442") {
		t.Fatalf("string to sign %q", seen[1].StringToSign)
	}
}

// A read moves no money: once its retries are spent, its failure is a
// definite "OVO unavailable", never an unknown outcome.
func TestReadFailuresAreNeverUnknown(t *testing.T) {
	f := &fakeOVO{answer: func(recorded, int) (int, string) {
		return 503, `{"responseCode":"5033700","responseMessage":"busy"}`
	}}
	c := newFake(t, f, func(cfg *Config) { cfg.Retries = -1 })
	_, err := c.Inquiry(context.Background(), InquiryRequest{CustomerNumber: "081234567890", Amount: IDR(10000)})
	e, ok := ovo.AsError(err)
	if !ok || e.Unknown || e.Reason != ovo.ReasonUnavailable || e.Code != "5033700" || ovo.IsUnknownOutcome(err) {
		t.Fatalf("err = %#v", err)
	}
}

// A 2xx code that is not 2xx00 is no refusal: the outcome stays unknown.
func TestUnexpectedSuccessClassCodeIsUnknown(t *testing.T) {
	for _, body := range []string{
		`{"responseCode":"2003801","responseMessage":"Something"}`,
		`{"responseCode":"2013800","responseMessage":"Created"}`,
		`{"responseCode":"3023800","responseMessage":"Found"}`,
	} {
		f := &fakeOVO{answer: func(recorded, int) (int, string) { return 200, body }}
		c := newFake(t, f, nil)
		_, err := c.TopUp(context.Background(), topUpReq("R"))
		if !ovo.IsUnknownOutcome(err) {
			t.Errorf("%s: %v, want an unknown outcome", body, err)
		}
	}
}

// Timeout bounds a whole call, retries included.
func TestTimeoutBoundsTheWholeCall(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	f := &fakeOVO{answer: func(recorded, int) (int, string) { <-block; return 0, "" }}
	c := newFake(t, f, func(cfg *Config) { cfg.Timeout = 300 * time.Millisecond; cfg.Retries = 5 })
	start := time.Now()
	_, err := c.Balance(context.Background())
	if err == nil || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v; want a failure within about 300ms", err, time.Since(start))
	}
}

// With a base URL under a path prefix, the relative URL signed is the path
// as sent, prefix included.
func TestBaseURLPrefixIsSigned(t *testing.T) {
	f := &fakeOVO{}
	f.t, f.secret, f.tokenTTL = t, "s3cret", "900"
	mux := http.NewServeMux()
	var signedOK bool
	mux.HandleFunc("/gw/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gw"+PathToken {
			r.URL.Path = PathToken
			f.ServeHTTP(w, r)
			return
		}
		tok := r.Header.Get("Authorization")[len("Bearer "):]
		signedOK = VerifySymmetric([]byte("s3cret"), r.Method, r.URL.Path, tok, nil, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature)) == nil
		io.WriteString(w, `{"responseCode":"2001100","responseMessage":"Successful","accountInfos":[{"balanceType":"DEPOSIT","availableBalance":{"value":"1.00","currency":"IDR"}}]}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL + "/gw/", ClientID: "cid", ClientSecret: "s3cret", PrivateKey: loadVectorKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balance(context.Background()); err != nil || !signedOK {
		t.Fatalf("balance through a prefix: %v, signature over the sent path %v", err, signedOK)
	}
	if _, err := New(Config{BaseURL: "https://x/?a=b", ClientID: "a", ClientSecret: "b", PrivateKey: loadVectorKey(t)}); err == nil {
		t.Fatal("a base URL with a query was accepted")
	}
}
