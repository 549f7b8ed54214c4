package ovosim

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

func TestPendingThenSuccess(t *testing.T) {
	h := newHarness(t, nil)
	res := h.topUp("P202", NumberPendingSuccess, 100_000)
	expect(t, res, "2023800", "Request In Progress")
	if res.json["partnerReferenceNo"] != "P202" {
		t.Fatalf("202 answer %s", res.raw)
	}
	if h.sim.Deposit() != DefaultDeposit-100_000 || h.sim.Applied("P202") != 1 {
		t.Fatal("202 not debited at acceptance")
	}
	if s := h.status("P202"); s != "03" {
		t.Fatalf("status %s", s)
	}
	h.clock.Advance(DefaultPendingFor - time.Millisecond)
	if s := h.status("P202"); s != "03" {
		t.Fatalf("status %s", s)
	}
	h.clock.Advance(time.Millisecond)
	if s := h.status("P202"); s != "00" {
		t.Fatalf("status %s", s)
	}
	if h.sim.Deposit() != DefaultDeposit-100_000 {
		t.Fatal("deposit changed on success")
	}
	if cu, _ := h.sim.Customer(NumberPendingSuccess); cu.Balance != 99_000 {
		t.Fatalf("customer %+v", cu)
	}
}

func TestPendingThenFailedRefundsOnce(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.PendingFor = time.Minute })
	expect(t, h.topUp("P206", NumberPendingFail, 100_000), "2023800", "")
	if h.sim.Deposit() != DefaultDeposit-100_000 {
		t.Fatal("not debited")
	}
	if cu, _ := h.sim.Customer(NumberPendingFail); cu.Balance != 99_000 {
		t.Fatalf("customer %+v", cu)
	}
	if s := h.status("P206"); s != "03" {
		t.Fatal(s)
	}
	h.clock.Advance(time.Minute)
	// The inspection sees it settle; the status call and later ones agree.
	if d := h.sim.Deposit(); d != DefaultDeposit {
		t.Fatalf("deposit %d after refund", d)
	}
	for range 3 {
		if s := h.status("P206"); s != "06" {
			t.Fatal(s)
		}
	}
	h.clock.Advance(time.Hour)
	h.token = h.newToken()
	h.status("P206")
	if d := h.sim.Deposit(); d != DefaultDeposit {
		t.Fatalf("deposit %d: refunded more than once", d)
	}
	cu, _ := h.sim.Customer(NumberPendingFail)
	tx, _ := h.sim.Transaction("P206")
	if cu.Balance != 0 || cu.MonthlyIn != 0 || !tx.Refunded || tx.Applied != 1 || tx.StatusDesc != "Failed" {
		t.Fatalf("customer %+v txn %+v", cu, tx)
	}
	expect(t, h.topUp("P206", NumberPendingFail, 100_000), "4093801", "")
}

// The 504 number: the client gives up; the money moved; status says 00.
func TestNoResponseNumber(t *testing.T) {
	h := newHarness(t, nil)
	srv := httptest.NewServer(h.sim)
	defer srv.Close()
	req := h.request(h.api(ovoclient.PathTopUp, topUpBody("H504", NumberNoResponse, 50_000, DefaultFee, "")))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	out, _ := http.NewRequestWithContext(ctx, req.Method, srv.URL+req.URL.Path, bytes.NewReader([]byte(topUpBody("H504", NumberNoResponse, 50_000, DefaultFee, ""))))
	out.Header = req.Header
	start := time.Now()
	resp, err := srv.Client().Do(out)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d", resp.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	if h.sim.Applied("H504") != 1 {
		t.Fatal("not applied")
	}
	if s := h.status("H504"); s != "00" {
		t.Fatalf("status %s", s)
	}
	if h.sim.Deposit() != DefaultDeposit-50_000 {
		t.Fatal("deposit")
	}
}

// If the client waits longer than HangMax, it gets 5043800.
func TestNoResponseNumberHangMax(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.HangMax = 20 * time.Millisecond })
	expect(t, h.topUp("H504", NumberNoResponse, 50_000), "5043800", "Timeout")
	if h.sim.Applied("H504") != 1 || h.status("H504") != "00" {
		t.Fatal("not applied")
	}
}

