package ovoclient

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Fuzz targets for every parser of OVO's answers. Their seed corpus runs
// with the normal suite; `go test -fuzz=FuzzAnswer ./ovoclient/` explores.

// fuzzTransport answers the token call honestly and every other call with
// the fuzzed status, headers and body, without a network.
type fuzzTransport struct {
	status         int
	date, location string
	body           []byte
}

func (f *fuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	h := http.Header{}
	if r.URL.Path == PathToken {
		h.Set("Content-Type", "application/json")
		return &http.Response{StatusCode: 200, Header: h, Request: r, Body: io.NopCloser(strings.NewReader(
			`{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}`))}, nil
	}
	if f.date != "" {
		h.Set("Date", f.date)
	}
	if f.location != "" {
		h.Set("Location", f.location)
	}
	return &http.Response{StatusCode: f.status, Header: h, Request: r, Body: io.NopCloser(bytes.NewReader(f.body))}, nil
}

// Fuzz ops.
const (
	fuzzTopUp = iota
	fuzzInquiry
	fuzzStatus
	fuzzBalance
	fuzzOps
)

// FuzzAnswer feeds any answer (HTTP status, Date, Location, body) to every
// call of the client and checks the money rules: nothing panics; a top up is
// a success only on HTTP 200 with a 200xx00 code and a referenceNo; a
// definite refusal only when the HTTP status and a 4xx code agree; a read is
// never an unknown outcome.
func FuzzAnswer(f *testing.F) {
	seeds := []struct {
		status int
		body   string
	}{
		{200, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"OVO1","partnerReferenceNo":"FZ","amount":{"value":"20000.00","currency":"IDR"}}`},
		{200, `{"responseCode":"2003800","responseMessage":"Successful","partnerReferenceNo":"FZ"}`},
		{200, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"OVO1","partnerReferenceNo":"OTHER"}`},
		{200, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`},
		{403, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`},
		{500, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"OVO1"}`},
		{202, `{"responseCode":"2023800","responseMessage":"Request In Progress"}`},
		{409, `{"responseCode":"4093801","responseMessage":"Duplicate partnerReferenceNo"}`},
		{401, `{"responseCode":"4013801","responseMessage":"Invalid Token (B2B)"}`},
		{200, `{"responseCode":"4013801","responseMessage":"Invalid Token (B2B)"}`},
		{307, `{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"THIEF"}`},
		{302, ``},
		{502, `<html>bad gateway</html>`},
		{200, `{"responseCode":"2003700","responseMessage":"Successful","customerName":"Budi","customerMonthlyInLimit":19950000,"minAmount":{"value":10000,"currency":"IDR"},"feeAmount":"1000.00"}`},
		{200, `{"responseCode":"2003700","responseMessage":"Successful","customerName":"Budi","maxAmount":{"value":1e99}}`},
		{200, `{"responseCode":"2003900","responseMessage":"Successful","originalPartnerReferenceNo":"FZ","serviceCode":"38","latestTransactionStatus":"00","amount":{"value":"20000.00","currency":"IDR"}}`},
		{200, `{"responseCode":"2003900","responseMessage":"Successful","originalPartnerReferenceNo":"NOT-FZ","latestTransactionStatus":"00"}`},
		{200, `{"responseCode":"2001100","responseMessage":"Successful","accountInfos":[{"balanceType":"DEPOSIT","availableBalance":{"value":50000000,"currency":"IDR"}}]}`},
		{200, `{"responseCode":"2001100","responseMessage":"Successful","accountInfos":[]}`},
		{200, `{"responseCode":"20011000","accountInfos":null}`},
		{200, `null`},
		{200, `{"responseCode":2003800}`},
		{200, "\xff\xfe"},
	}
	for op := range fuzzOps {
		for _, s := range seeds {
			f.Add(uint8(op), s.status, "Tue, 01 Dec 2026 14:00:00 GMT", "", []byte(s.body))
		}
	}
	f.Add(uint8(fuzzTopUp), 308, "", "https://thief.example/x", []byte(`{}`))
	f.Add(uint8(fuzzBalance), 200, strings.Repeat("x", 100), "", []byte(`{"responseCode":"2001100"}`))
	f.Add(uint8(fuzzStatus), 999, "Mon, 02 Jan 2006 15:04:05 MST", "\x00", []byte(`{"responseCode":"9999999"}`))

	key := loadVectorKey(f)
	tr := &fuzzTransport{}
	c, err := New(Config{BaseURL: "http://ovo.invalid", ClientID: "cid", ClientSecret: "s", PrivateKey: key,
		HTTPClient: &http.Client{Transport: tr}, Retries: -1, Timeout: time.Second})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, op uint8, status int, date, location string, body []byte) {
		if status < 100 || status > 999 {
			return // net/http itself never delivers these
		}
		*tr = fuzzTransport{status: status, date: date, location: location, body: body}
		ctx := context.Background()
		var code string
		var env Envelope
		if json.Unmarshal(body, &env) == nil {
			code = env.ResponseCode
		}
		switch op % fuzzOps {
		case fuzzTopUp:
			res, err := c.TopUp(ctx, TopUpRequest{PartnerReferenceNo: "FZ", CustomerNumber: "081234567890", Amount: IDR(20_000), FeeAmount: IDR(1_000)})
			if err == nil {
				if status != 200 || !strings.HasPrefix(code, "200") || !strings.HasSuffix(code, "00") || strings.TrimSpace(res.ReferenceNo) == "" {
					t.Fatalf("success believed from HTTP %d %s", status, body)
				}
				return
			}
			e, ok := ovo.AsError(err)
			if !ok {
				t.Fatalf("not an *Error: %v", err)
			}
			if !e.Unknown {
				if c, ok := ovo.ParseCode(e.Code); !ok || c.HTTPStatus != status || status < 400 || status > 499 ||
					(c.HTTPStatus == 409 && c.Case == "01") {
					t.Fatalf("definite refusal from HTTP %d %s", status, body)
				}
			}
		case fuzzInquiry:
			_, err := c.Inquiry(ctx, InquiryRequest{CustomerNumber: "081234567890", Amount: IDR(20_000)})
			checkRead(t, err, status, code, body)
		case fuzzStatus:
			st, err := c.TopUpStatus(ctx, StatusRequest{OriginalPartnerReferenceNo: "FZ"})
			checkRead(t, err, status, code, body)
			if err == nil && st.OriginalPartnerReferenceNo != "" && st.OriginalPartnerReferenceNo != "FZ" {
				t.Fatalf("status about another reference believed: %s", body)
			}
		case fuzzBalance:
			b, err := c.Balance(ctx)
			checkRead(t, err, status, code, body)
			if err == nil {
				if v, ok := b.Deposit(); !ok || v < 0 {
					t.Fatalf("balance without a deposit believed: %s", body)
				}
			}
		}
		if d, ok := c.ClockSkew(); ok && d == 0 && date == "" {
			t.Fatal("skew from no Date")
		}
	})
}

func checkRead(t *testing.T, err error, status int, code string, body []byte) {
	t.Helper()
	if err == nil {
		if status != 200 || !strings.HasPrefix(code, "200") || !strings.HasSuffix(code, "00") || len(code) != 7 {
			t.Fatalf("read success believed from HTTP %d %s", status, body)
		}
		return
	}
	if ovo.IsUnknownOutcome(err) {
		t.Fatalf("a read is unknown: %v", err)
	}
}

// FuzzAmount reads any JSON as an Amount: no panic; what it accepts is a
// non-negative whole number of rupiah that round-trips.
func FuzzAmount(f *testing.F) {
	for _, s := range []string{`{"value":"10000.00","currency":"IDR"}`, `{"value":10000,"currency":"IDR"}`, `"5000.00"`, `5000`,
		`{"value":"1.50"}`, `{"value":-1}`, `{"value":1e4}`, `{"value":null}`, `[]`, `null`, `{"value":"99999999999999999999"}`, `"\u0030"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Amount
		if err := json.Unmarshal(b, &a); err != nil {
			return
		}
		if a.Value < 0 {
			t.Fatalf("%s read as %d", b, a.Value)
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("%s read as %+v, which does not marshal: %v", b, a, err)
		}
		var back Amount
		if err := json.Unmarshal(out, &back); err != nil || back.Value != a.Value {
			t.Fatalf("%s → %s → %+v, %v", b, out, back, err)
		}
	})
}

