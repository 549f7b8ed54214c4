package ovoclient

import "strconv"

// AppendJSON appends the JSON of v exactly as json.Marshal writes it
// (escapeHTML) or as MarshalBody writes it (!escapeHTML), for the bodies of
// the calls a top up makes — InquiryRequest, TopUpRequest, and the answers
// Envelope, InquiryResponse, TopUpResponse — without json's reflection and
// its re-scan of every money object. ok is false for any other type, for a
// string json would escape, for additionalInfo that is not empty and for a
// money object json would refuse (negative): the caller then uses json.
func AppendJSON(dst []byte, v any, escapeHTML bool) (_ []byte, ok bool) {
	e := jsonEncoder{b: dst, ok: true, html: escapeHTML}
	e.b = append(e.b, '{')
	switch v := v.(type) {
	case Envelope:
		e.envelope(v)
	case InquiryResponse:
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
	case TopUpResponse:
		e.envelope(v.Envelope)
		e.str("referenceNo", v.ReferenceNo, true)
		e.str("partnerReferenceNo", v.PartnerReferenceNo, false)
		e.str("sessionId", v.SessionID, true)
		e.str("customerNumber", v.CustomerNumber, true)
		e.amount("amount", v.Amount)
	case InquiryRequest:
		e.first = true
		e.str("partnerReferenceNo", v.PartnerReferenceNo, true)
		e.str("customerNumber", v.CustomerNumber, false)
		e.amount("amount", &v.Amount)
		e.str("transactionDate", v.TransactionDate, false)
		e.ok = e.ok && len(v.AdditionalInfo) == 0
	case TopUpRequest:
		e.first = true
		e.str("partnerReferenceNo", v.PartnerReferenceNo, false)
		e.str("customerNumber", v.CustomerNumber, false)
		e.str("customerName", v.CustomerName, true)
		e.amount("amount", &v.Amount)
		e.amount("feeAmount", &v.FeeAmount)
		e.str("transactionDate", v.TransactionDate, false)
		e.str("sessionId", v.SessionID, true)
		e.str("notes", v.Notes, true)
		e.ok = e.ok && len(v.AdditionalInfo) == 0
	default:
		return dst, false
	}
	e.b = append(e.b, '}')
	return e.b, e.ok
}

// jsonEncoder writes one JSON object's members; ok turns false at the first
// value it cannot write as json would.
type jsonEncoder struct {
	b     []byte
	ok    bool
	html  bool // json.Marshal's escaping of '<', '>', '&'
	first bool // no member written yet
}

func (e *jsonEncoder) envelope(v Envelope) {
	e.first = true
	e.str("responseCode", v.ResponseCode, false)
	e.str("responseMessage", v.ResponseMessage, false)
}

// key writes a member's name.
func (e *jsonEncoder) key(name string) {
	if !e.first {
		e.b = append(e.b, ',')
	}
	e.first = false
	e.b = append(e.b, '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':')
}

// str writes a string member; omitEmpty leaves out "".
func (e *jsonEncoder) str(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	e.key(name)
	e.quote(v)
}

// amount writes a money object as Amount.MarshalJSON does; nil is left out
// (omitempty), a negative value (which MarshalJSON refuses) is not written.
func (e *jsonEncoder) amount(name string, a *Amount) {
	if a == nil {
		return
	}
	if a.Value < 0 {
		e.ok = false
		return
	}
	cur := a.Currency
	if cur == "" {
		cur = CurrencyIDR
	}
	e.key(name)
	e.b = append(e.b, `{"value":"`...)
	e.b = strconv.AppendInt(e.b, a.Value, 10)
	e.b = append(e.b, `.00","currency":`...)
	e.quote(cur)
	e.b = append(e.b, '}')
}

// quote writes s as a JSON string when no byte of it needs escaping (json
// escapes control characters, '"', '\\', with html '<', '>', '&', and
// rewrites what is not ASCII it doubts); otherwise ok turns false.
func (e *jsonEncoder) quote(s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', e.html && (c == '<' || c == '>' || c == '&'):
			e.ok = false
			return
		}
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, s...)
	e.b = append(e.b, '"')
}
