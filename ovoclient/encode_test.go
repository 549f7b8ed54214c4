package ovoclient

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// The request bodies: AppendJSON without HTML escaping writes what
// encoding/json writes for MarshalBody, byte for byte, whenever it writes
// at all, and it writes the bodies this client sends in a top up itself.
func TestAppendJSONSameAsMarshalBody(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 37))
	str := func() string { return randomText(r) }
	amount := func() Amount {
		switch r.IntN(4) {
		case 0:
			return Amount{Value: -r.Int64N(5)}
		case 1:
			return Amount{Value: r.Int64N(1e15), Currency: str()}
		}
		return IDR(r.Int64N(1e12))
	}
	info := func() map[string]any {
		switch r.IntN(4) {
		case 0:
			return map[string]any{"k": str()}
		case 1:
			return map[string]any{}
		}
		return nil
	}
	sameAsJSON(t, func(i int) any {
		var body any
		if i%2 == 0 {
			body = InquiryRequest{PartnerReferenceNo: str(), CustomerNumber: str(), Amount: amount(), TransactionDate: str(), AdditionalInfo: info()}
		} else {
			body = TopUpRequest{PartnerReferenceNo: str(), CustomerNumber: str(), CustomerName: str(), Amount: amount(), FeeAmount: amount(),
				TransactionDate: str(), SessionID: str(), Notes: str(), AdditionalInfo: info()}
		}
		return body
	}, false, marshalBodyJSON)
	for _, body := range []any{
		InquiryRequest{CustomerNumber: "081234567890", Amount: IDR(50_000), TransactionDate: "2026-12-02T09:00:00+07:00"},
		TopUpRequest{PartnerReferenceNo: "TESTINST-0000000001", CustomerNumber: "081234567890", CustomerName: "Budi Santoso",
			Amount: IDR(50_000), FeeAmount: IDR(1_000), TransactionDate: "2026-12-02T09:00:00+07:00", SessionID: "abc", Notes: "a & b <c>"},
	} {
		want, _ := marshalBodyJSON(body)
		if got, ok := AppendJSON(nil, body, false); !ok || string(got) != string(want) {
			t.Fatalf("%#v: %s %v, want %s", body, got, ok, want)
		}
	}
}

// decodeFlat reads an answer exactly as json.Unmarshal does whenever it
// reads it at all, and it reads the sandbox's answers.
func TestDecodeFlatSameAsJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 40))
	keys := []string{"responseCode", "responseMessage", "referenceNo", "partnerReferenceNo", "sessionId", "customerNumber",
		"customerName", "minAmount", "maxAmount", "amount", "feeAmount", "feeType", "customerMonthlyInLimit", "additionalInfo", "Amount", "-"}
	values := []string{`"a"`, `""`, `"2003700"`, `"x y<&>"`, `"é"`, `"a\"b"`, `null`, `1`, `{}`, `true`,
		`{"value":"10000.00","currency":"IDR"}`, `{"value":"1","currency":"X"}`, `{"value":"1.50","currency":"IDR"}`, `{"value":"","currency":"IDR"}`}
	read := 0
	for i := range 30000 {
		var b strings.Builder
		b.WriteByte('{')
		for j := range r.IntN(7) {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + keys[r.IntN(len(keys))] + `":` + values[r.IntN(len(values))])
		}
		b.WriteByte('}')
		data := []byte(b.String())
		var fast, slow any = &InquiryResponse{}, &InquiryResponse{}
		if i%2 == 1 {
			fast, slow = &TopUpResponse{}, &TopUpResponse{}
		}
		if !decodeFlat(data, fast) {
			continue
		}
		read++
		if err := json.Unmarshal(data, slow); err != nil || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%s:\nflat %+v\njson %+v (%v)", data, fast, slow, err)
		}
	}
	if read < 1000 {
		t.Fatalf("only %d of 30000 read by decodeFlat", read)
	}
	minA := IDR(10_000)
	data, _ := AppendJSON(nil, InquiryResponse{Envelope: Envelope{ResponseCode: "2003700", ResponseMessage: "Successful"},
		ReferenceNo: "INQ1", SessionID: "s", CustomerNumber: "081234567890", CustomerName: "Budi Santoso", MinAmount: &minA,
		MaxAmount: &minA, Amount: &minA, FeeAmount: &minA, FeeType: "Admin fee", CustomerMonthlyInLimit: &minA}, true)
	var got InquiryResponse
	if !decodeFlat(data, &got) || got.CustomerName != "Budi Santoso" || *got.FeeAmount != minA {
		t.Fatalf("the sandbox's answer %s: %+v", data, got)
	}
}

