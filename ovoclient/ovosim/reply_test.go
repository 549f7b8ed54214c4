package ovosim

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// The sandbox's answers: ovoclient.AppendJSON writes what json.Marshal
// writes, byte for byte, whenever it writes at all; it writes the answers
// the sandbox gives in a top up (plain ASCII) itself; what it declines
// (escapes, a negative amount, another type) json.Marshal writes.
func TestAppendReplySameAsJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 38))
	alpha := []string{"a", "Z", "0", " ", "{", "}", ".", "-", `"`, `\`, "<", ">", "&", "\n", "\x7f", "é", "\u2028", "\xff", "~"}
	str := func() string {
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
	amount := func() *ovoclient.Amount {
		switch r.IntN(5) {
		case 0:
			return nil
		case 1:
			return &ovoclient.Amount{Value: -r.Int64N(5)}
		case 2:
			return &ovoclient.Amount{Value: r.Int64N(1e15), Currency: str()}
		}
		a := ovoclient.IDR(r.Int64N(1e12))
		return &a
	}
	env := func() ovoclient.Envelope { return ovoclient.Envelope{ResponseCode: str(), ResponseMessage: str()} }
	written := 0
	for i := range 30000 {
		var body any
		switch i % 4 {
		case 0:
			body = env()
		case 1:
			body = ovoclient.InquiryResponse{Envelope: env(), ReferenceNo: str(), PartnerReferenceNo: str(), SessionID: str(),
				CustomerNumber: str(), CustomerName: str(), MinAmount: amount(), MaxAmount: amount(), Amount: amount(),
				FeeAmount: amount(), FeeType: str(), CustomerMonthlyInLimit: amount()}
		case 2:
			body = ovoclient.TopUpResponse{Envelope: env(), ReferenceNo: str(), PartnerReferenceNo: str(), SessionID: str(),
				CustomerNumber: str(), Amount: amount(), ExternalID: str()}
		case 3:
			body = ovoclient.BalanceResponse{Envelope: env()}
		}
		want, werr := json.Marshal(body)
		got, ok := ovoclient.AppendJSON(nil, body, true)
		if !ok {
			continue
		}
		written++
		if werr != nil || string(got) != string(want) {
			t.Fatalf("%#v:\n got %s\nwant %s (%v)", body, got, want, werr)
		}
	}
	if written < 1000 {
		t.Fatalf("only %d of 30000 written by AppendJSON", written)
	}
	// The answers of a top up's calls are written by it.
	minA, fee := ovoclient.IDR(10_000), ovoclient.IDR(1_000)
	for _, body := range []any{
		ovoclient.Envelope{ResponseCode: "4013701", ResponseMessage: "Invalid Field Format {amount.value}"},
		ovoclient.InquiryResponse{Envelope: ovoclient.Envelope{ResponseCode: "2003700", ResponseMessage: "Successful"},
			ReferenceNo: "INQ1", SessionID: "s", CustomerNumber: NumberBudi, CustomerName: "Budi Santoso", MinAmount: &minA,
			MaxAmount: &minA, Amount: &minA, FeeAmount: &fee, FeeType: "Admin fee", CustomerMonthlyInLimit: &minA},
		ovoclient.TopUpResponse{Envelope: ovoclient.Envelope{ResponseCode: "2003800", ResponseMessage: "Successful"},
			ReferenceNo: "OVO1", PartnerReferenceNo: "R1", CustomerNumber: NumberBudi, Amount: &minA},
	} {
		want, _ := json.Marshal(body)
		if got, ok := ovoclient.AppendJSON(nil, body, true); !ok || string(got) != string(want) {
			t.Fatalf("%#v: %s %v, want %s", body, got, ok, want)
		}
	}
}
