package ovoclient_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// The client against the sandbox: every row of the customer book, every
// code the sandbox can produce, and every way a request can be wrong.

var ctx = context.Background()

func vectorKey(t testing.TB) *rsa.PrivateKey {
	b, err := os.ReadFile("testdata/snap-vector-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ovoclient.ParsePrivateKeyPEM(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type pair struct {
	sim    *ovosim.Sim
	client *ovoclient.Client
	url    string
}

func newPair(t *testing.T, simMod func(*ovosim.Config), cliMod func(*ovoclient.Config)) pair {
	t.Helper()
	key := vectorKey(t)
	scfg := ovosim.Config{ClientID: "cid", ClientSecret: "secret", PartnerPublicKey: &key.PublicKey, Deposit: 5_000_000, PendingFor: 200 * time.Millisecond}
	if simMod != nil {
		simMod(&scfg)
	}
	sim, err := ovosim.New(scfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	ccfg := ovoclient.Config{BaseURL: srv.URL, ClientID: "cid", ClientSecret: "secret", PrivateKey: key, Timeout: 2 * time.Second}
	if cliMod != nil {
		cliMod(&ccfg)
	}
	c, err := ovoclient.New(ccfg)
	if err != nil {
		t.Fatal(err)
	}
	return pair{sim, c, srv.URL}
}

func topUp(ref, phone string, amount, fee int64) ovoclient.TopUpRequest {
	return ovoclient.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: phone, Amount: ovoclient.IDR(amount), FeeAmount: ovoclient.IDR(fee)}
}

func wantCode(t *testing.T, err error, code string, unknown bool) {
	t.Helper()
	e, ok := ovo.AsError(err)
	if !ok {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	if e.Code != code || e.Unknown != unknown {
		t.Fatalf("err = %v (code %s unknown %v), want %s unknown %v", err, e.Code, e.Unknown, code, unknown)
	}
}

func TestCustomerBook(t *testing.T) {
	p := newPair(t, nil, nil)
	tests := []struct {
		phone             string
		name              string // "" = the inquiry is refused with inquiryCode
		inquiryCode       string
		topUpCode         string // "" = success
		topUpUnknown      bool
		statusAfter       string
		statusAfterSettle string // after PendingFor
	}{
		{"081234567890", "Budi Santoso", "", "", false, "00", "00"},
		{"081298765432", "Siti Rahayu", "", "", false, "00", "00"},
		{"081100000404", "", "4043711", "4043811", false, "06", "06"},
		{"081100000418", "", "4033718", "4033818", false, "06", "06"},
		{"081100000405", "", "4033705", "4033805", false, "06", "06"},
		{"081100000504", "Sandbox Timeout", "", "", true, "00", "00"},
		{"081100000500", "Sandbox Error", "", "5003801", true, "07", "07"},
		{"081100000202", "Sandbox Pending", "", "2023800", true, "03", "00"},
		{"081100000206", "Sandbox Pending Fail", "", "2023800", true, "03", "06"},
	}
	for i, tc := range tests {
		res, err := p.client.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: tc.phone, Amount: ovoclient.IDR(20_000)})
		if tc.name == "" {
			wantCode(t, err, tc.inquiryCode, false)
		} else if err != nil || res.CustomerName != tc.name || res.FeeAmount.Value != 1000 || res.MaxAmount.Value != 10_000_000 || res.MinAmount.Value != 10_000 {
			t.Fatalf("%s: inquiry %+v, %v", tc.phone, res, err)
		}
		ref := "BOOK" + string(rune('A'+i))
		req := topUp(ref, tc.phone, 20_000, 1_000)
		var cancel context.CancelFunc = func() {}
		cctx := ctx
		if tc.phone == "081100000504" {
			cctx, cancel = context.WithTimeout(ctx, 300*time.Millisecond)
		}
		tres, err := p.client.TopUp(cctx, req)
		cancel()
		switch {
		case tc.phone == "081100000504":
			if e, ok := ovo.AsError(err); !ok || !e.Unknown {
				t.Fatalf("%s: %v, want unknown outcome", tc.phone, err)
			}
		case tc.topUpCode == "":
			if err != nil || tres.ReferenceNo == "" || tres.ResponseCode != "2003800" {
				t.Fatalf("%s: top up %+v, %v", tc.phone, tres, err)
			}
		default:
			wantCode(t, err, tc.topUpCode, tc.topUpUnknown)
		}
		st, err := p.client.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: ref})
		if err != nil || st.LatestTransactionStatus != tc.statusAfter || st.ResponseCode != "2003900" {
			t.Fatalf("%s: status %+v, %v; want %s", tc.phone, st, err, tc.statusAfter)
		}
		defer func(ref, want string) {
			time.Sleep(250 * time.Millisecond)
			st, err := p.client.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: ref})
			if err != nil || st.LatestTransactionStatus != want {
				t.Errorf("%s later: %+v, %v; want %s", ref, st, err, want)
			}
		}(ref, tc.statusAfterSettle)
	}
}