// randomText is up to 11 characters, a third of them drawn from those JSON
// escapes or rewrites, or "" a quarter of the time.
func randomText(r *rand.Rand) string {
	alpha := []string{"a", "Z", "0", " ", "{", "}", ".", "-", `"`, `\`, "<", ">", "&", "\n", "\x7f", "é", "\u2028", "\xff", "~"}
	if r.IntN(4) == 0 {
		return ""
	}
	s := ""
	for range r.IntN(12) {
		if r.IntN(3) == 0 {
			s += alpha[r.IntN(len(alpha))]
		} else {
			s += string(rune('a' + r.IntN(26)))
		}
	}
	return s
}

// The sandbox's answers: AppendJSON writes what json.Marshal
// writes, byte for byte, whenever it writes at all; it writes the answers
// the sandbox gives in a top up (plain ASCII) itself; what it declines
// (escapes, a negative amount, another type) json.Marshal writes.
func TestAppendJSONSameAsMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 38))
	str := func() string { return randomText(r) }
	amount := func() *Amount {
		switch r.IntN(5) {
		case 0:
			return nil
		case 1:
			return &Amount{Value: -r.Int64N(5)}
		case 2:
			return &Amount{Value: r.Int64N(1e15), Currency: str()}
		}
		a := IDR(r.Int64N(1e12))
		return &a
	}
	env := func() Envelope { return Envelope{ResponseCode: str(), ResponseMessage: str()} }
	sameAsJSON(t, func(i int) any {
		var body any
		switch i % 4 {
		case 0:
			body = env()
		case 1:
			body = InquiryResponse{Envelope: env(), ReferenceNo: str(), PartnerReferenceNo: str(), SessionID: str(),
				CustomerNumber: str(), CustomerName: str(), MinAmount: amount(), MaxAmount: amount(), Amount: amount(),
				FeeAmount: amount(), FeeType: str(), CustomerMonthlyInLimit: amount()}
		case 2:
			body = TopUpResponse{Envelope: env(), ReferenceNo: str(), PartnerReferenceNo: str(), SessionID: str(),
				CustomerNumber: str(), Amount: amount(), ExternalID: str()}
		case 3:
			body = BalanceResponse{Envelope: env()}
		}
		return body
	}, true, json.Marshal)
	// The answers of a top up's calls are written by it.
	minA, fee := IDR(10_000), IDR(1_000)
	for _, body := range []any{
		Envelope{ResponseCode: "4013701", ResponseMessage: "Invalid Field Format {amount.value}"},
		InquiryResponse{Envelope: Envelope{ResponseCode: "2003700", ResponseMessage: "Successful"},
			ReferenceNo: "INQ1", SessionID: "s", CustomerNumber: "081234567890", CustomerName: "Budi Santoso", MinAmount: &minA,
			MaxAmount: &minA, Amount: &minA, FeeAmount: &fee, FeeType: "Admin fee", CustomerMonthlyInLimit: &minA},
		TopUpResponse{Envelope: Envelope{ResponseCode: "2003800", ResponseMessage: "Successful"},
			ReferenceNo: "OVO1", PartnerReferenceNo: "R1", CustomerNumber: "081234567890", Amount: &minA},
	} {
		want, _ := json.Marshal(body)
		if got, ok := AppendJSON(nil, body, true); !ok || string(got) != string(want) {
			t.Fatalf("%#v: %s %v, want %s", body, got, ok, want)
		}
	}
}

// sameAsJSON holds AppendJSON (html escaping or not) to want on 30,000
// bodies made by body: the same bytes whenever AppendJSON writes, and at
// least 1,000 written by it.
func sameAsJSON(t *testing.T, body func(i int) any, html bool, want func(any) ([]byte, error)) {
	t.Helper()
	written := 0
	for i := range 30000 {
		b := body(i)
		w, werr := want(b)
		got, ok := AppendJSON(nil, b, html)
		if !ok {
			continue
		}
		written++
		if werr != nil || string(got) != string(w) {
			t.Fatalf("%#v:\n got %s\nwant %s (%v)", b, got, w, werr)
		}
	}
	if written < 1000 {
		t.Fatalf("only %d of 30000 written by AppendJSON", written)
	}
}
