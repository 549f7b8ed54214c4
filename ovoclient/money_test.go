package ovoclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10000.00", 10000, true},
		{"0.00", 0, true},
		{"10000", 10000, true},
		{"10000.0", 10000, true},
		{"10000000.00", 10000000, true},
		{"10000.50", 0, false},
		{"10000.01", 0, false},
		{"-10000.00", 0, false},
		{"+10000.00", 0, false},
		{"1e4", 0, false},
		{"", 0, false},
		{".00", 0, false},
		{"10000.", 0, false},
		{"10,000.00", 0, false},
		{" 10000.00", 0, false},
		{"9999999999999999.00", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseValue(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("ParseValue(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, ovo.ErrInvalidAmount) {
			t.Errorf("ParseValue(%q) error %v does not match ErrInvalidAmount", tc.in, err)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	b, err := json.Marshal(IDR(10000))
	if err != nil || string(b) != `{"value":"10000.00","currency":"IDR"}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	if _, err := json.Marshal(IDR(-1)); err == nil {
		t.Fatal("a negative amount was marshalled")
	}
	var a Amount
	if err := json.Unmarshal([]byte(`{"value":"25000.00","currency":"IDR"}`), &a); err != nil || a.Value != 25000 || a.Currency != "IDR" {
		t.Fatalf("unmarshal = %+v, %v", a, err)
	}
	if err := json.Unmarshal([]byte(`"5000.00"`), &a); err != nil || a.Value != 5000 {
		t.Fatalf("unmarshal bare string = %+v, %v", a, err)
	}
	// Tolerant in what it reads: the value as a JSON number, or a bare number.
	for in, want := range map[string]int64{`{"value":10000,"currency":"IDR"}`: 10000, `{"value":10000.00,"currency":"IDR"}`: 10000,
		`{"value": "7000.0" ,"currency":"IDR"}`: 7000, `19951000`: 19951000, `19951000.00`: 19951000, ` "5.00" `: 5} {
		if err := json.Unmarshal([]byte(in), &a); err != nil || a.Value != want {
			t.Errorf("unmarshal %s = %+v, %v; want %d", in, a, err, want)
		}
	}
	for _, bad := range []string{`{"value":"1.50","currency":"IDR"}`, `{"currency":"IDR"}`, `{"value":null}`, `[]`, `{"value":1.5}`, `{"value":-1}`,
		`{"value":1e4}`, `-5`, `true`, `{"value":{}}`, `{"value":[1]}`, `{"value":99999999999999999999}`} {
		if err := json.Unmarshal([]byte(bad), &a); !errors.Is(err, ovo.ErrInvalidAmount) {
			t.Errorf("unmarshal %s: %v, want ErrInvalidAmount", bad, err)
		}
	}
}

// The canonical money object is read by hand (CanonicalAmount) to exactly
// what the general reading gives, errors included; any other form goes the
// general way.
func TestAmountCanonicalSameAsGeneral(t *testing.T) {
	for _, in := range []string{
		`{"value":"10000.00","currency":"IDR"}`,
		`{"value":"0.00","currency":"IDR"}`,
		`{"value":"10000","currency":"USD"}`,
		`{"value":"10000.50","currency":"IDR"}`,
		`{"value":"","currency":"IDR"}`,
		`{"value":"1.2.3","currency":"IDR"}`,
		`{"value":"9999999999999999.00","currency":"IDR"}`,
		`{"value":"10000.00","currency":""}`,
		`{"value":".00","currency":"IDR"}`,
		`{"value":"10000.","currency":"IDR"}`,
	} {
		if _, _, ok := CanonicalAmount([]byte(in)); !ok {
			t.Errorf("%s: not read as canonical", in)
			continue
		}
		var fast, general Amount
		ferr := fast.UnmarshalJSON([]byte(in))
		gerr := general.unmarshalGeneral([]byte(in))
		if fast != general || fmt.Sprint(ferr) != fmt.Sprint(gerr) {
			t.Errorf("%s: canonical %+v %v, general %+v %v", in, fast, ferr, general, gerr)
		}
	}
	for _, in := range []string{
		`{"value":"10000.00","currency":"IDR","x":1}`, `{"currency":"IDR","value":"10000.00"}`,
		`{"value":"10\u00300.00","currency":"IDR"}`, `{"value":10000.00,"currency":"IDR"}`, `{"VALUE":"1.00","currency":"IDR"}`,
		`{"value":"1.00","currency":"idr"}`, `{"value":"1.00","currency":"I\"DR"}`, `"10000.00"`, `{"value":"1.00"}`,
		`{"value":"1","currency":"IDR","currency":"X"}`,
	} {
		if _, _, ok := CanonicalAmount(bytes.TrimSpace([]byte(in))); ok {
			t.Errorf("%s: read as canonical", in)
		}
	}
}

// OVO Cash moves rupiah only: an answer stating money in another currency
// is not read as that many rupiah (a fee, a deposit, a top up's amount in
// USD believed as Rp), whether the answer is in the canonical form or not;
// a money object without a currency (the tolerant forms) stays IDR's.
func TestMoneyInAnotherCurrencyIsNotBelieved(t *testing.T) {
	key := loadVectorKey(t)
	tr := &fuzzTransport{status: 200}
	c, err := New(Config{BaseURL: "http://ovo.invalid", ClientID: "cid", ClientSecret: "s", PrivateKey: key,
		HTTPClient: &http.Client{Transport: tr}, Retries: -1, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, money := range []string{`{"value":"1000.00","currency":"USD"}`, `{"value":"1000.00", "currency":"USD"}`,
		`{"currency":"SGD","value":1000}`, `{"value":"1000.00","currency":"RP"}`} {
		tr.body = []byte(`{"responseCode":"2003700","responseMessage":"Successful","customerName":"Budi","feeAmount":` + money + `}`)
		if res, err := c.Inquiry(ctx, InquiryRequest{CustomerNumber: "081234567890", Amount: IDR(20_000)}); err == nil {
			t.Errorf("inquiry with fee %s believed: %+v", money, *res.FeeAmount)
		}
		tr.body = []byte(`{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"OVO1","partnerReferenceNo":"R1","amount":` + money + `}`)
		_, err := c.TopUp(ctx, TopUpRequest{PartnerReferenceNo: "R1", CustomerNumber: "081234567890", Amount: IDR(1_000), FeeAmount: IDR(0)})
		if !ovo.IsUnknownOutcome(err) {
			t.Errorf("top up answered with amount %s: %v, want an unknown outcome", money, err)
		}
		tr.body = []byte(`{"responseCode":"2001100","responseMessage":"Successful","accountInfos":[{"balanceType":"DEPOSIT","availableBalance":` + money + `}]}`)
		if b, err := c.Balance(ctx); err == nil {
			t.Errorf("deposit %s believed: %+v", money, b)
		}
	}
	for in, want := range map[string]int64{`{"value":"5.00","currency":"IDR"}`: 5, `{"value":5}`: 5, `"5.00"`: 5, `{"value":"5","currency":"idr"}`: 5} {
		var a Amount
		if err := json.Unmarshal([]byte(in), &a); err != nil || a.Value != want {
			t.Errorf("%s: %+v %v", in, a, err)
		}
	}
}
