package ovosim

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// Each hand-written format check accepts exactly what the regexp it
// replaced accepts: on hand-picked edges and on random strings made of the
// characters that matter.
func TestFormatChecksSameAsRegexps(t *testing.T) {
	checks := []struct {
		name  string
		re    string
		check func(string) bool
		alpha string // random strings are drawn from these
		cases []string
	}{
		{"money value", `^[0-9]{1,15}\.00$`, validMoneyValue, "0123456789.0 -x",
			[]string{"", ".00", "0.00", "1.00", "1.0", "1.000", "123456789012345.00", "1234567890123456.00", "-1.00", "1,00", "１.00", "1.00\n"}},
		{"reference", `^[!-~]{1,64}$`, validReference, "aZ09!~ \x7f\t\xc3\xa9",
			[]string{"", "a", " ", "a b", strings.Repeat("x", 64), strings.Repeat("x", 65), "é", "~!", "a\n", "\x7f"}},
		{"session", `^[!-~]{1,128}$`, validSessionText, "aZ09!~ \x7f",
			[]string{"", strings.Repeat("x", 128), strings.Repeat("x", 129), "s-1"}},
		{"external id", `^[0-9]{1,36}$`, validExternalID, "0123456789a -",
			[]string{"", "0", strings.Repeat("9", 36), strings.Repeat("9", 37), "12a", "١٢"}},
		{"phone", `^08[0-9]{8,11}$`, validPhone, "0123456789+",
			[]string{"", "08", "0812345678", "081234567", "0812345678901", "08123456789012", "+6281234567890", "0912345678", "08１2345678"}},
		{"timestamp", `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?([+-][0-9]{2}:[0-9]{2}|Z)$`, snapTimeForm, "0123456789-T:.+Z",
			[]string{"", "2020-12-21T17:07:11+07:00", "2020-12-21T17:07:11.123+07:00", "2020-12-21T17:07:11Z", "2020-12-21T17:07:11.123Z",
				"2020-12-21T17:07:11", "2020-12-21T17:07:11.12+07:00", "2020-12-21T17:07:11.1234+07:00", "2020-12-21T17:07:11+0700",
				"2020-12-21 17:07:11+07:00", "2020-12-21T17:07:11-07:00", "2020-12-21T17:07:11+07:00Z", "2020-12-21T17:07:11z", "2020-12-21T17:07:11.Z"}},
	}
	r := rand.New(rand.NewPCG(17, 17))
	for _, c := range checks {
		re := regexp.MustCompile(c.re)
		inputs := append([]string(nil), c.cases...)
		for range 20000 {
			var b strings.Builder
			for range r.IntN(40) {
				b.WriteByte(c.alpha[r.IntN(len(c.alpha))])
			}
			inputs = append(inputs, b.String())
		}
		// Near misses of a valid case: one byte changed.
		for _, v := range c.cases {
			for i := range len(v) {
				for _, ch := range []byte(c.alpha) {
					inputs = append(inputs, v[:i]+string(ch)+v[i+1:])
				}
			}
		}
		for _, in := range inputs {
			if got, want := c.check(in), re.MatchString(in); got != want {
				t.Errorf("%s %q: %v, the regexp says %v", c.name, in, got, want)
			}
		}
	}
}

// fields.money reads the canonical money object without json.Unmarshal:
// for every input CanonicalAmount takes, json.Unmarshal gives the same two
// strings, and the answers of money agree with a decoding by json.
func TestMoneyCanonicalSameAsJSON(t *testing.T) {
	for _, in := range []string{
		`{"value":"10000.00","currency":"IDR"}`, `{"value":"","currency":""}`, `{"value":"1.2.3","currency":"USD"}`,
		`{"value":"10000","currency":"IDR"}`, `{"value":"0.50","currency":"IDR"}`, `{"value":"1234567890123456.00","currency":"IDR"}`,
	} {
		value, currency, ok := ovoclient.CanonicalAmount([]byte(in))
		if !ok {
			t.Fatalf("%s not canonical", in)
		}
		var a struct {
			Value    *string `json:"value"`
			Currency *string `json:"currency"`
		}
		if err := json.Unmarshal([]byte(in), &a); err != nil || a.Value == nil || a.Currency == nil || *a.Value != value || *a.Currency != currency {
			t.Fatalf("%s: json %v %v %v, canonical %q %q", in, a.Value, a.Currency, err, value, currency)
		}
		f := fields{service: "38"}
		got := f.money("amount", json.RawMessage(in))
		// The same object with a space: not canonical, read by json.
		g := fields{service: "38"}
		want := g.money("amount", json.RawMessage(strings.Replace(in, ":", ": ", 1)))
		if got != want || f.failed != g.failed || f.rep.code != g.rep.code || f.rep.msg != g.rep.msg {
			t.Errorf("%s: %d %+v, by json %d %+v", in, got, f.rep, want, g.rep)
		}
	}
}

// decodeFlat fills a request exactly as json.Unmarshal does whenever it
// reads the body at all, and it reads the bodies the client sends.
func TestDecodeFlatSameAsJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 39))
	keys := []string{"partnerReferenceNo", "customerNumber", "customerName", "amount", "feeAmount", "transactionDate",
		"sessionId", "notes", "additionalInfo", "CustomerNumber", "x"}
	values := []string{`"a"`, `""`, `"0812345678"`, `"x y<&>"`, `"é"`, `"a\"b"`, `"a\\b"`, `null`, `1`, `{}`, `[]`, `true`,
		`{"value":"10000.00","currency":"IDR"}`, `{"value":"1","currency":"X"}`, `{"value":"1.00"}`, `"\u0041"`}
	body := func() string {
		var b strings.Builder
		b.WriteByte('{')
		for i := range r.IntN(6) {
			if i > 0 {
				b.WriteByte(',')
			}
			if r.IntN(30) == 0 {
				b.WriteByte(' ')
			}
			b.WriteString(`"` + keys[r.IntN(len(keys))] + `":` + values[r.IntN(len(values))])
		}
		if r.IntN(30) == 0 {
			b.WriteByte(',')
		}
		b.WriteByte('}')
		return b.String()
	}
	read := 0
	for range 30000 {
		in := body()
		var fast, slow topUpIn
		ok := decodeFlat([]byte(in), fast.members())
		if !ok {
			continue
		}
		read++
		if err := json.Unmarshal([]byte(in), &slow); err != nil || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%s:\nflat %+v\njson %+v (%v)", in, fast, slow, err)
		}
		var ifast, islow inquiryIn
		if decodeFlat([]byte(in), ifast.members()) {
			if err := json.Unmarshal([]byte(in), &islow); err != nil || !reflect.DeepEqual(ifast, islow) {
				t.Fatalf("%s:\nflat %+v\njson %+v (%v)", in, ifast, islow, err)
			}
		}
	}
	if read < 1000 {
		t.Fatalf("only %d of 30000 read by decodeFlat", read)
	}
	sent, _ := ovoclient.MarshalBody(ovoclient.TopUpRequest{PartnerReferenceNo: "R-1", CustomerNumber: NumberBudi, CustomerName: "Budi",
		Amount: ovoclient.IDR(50_000), FeeAmount: ovoclient.IDR(1_000), TransactionDate: "2026-12-02T09:00:00+07:00", SessionID: "s", Notes: "n"})
	var in topUpIn
	if !decodeFlat(sent, in.members()) {
		t.Fatalf("the client's body %s is not read", sent)
	}
}