func TestInjectedFaults(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.HangMax = 20 * time.Millisecond })

	// Applied, then a 500: status says 00.
	h.sim.InjectFault(OpTopUp, Fault{Code: "5003800", ApplyFirst: true})
	expect(t, h.topUp("F-APPLY", NumberBudi, 50_000), "5003800", "General Error")
	if h.sim.Applied("F-APPLY") != 1 || h.status("F-APPLY") != "00" {
		t.Fatal("ApplyFirst did not apply")
	}
	// Not applied: status says 07; twice, then normal service.
	h.sim.InjectFault(OpTopUp, Fault{Code: "5003802", Message: "Upstream down", Times: 2})
	expect(t, h.topUp("F-NO", NumberBudi, 50_000), "5003802", "Upstream down")
	if h.sim.Applied("F-NO") != 0 || h.status("F-NO") != "07" {
		t.Fatal("fault applied")
	}
	expect(t, h.topUp("F-NO", NumberBudi, 50_000), "5003802", "Upstream down")
	expect(t, h.topUp("F-NO", NumberBudi, 50_000), "2003800", "")

	// A fault on the token call, then a default (500xx00) fault on balance.
	h.sim.InjectFault(OpToken, Fault{Code: "4297300"})
	expect(t, h.send(h.tokenCall()), "4297300", "Too Many Requests")
	h.sim.InjectFault(OpBalance, Fault{})
	expect(t, h.send(h.api(ovoclient.PathBalance, "")), "5001100", "General Error")
	// A 401xx01 on inquiry to exercise the client's token refresh.
	h.sim.InjectFault(OpInquiry, Fault{Code: "4013701"})
	expect(t, h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 10_000))), "4013701", "Invalid Token (B2B)")
	// Hang then answer at HangMax with the default 504.
	h.sim.InjectFault(OpStatus, Fault{Hang: true})
	expect(t, h.send(h.api(ovoclient.PathTopUpStatus, statusBody("F-NO"))), "5043900", "Timeout")
	// Faults are consumed only by authenticated requests.
	h.sim.InjectFault(OpStatus, Fault{Code: "5003900"})
	bad := h.api(ovoclient.PathTopUpStatus, statusBody("F-NO"))
	bad.secret = "wrong"
	expect(t, h.send(bad), "4013900", "")
	expect(t, h.send(h.api(ovoclient.PathTopUpStatus, statusBody("F-NO"))), "5003900", "")
}

// A fault whose status disagrees with its code is sent as asked.
func TestInconsistentFault(t *testing.T) {
	h := newHarness(t, nil)
	h.sim.InjectFault(OpTopUp, Fault{HTTPStatus: 200, Code: "5003800"})
	w := httptest.NewRecorder()
	h.sim.ServeHTTP(w, h.request(h.api(ovoclient.PathTopUp, topUpBody("X", NumberBudi, 50_000, DefaultFee, ""))))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"5003800"`) {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Latency = 30 * time.Millisecond })
	start := time.Now()
	expect(t, h.topUp("L1", NumberBudi, 50_000), "2003800", "")
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("answered after %v", d)
	}
	// Latency is for the top up only.
	start = time.Now()
	h.status("L1")
	if d := time.Since(start); d >= 30*time.Millisecond {
		t.Fatalf("status took %v", d)
	}
	// A client that leaves during the delay: nothing written, still applied.
	ctx, cancel := context.WithCancel(context.Background())
	req := h.request(h.api(ovoclient.PathTopUp, topUpBody("L2", NumberBudi, 50_000, DefaultFee, ""))).WithContext(ctx)
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { h.sim.ServeHTTP(w, req); close(done) }()
	cancel()
	<-done
	if w.Body.Len() != 0 || h.sim.Applied("L2") != 1 {
		t.Fatalf("wrote %q, applied %d", w.Body, h.sim.Applied("L2"))
	}
}

func TestPanicRecovered(t *testing.T) {
	var boom atomic.Bool
	var logs bytes.Buffer
	h := newHarness(t, func(c *Config) {
		c.Fee = func(int64) int64 {
			if boom.Load() {
				panic("fee schedule exploded")
			}
			return DefaultFee
		}
		c.Logger = newTestLogger(&logs)
	})
	boom.Store(true)
	expect(t, h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 50_000))), "5003700", "General Error")
	expect(t, h.topUp("PANIC", NumberBudi, 50_000), "5003800", "General Error")
	if !strings.Contains(logs.String(), "fee schedule exploded") {
		t.Fatal("panic not logged")
	}
	// The mutex was released and nothing half-applied.
	boom.Store(false)
	if h.sim.Applied("PANIC") != 0 || h.sim.Deposit() != DefaultDeposit {
		t.Fatal("panic left state behind")
	}
	expect(t, h.topUp("PANIC", NumberBudi, 50_000), "2003800", "")
}