func TestBusinessRuleCodes(t *testing.T) {
	p := newPair(t, func(c *ovosim.Config) { c.Deposit = 1_000_000 }, nil)
	wantCode(t, func() error {
		_, err := p.client.TopUp(ctx, topUp("R1", "081234567890", 10_000_001, 1_000))
		return err
	}(), "4033802", false)
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("R2", "081234567890", 9_999, 1_000)); return err }(), "4043813", false)
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("R3", "081234567890", 2_000_000, 1_000)); return err }(), "4033814", false)
	if p.sim.Deposit() != 1_000_000 {
		t.Fatalf("deposit moved on refusals: %d", p.sim.Deposit())
	}
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("R4", "081100000423", 100_000, 1_000)); return err }(), "4033823", false)
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("R5", "081234567890", 20_000, 5)); return err }(), "4003801", false)
	if _, err := p.client.TopUp(ctx, topUp("R6", "081234567890", 20_000, 1_000)); err != nil {
		t.Fatal(err)
	}
	// The same reference again: OVO already has it; the outcome is to be asked.
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("R6", "081234567890", 20_000, 1_000)); return err }(), "4093801", true)
	if p.sim.Applied("R6") != 1 {
		t.Fatal("a reused reference moved money twice")
	}
	// The same X-EXTERNAL-ID twice in a day.
	if _, err := p.client.Balance(ctx, ovoclient.WithExternalID("123456789")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := p.client.Balance(ctx, ovoclient.WithExternalID("123456789")); return err }(), "4091100", false)
	bal, err := p.client.Balance(ctx)
	if d, _ := bal.Deposit(); err != nil || d != 1_000_000-20_000 || bal.ResponseCode != "2001100" {
		t.Fatalf("balance %+v, %v", bal, err)
	}
	st, err := p.client.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: "never-sent"})
	if err != nil || st.LatestTransactionStatus != "07" {
		t.Fatalf("status of an unknown reference: %+v, %v", st, err)
	}
}

func TestTokenIsSharedAndRefreshedOnExpiry(t *testing.T) {
	p := newPair(t, nil, nil)
	if _, err := p.client.Balance(ctx); err != nil {
		t.Fatal(err)
	}
	p.sim.ExpireTokens()
	// 401xx01 → one new token, one repeat of the same top up.
	res, err := p.client.TopUp(ctx, topUp("TOK1", "081234567890", 20_000, 1_000))
	if err != nil || res.ResponseCode != "2003800" || p.sim.Applied("TOK1") != 1 {
		t.Fatalf("%+v, %v", res, err)
	}
	// OVO refusing the new token too: the client gives up after one repeat.
	p.sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{Code: "4013801", Times: 2})
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("TOK2", "081234567890", 20_000, 1_000)); return err }(), "4013801", false)
	if p.sim.Applied("TOK2") != 0 {
		t.Fatal("applied")
	}
}

func TestTokenLifetimeFromTheSandbox(t *testing.T) {
	p := newPair(t, func(c *ovosim.Config) { c.TokenTTL = 2 * time.Second }, nil)
	a, err := p.client.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := p.client.Token(ctx); b != a {
		t.Fatal("token not reused")
	}
	time.Sleep(1600 * time.Millisecond) // inside the margin (a quarter of 2 s)
	if b, _ := p.client.Token(ctx); b == a {
		t.Fatal("token not refreshed before expiry")
	}
}

// tamper changes the request body after it was signed.
type tamper struct{ rt http.RoundTripper }

func (tp tamper) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.URL.Path == ovoclient.PathTopUp {
		b, _ := io.ReadAll(r.Body)
		b = bytes.Replace(b, []byte(`"20000.00"`), []byte(`"90000.00"`), 1)
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
	}
	return tp.rt.RoundTrip(r)
}

func TestWrongRequestsAreRefused(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		mod  func(*ovoclient.Config)
		code string
	}{
		{"tampered body", func(c *ovoclient.Config) { c.HTTPClient = &http.Client{Transport: tamper{http.DefaultTransport}} }, "4013800"},
		{"wrong secret", func(c *ovoclient.Config) { c.ClientSecret = "not-the-secret" }, "4013800"},
		{"wrong key", func(c *ovoclient.Config) { c.PrivateKey = other }, "4017300"},
		{"unknown client", func(c *ovoclient.Config) { c.ClientID = "someone-else" }, "4017300"},
		{"stale timestamp", func(c *ovoclient.Config) { c.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) } }, "4017300"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPair(t, nil, tc.mod)
			_, err := p.client.TopUp(ctx, topUp("W1", "081234567890", 20_000, 1_000))
			wantCode(t, err, tc.code, false)
			if p.sim.Applied("W1") != 0 || p.sim.Deposit() != 5_000_000 {
				t.Fatal("a refused request moved money")
			}
		})
	}
	t.Run("stale timestamp on a call", func(t *testing.T) {
		skew := time.Duration(0)
		p := newPair(t, nil, func(c *ovoclient.Config) { c.Now = func() time.Time { return time.Now().Add(skew) } })
		if _, err := p.client.Token(ctx); err != nil {
			t.Fatal(err)
		}
		skew = -10 * time.Minute
		_, err := p.client.Balance(ctx)
		wantCode(t, err, "4011100", false)
	})
}

func TestServerFaultsAreUnknownAndNotRetried(t *testing.T) {
	p := newPair(t, nil, nil)
	for _, code := range []string{"5003800", "5003801", "5003802", "5043800"} {
		p.sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{Code: code})
		ref := "F" + code
		wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp(ref, "081234567890", 20_000, 1_000)); return err }(), code, true)
		if p.sim.Applied(ref) != 0 {
			t.Fatal("applied")
		}
	}
	// Read-only calls are retried through a passing fault.
	p.sim.InjectFault(ovosim.OpInquiry, ovosim.Fault{Code: "5003700", Times: 2})
	if _, err := p.client.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: "081234567890", Amount: ovoclient.IDR(10_000)}); err != nil {
		t.Fatalf("inquiry through two 500s: %v", err)
	}
	// 429 is a definite refusal of a top up.
	p.sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{Code: "4293800"})
	wantCode(t, func() error { _, err := p.client.TopUp(ctx, topUp("F429", "081234567890", 20_000, 1_000)); return err }(), "4293800", false)
}