// FuzzTextParsers: response codes, timestamps, seconds and NumberText never
// panic and agree with their own rendering.
func FuzzTextParsers(f *testing.F) {
	for _, s := range []string{"2003800", "4033802", "20038", "abcdefg", "2026-11-23T19:05:00.123+07:00", "2026-11-23T12:05:00Z",
		"900", "0", "1234567890", "-1", "Tue, 01 Dec 2026 14:00:00 GMT", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := ovo.ParseCode(s); ok && c.String() != s {
			t.Fatalf("ParseCode(%q) renders as %q", s, c.String())
		}
		if tm, err := ParseTimestamp(s); err == nil && tm.Year() > 1 && tm.Year() < 9999 {
			if again, err := ParseTimestamp(FormatTimestamp(tm)); err != nil || !again.Equal(tm.Truncate(time.Millisecond)) {
				t.Fatalf("ParseTimestamp(%q) = %v, does not round-trip: %v %v", s, tm, again, err)
			}
		}
		if n, err := parseSeconds(s); err == nil && (n <= 0 || strconv.FormatInt(n, 10) != strings.TrimLeft(s, "0")) {
			t.Fatalf("parseSeconds(%q) = %d", s, n)
		}
		var nt NumberText
		if err := json.Unmarshal([]byte(s), &nt); err == nil {
			if _, err := json.Marshal(nt); err != nil {
				t.Fatal(err)
			}
		}
		c := &Client{now: time.Now, log: slog.New(slog.DiscardHandler)}
		c.noteDate(s)
	})
}
