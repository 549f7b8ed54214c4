package ovosim

import (
	"strconv"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// appendReply appends the JSON of body exactly as json.Marshal writes it,
// for the answers of the calls a top up makes (the envelope alone, account
// inquiry, top up), without json's reflection and the second scan of every
// money object. ok is false for any other type, for a string json would
// escape and for a money object json would refuse: json.Marshal then writes
// it (encode_test.go holds the two to the same bytes).
func appendReply(dst []byte, body any) (_ []byte, ok bool) {
	e := replyEncoder{b: dst, ok: true}
	switch v := body.(type) {
	case ovoclient.Envelope:
		e.envelope(v)
	case ovoclient.InquiryResponse:
		e.envelope(v.Envelope)
		e.str("referenceNo", v.ReferenceNo, true)
		e.str("partnerReferenceNo", v.PartnerReferenceNo, true)
		e.str("sessionId", v.SessionID, true)
		e.str("customerNumber", v.CustomerNumber, false)
		e.str("customerName", v.CustomerName, false)
		e.amount("minAmount", v.MinAmount)
		e.amount("maxAmount", v.MaxAmount)
		e.amount("amount", v.Amount)
		e.amount("feeAmount", v.FeeAmount)
		e.str("feeType", v.FeeType, true)
		e.amount("customerMonthlyInLimit", v.CustomerMonthlyInLimit)
	case ovoclient.TopUpResponse:
		e.envelope(v.Envelope)
		e.str("referenceNo", v.ReferenceNo, true)
		e.str("partnerReferenceNo", v.PartnerReferenceNo, false)
		e.str("sessionId", v.SessionID, true)
		e.str("customerNumber", v.CustomerNumber, true)
		e.amount("amount", v.Amount)
	default:
		return dst, false
	}
	e.b = append(e.b, '}')
	return e.b, e.ok
}

// replyEncoder writes one JSON object; ok turns false at the first value
// it cannot write as json.Marshal would.
type replyEncoder struct {
	b  []byte
	ok bool
}

func (e *replyEncoder) envelope(v ovoclient.Envelope) {
	e.b = append(e.b, '{')
	e.key("responseCode", true)
	e.quote(v.ResponseCode)
	e.str("responseMessage", v.ResponseMessage, false)
}

// key writes a member's name (first: no comma before it).
func (e *replyEncoder) key(name string, first bool) {
	if !first {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':')
}

// str writes a string member; omitEmpty leaves out "".
func (e *replyEncoder) str(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	e.key(name, false)
	e.quote(v)
}

// amount writes a money object as Amount.MarshalJSON does; nil is left out
// (omitempty), a negative value (which MarshalJSON refuses) is not written.
func (e *replyEncoder) amount(name string, a *ovoclient.Amount) {
	if a == nil {
		return
	}
	if a.Value < 0 {
		e.ok = false
		return
	}
	cur := a.Currency
	if cur == "" {
		cur = ovoclient.CurrencyIDR
	}
	e.key(name, false)
	e.b = append(e.b, `{"value":"`...)
	e.b = strconv.AppendInt(e.b, a.Value, 10)
	e.b = append(e.b, `.00","currency":`...)
	e.quote(cur)
	e.b = append(e.b, '}')
}

// quote writes s as a JSON string when no byte of it needs escaping (json
// escapes control characters, '"', '\\', '<', '>', '&' and rewrites
// anything not ASCII it doubts); otherwise ok turns false.
func (e *replyEncoder) quote(s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
			e.ok = false
			return
		}
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, s...)
	e.b = append(e.b, '"')
}
