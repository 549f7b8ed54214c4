package ovoclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// fastPathSeeds are answers a hand-written reader must treat as
// encoding/json does: duplicate keys, other case, escapes, null, numbers
// out of range, trailing bytes.
var fastPathSeeds = []string{
	`{"responseCode":"2003700","responseMessage":"Successful","referenceNo":"INQ1","customerNumber":"081234567890","customerName":"Budi","amount":{"value":"10000.00","currency":"IDR"}}`,
	`{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"OVO1","partnerReferenceNo":"R1","amount":{"value":"10000.0","currency":"IDR"}}`,
	`{"responseCode":"2003800","responseCode":"4003800"}`,
	`{"ResponseCode":"2003800"}`,
	`{"responseCode":"200\u00338\u0030\u0030"}`,
	`{"amount":{"value":"1e4","currency":"IDR"}}`,
	`{"amount":{"value":"-1.00","currency":"IDR"}}`,
	`{"amount":{"value":"99999999999999999999.00","currency":"IDR"}}`,
	`{"amount":{"value":"1.00","currency":"USD"}}`,
	`{"amount":null}`,
	`{"responseCode":"2003800"}x`,
	`{"a":{"b":{}}}`,
	`{}`,
	`{"responseCode":"2003800",}`,
}

// FuzzDecodeFlatSameAsJSON: whatever decodeFlat reads, json.Unmarshal reads
// to the same answer; what it declines it leaves untouched.
func FuzzDecodeFlatSameAsJSON(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range []func() any{func() any { return &InquiryResponse{} }, func() any { return &TopUpResponse{} }} {
			fast, slow := mk(), mk()
			if !decodeFlat(data, fast) {
				if !reflect.DeepEqual(fast, mk()) {
					t.Fatalf("%q: declined but changed %+v", data, fast)
				}
				continue
			}
			if err := json.Unmarshal(data, slow); err != nil || !reflect.DeepEqual(fast, slow) {
				t.Fatalf("%q:\nflat %+v\njson %+v (%v)", data, fast, slow, err)
			}
		}
	})
}

// FuzzCanonicalAmountSameAsGeneral: the canonical money object read by
// hand gives the general reading's amount and error.
func FuzzCanonicalAmountSameAsGeneral(f *testing.F) {
	for _, s := range []string{`{"value":"10000.00","currency":"IDR"}`, `{"value":"1.","currency":""}`, `{"value":"","currency":"IDR"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.TrimSpace(data)
		if _, _, ok := CanonicalAmount(data); !ok {
			return
		}
		var fast, general Amount
		ferr := fast.UnmarshalJSON(data)
		gerr := general.unmarshalGeneral(data)
		if fast != general || fmt.Sprint(ferr) != fmt.Sprint(gerr) {
			t.Fatalf("%q: canonical %+v %v, general %+v %v", data, fast, ferr, general, gerr)
		}
	})
}

// FuzzMinifySameAsCompact: Minify (with its shortcut) gives json.Compact's
// bytes for valid JSON and the body itself for anything else.
func FuzzMinifySameAsCompact(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"a" : "b\" c"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := data
		var b bytes.Buffer
		if err := json.Compact(&b, data); err == nil {
			want = b.Bytes()
		}
		if got := Minify(data); !bytes.Equal(got, want) {
			t.Fatalf("%q: Minify %q, Compact %q", data, got, want)
		}
	})
}
