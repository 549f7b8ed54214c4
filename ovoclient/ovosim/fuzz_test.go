package ovosim

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// errorCounter is a slog handler that counts Error records: the handler logs
// one for every panic it recovers, which the fuzz target must never see.
type errorCounter struct{ n atomic.Int64 }

func (e *errorCounter) Enabled(context.Context, slog.Level) bool { return true }
func (e *errorCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		e.n.Add(1)
	}
	return nil
}
func (e *errorCounter) WithAttrs([]slog.Attr) slog.Handler { return e }
func (e *errorCounter) WithGroup(string) slog.Handler      { return e }

// Fuzz modes.
const (
	fuzzSignCall  = 1 << iota // sign as a transactional call with a valid token
	fuzzSignToken             // sign as a token call with the partner key
	fuzzJSONType              // send Content-Type: application/json
)

// FuzzHandler sends arbitrary method, target, headers ("Name: value" lines,
// applied after the honest defaults) and body, optionally validly signed,
// and checks that every answer is SNAP JSON whose code agrees with the HTTP
// status, and that no panic was recovered.
func FuzzHandler(f *testing.F) {
	valid := map[string]string{
		ovoclient.PathToken:       `{"grantType":"client_credentials"}`,
		ovoclient.PathInquiry:     inquiryBody(NumberBudi, 50_000),
		ovoclient.PathTopUp:       topUpBody("FZ-1", NumberBudi, 50_000, DefaultFee, ""),
		ovoclient.PathTopUpStatus: statusBody("FZ-1"),
		ovoclient.PathBalance:     "",
	}
	for path, body := range valid {
		mode := uint8(fuzzSignCall | fuzzJSONType)
		method := http.MethodPost
		switch path {
		case ovoclient.PathToken:
			mode = fuzzSignToken | fuzzJSONType
		case ovoclient.PathBalance:
			method = http.MethodGet
		}
		f.Add(method, path, "", []byte(body), mode)
		f.Add(method, path, "", []byte(body), uint8(0))
		f.Add(method, path+"?q=1&x=%20", "X-TIMESTAMP: 2026-11-23T19:05:00+07:00", []byte(body), mode)
	}
	for _, phone := range []string{NumberNotRegistered, NumberInactive, NumberDoNotHonor, NumberNoResponse, NumberServerError,
		NumberPendingSuccess, NumberPendingFail, NumberFullWallet} {
		f.Add(http.MethodPost, ovoclient.PathTopUp, "", []byte(topUpBody("FZ-"+phone, phone, 20_000, DefaultFee, "")), uint8(fuzzSignCall|fuzzJSONType))
	}
	f.Add(http.MethodPost, ovoclient.PathTopUp, "", []byte(`{"partnerReferenceNo":"x","customerNumber":"081234567890","amount":{"value":"99999999999999999999.00","currency":"IDR"},"feeAmount":{},"transactionDate":null}`), uint8(fuzzSignCall|fuzzJSONType))
	f.Add(http.MethodPost, ovoclient.PathTopUp, "", []byte(`{"amount":[],"feeAmount":"1000.00","additionalInfo":{"a":{"b":[1,2,{"c":null}]}}}`), uint8(fuzzSignCall|fuzzJSONType))
	f.Add(http.MethodPost, ovoclient.PathInquiry, "Authorization: Bearer\nX-EXTERNAL-ID: 1e5\nCHANNEL-ID: ☃☃", []byte("\xff\xfe{"), uint8(fuzzSignCall|fuzzJSONType))
	f.Add(http.MethodPost, ovoclient.PathTopUpStatus, "Content-Type: application/json; charset=\"", []byte(`{"originalPartnerReferenceNo":"\u0000","serviceCode":"38"}`), uint8(fuzzSignCall))
	// Optional fields left out, and the Z designator.
	f.Add(http.MethodPost, ovoclient.PathTopUp, "", []byte(`{"partnerReferenceNo":"FZ-MIN","customerNumber":"081234567890","amount":{"value":"20000.00","currency":"IDR"}}`), uint8(fuzzSignCall|fuzzJSONType))
	f.Add(http.MethodPost, ovoclient.PathInquiry, "", []byte(`{"customerNumber":"081234567890","amount":{"value":"20000.00","currency":"IDR"}}`), uint8(fuzzSignCall|fuzzJSONType))
	f.Add(http.MethodPost, ovoclient.PathTopUp, "X-TIMESTAMP: 2026-11-23T12:05:00.000Z", []byte(`{"partnerReferenceNo":"FZ-Z","customerNumber":"081234567890","amount":{"value":"20000.00","currency":"IDR"},"transactionDate":"2026-11-23T12:05:00Z"}`), uint8(fuzzSignCall|fuzzJSONType))
	f.Add(http.MethodGet, ovoclient.PathBalance, "", []byte(nil), uint8(fuzzSignCall))
	f.Add("DELETE", "/", "", []byte(nil), uint8(0))
	f.Add("", "", "\n:\n: :", []byte("{}"), uint8(7))
	f.Add("PO ST", "http://example.com/OVOSNAP/v2.0/emoney/topup", "X-TIMESTAMP: 9999-99-99T99:99:99+99:99", []byte(`{}`), uint8(3))

	var errs errorCounter
	h := newHarness(f, func(c *Config) {
		c.HangMax = time.Millisecond
		c.Logger = slog.New(&errs)
	})
	f.Fuzz(func(t *testing.T, method, target, headers string, body []byte, mode uint8) {
		before := errs.n.Load()
		r := fuzzRequest(h, method, target, headers, body, mode)
		w := httptest.NewRecorder()
		h.sim.ServeHTTP(w, r)
		checkAnswer(t, w.Code, w.Header(), w.Body.Bytes())
		if errs.n.Load() != before {
			t.Fatalf("the handler logged an error (a recovered panic?) for %q %q %q %q", method, target, headers, body)
		}
	})
}

// fuzzRequest builds a request the way a (possibly broken) client might send it.
func fuzzRequest(h *harness, method, target, headers string, body []byte, mode uint8) *http.Request {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		u = &url.URL{Path: target}
	}
	r := &http.Request{Method: method, URL: u, RequestURI: target, Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Body: io.NopCloser(bytes.NewReader(body)), Host: "sandbox"}
	ts := ovoclient.FormatTimestamp(h.clock.Now())
	r.Header.Set(ovoclient.HeaderTimestamp, ts)
	if mode&fuzzJSONType != 0 {
		r.Header.Set("Content-Type", "application/json")
	}
	if mode&fuzzSignCall != 0 {
		r.Header.Set("Authorization", "Bearer "+h.token)
		r.Header.Set(ovoclient.HeaderPartnerID, testClientID)
		r.Header.Set(ovoclient.HeaderExternalID, h.nextExtID())
		r.Header.Set(ovoclient.HeaderChannelID, "95221")
	}
	if mode&fuzzSignToken != 0 {
		r.Header.Set(ovoclient.HeaderClientKey, testClientID)
	}
	for _, line := range strings.Split(headers, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			r.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	ts = r.Header.Get(ovoclient.HeaderTimestamp)
	switch {
	case mode&fuzzSignCall != 0:
		tok, _ := bearer(r.Header.Get("Authorization"))
		r.Header.Set(ovoclient.HeaderSignature, ovoclient.SignSymmetric([]byte(testSecret), method, target, tok, body, ts))
	case mode&fuzzSignToken != 0:
		sig, err := ovoclient.SignAsymmetric(h.key, r.Header.Get(ovoclient.HeaderClientKey), ts)
		if err == nil {
			r.Header.Set(ovoclient.HeaderSignature, sig)
		}
	}
	return r
}
