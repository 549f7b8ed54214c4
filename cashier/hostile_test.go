package cashier_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/storage"
)

// meddler is an HTTP transport in front of the sandbox that can answer a
// path with a redirect, or rewrite OVO's answers (status code and JSON).
type meddler struct {
	mu       sync.Mutex
	redirect map[string]string // path → Location answered with 307
	mangle   func(path string, status int, body map[string]any) int
}

func (m *meddler) set(redirect map[string]string, mangle func(path string, status int, body map[string]any) int) {
	m.mu.Lock()
	m.redirect, m.mangle = redirect, mangle
	m.mu.Unlock()
}

func (m *meddler) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	loc, redirect := m.redirect[r.URL.Path]
	mangle := m.mangle
	m.mu.Unlock()
	if redirect && !strings.HasPrefix(loc, r.URL.Scheme+"://"+r.URL.Host) {
		if r.Body != nil {
			r.Body.Close()
		}
		h := http.Header{"Location": {loc}, "Content-Type": {"application/json"}}
		return &http.Response{StatusCode: http.StatusTemporaryRedirect, Header: h, Request: r, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || mangle == nil {
		return resp, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var body map[string]any
	if json.Unmarshal(data, &body) == nil {
		resp.StatusCode = mangle(r.URL.Path, resp.StatusCode, body)
		data, _ = json.Marshal(body)
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	resp.ContentLength = int64(len(data))
	resp.Header.Set("Content-Length", strconv.Itoa(len(data)))
	return resp, nil
}

// errorLog counts Error records and keeps their messages.
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errorLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		l.mu.Lock()
		l.msgs = append(l.msgs, r.Message)
		l.mu.Unlock()
	}
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }
func (l *errorLog) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

func meddledEnv(t *testing.T, m *meddler, log *errorLog) *testenv.Env {
	return testenv.New(t, testenv.Options{
		Deposit:      1_000_000,
		ClientConfig: func(c *ovoclient.Config) { c.HTTPClient = &http.Client{Transport: m}; c.Retries = -1 },
		CashierConfig: func(c *cashier.Config) {
			c.CallTimeout = time.Second
			if log != nil {
				c.Logger = slog.New(log)
			}
		},
	})
}

// A top up answered with a redirect: the named host receives nothing, the
// outcome is unknown, and the status (OVO never saw it: 07) settles it as
// failed once the request can no longer arrive.
func TestRedirectedTopUpIsUnknownAndSettledByStatus(t *testing.T) {
	var hits atomic.Int64
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"THIEF"}`)
	}))
	defer thief.Close()
	m := &meddler{}
	e := meddledEnv(t, m, nil)
	q := quote(t, e, storage.KindTopUp, "081234567890", 20_000)
	m.set(map[string]string{ovoclient.PathTopUp: thief.URL + ovoclient.PathTopUp}, nil)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	m.set(nil, nil)
	if err != nil || res.Txn.State != storage.StateUnknown || res.Txn.ReferenceNo == "THIEF" {
		t.Fatalf("redirected top up recorded as %+v, %v", res.Txn, err)
	}
	if hits.Load() != 0 {
		t.Fatalf("the redirect target received %d requests", hits.Load())
	}
	got := e.WaitFinal(t, res.Txn.PartnerReferenceNo, 10*time.Second)
	if got.State != storage.StateFailed || got.LastStatus != ovo.StatusNotFound || e.Sim.Applied(got.PartnerReferenceNo) != 0 {
		t.Fatalf("settled as %s (last status %s), applied %d", got.State, got.LastStatus, e.Sim.Applied(got.PartnerReferenceNo))
	}
}

// Odd answers of the top up are unknown outcomes settled by status with
// what OVO really did: a success without referenceNo, a refusal under HTTP
// 200, a success under HTTP 500.
func TestOddAnswersAreSettledByStatus(t *testing.T) {
	m := &meddler{}
	e := meddledEnv(t, m, nil)
	cases := []struct {
		name, phone string
		mangle      func(status int, body map[string]any) int
		want        storage.State
	}{
		{"success without referenceNo", "081234567890", func(s int, b map[string]any) int { delete(b, "referenceNo"); return s }, storage.StateSuccess},
		{"refusal under HTTP 200", "081100000418", func(s int, b map[string]any) int { return http.StatusOK }, storage.StateFailed},
		{"success under HTTP 500", "081298765432", func(s int, b map[string]any) int { return http.StatusInternalServerError }, storage.StateSuccess},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The inquiry would refuse the inactive account: go straight to the top up.
			q := cashier.Quote{Kind: storage.KindTopUp, Phone: tc.phone, Name: "x", Amount: 20_000, Fee: 1_000}
			m.set(nil, func(path string, status int, body map[string]any) int {
				if path == ovoclient.PathTopUp {
					return tc.mangle(status, body)
				}
				return status
			})
			res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
			m.set(nil, nil)
			if err != nil || res.Txn.State != storage.StateUnknown || !ovo.IsUnknownOutcome(res.Err) {
				t.Fatalf("recorded as %s (%v), %v; want unknown", res.Txn.State, res.Err, err)
			}
			if code := cashier.ExitCode(res.Err); code != cashier.ExitUnknown && res.Err != nil {
				t.Fatalf("exit code %d", code)
			}
			got := e.WaitFinal(t, res.Txn.PartnerReferenceNo, 10*time.Second)
			if got.State != tc.want {
				t.Fatalf("settled as %s, want %s", got.State, tc.want)
			}
			if tc.want == storage.StateSuccess && (got.ReferenceNo == "" || got.ReceiptNo == "") {
				t.Fatalf("success without OVO's reference or a receipt: %+v", got)
			}
		})
	}
}

// A status answer that contradicts the ledger is reported (Mismatch, a
// Problem, an Error in the log) and never "confirms": a recorded success OVO
// does not know (07), another amount, another OVO reference.
func TestStatusContradictionsAreLoud(t *testing.T) {
	m := &meddler{}
	log := &errorLog{}
	e := meddledEnv(t, m, log)

	// A success that OVO never applied: 081100000500 gets 5003801 (nothing
	// applied), turned into a believable success on the way.
	q := quote(t, e, storage.KindTopUp, "081100000500", 20_000)
	m.set(nil, func(path string, status int, body map[string]any) int {
		if path == ovoclient.PathTopUp {
			body["responseCode"], body["responseMessage"], body["referenceNo"] = "2003800", "Successful", "THIEF"
			return http.StatusOK
		}
		return status
	})
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	m.set(nil, nil)
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("setup: %+v %v", res.Txn, err)
	}
	ch, err := e.Service.CheckStatus(bg, res.Txn.PartnerReferenceNo)
	if err != nil || !ch.Mismatch || !strings.Contains(ch.Problem, "does not know") || ch.Txn.State != storage.StateSuccess {
		t.Fatalf("07 for a recorded success: %+v, %v", ch, err)
	}
	if !log.has("ledger and OVO disagree") {
		t.Fatal("no error in the log")
	}

	// An honest success, then status answers about another amount and
	// another reference.
	q = quote(t, e, storage.KindTopUp, "081234567890", 20_000)
	res, err = e.Service.Execute(bg, cashier.Order{Quote: q})
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("setup: %+v %v", res.Txn, err)
	}
	ch, err = e.Service.CheckStatus(bg, res.Txn.PartnerReferenceNo)
	if err != nil || ch.Mismatch {
		t.Fatalf("honest status: %+v, %v", ch, err)
	}
	for name, mangle := range map[string]func(map[string]any){
		"another amount":    func(b map[string]any) { b["amount"] = map[string]any{"value": "90000.00", "currency": "IDR"} },
		"another reference": func(b map[string]any) { b["originalReferenceNo"] = "OVO-SOMEONE-ELSE" },
		"failed":            func(b map[string]any) { b["latestTransactionStatus"] = "06" },
	} {
		m.set(nil, func(path string, status int, body map[string]any) int {
			if path == ovoclient.PathTopUpStatus {
				mangle(body)
			}
			return status
		})
		ch, err := e.Service.CheckStatus(bg, res.Txn.PartnerReferenceNo)
		m.set(nil, nil)
		if err != nil || !ch.Mismatch || ch.Problem == "" || ch.Txn.State != storage.StateSuccess || ch.Settled {
			t.Errorf("%s: %+v, %v", name, ch, err)
		}
	}
}
