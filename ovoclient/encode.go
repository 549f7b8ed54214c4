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

// ScanFlatObject reads data as the bodies AppendJSON writes: one JSON
// object, no whitespace, whose members are plain strings (printable ASCII,
// no escapes) or canonical money objects (CanonicalAmount), calling member
// with each name and value — a string's text without its quotes, or the
// money object's bytes. It reports false, at the first byte of any other
// form or when member does: the caller then reads data with encoding/json.
// ScanFlatFields is ScanFlatObject for a body whose members are known by
// name: fill is called with the field of fields whose name (as name reads
// it) is the member's, and data is refused (false) when a member has no
// field or comes twice (json would take the last: the caller then reads
// data with encoding/json, to that answer). At most 64 fields.
func ScanFlatFields[F any](data []byte, fields []F, name func(*F) string, fill func(f *F, value []byte, str bool) bool) bool {
	var seen uint64
	return ScanFlatObject(data, func(key, value []byte, str bool) bool {
		for i := range fields {
			if string(key) != name(&fields[i]) {
				continue
			}
			if seen&(1<<i) != 0 {
				return false
			}
			seen |= 1 << i
			return fill(&fields[i], value, str)
		}
		return false
	})
}

func ScanFlatObject(data []byte, member func(key, value []byte, str bool) bool) bool {
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' {
		return false
	}
	rest := data[1 : len(data)-1]
	for len(rest) > 0 {
		key, n := plainString(rest)
		if n == 0 || n >= len(rest) || rest[n] != ':' {
			return false
		}
		rest = rest[n+1:]
		var (
			value []byte
			str   bool
		)
		if len(rest) > 0 && rest[0] == '{' {
			end := 0
			for end < len(rest) && rest[end] != '}' {
				end++
			}
			if end == len(rest) {
				return false
			}
			value, n = rest[:end+1], end+1
			if _, _, ok := CanonicalAmount(value); !ok {
				return false
			}
		} else if value, n = plainString(rest); n == 0 {
			return false
		} else {
			str = true
		}
		if !member(key, value, str) {
			return false
		}
		rest = rest[n:]
		if len(rest) > 0 {
			if rest[0] != ',' || len(rest) == 1 {
				return false
			}
			rest = rest[1:]
		}
	}
	return true
}

// plainString reads a JSON string at the start of b made of printable
// ASCII without escapes: its text and the bytes it took (0: not one).
func plainString(b []byte) ([]byte, int) {
	if len(b) < 2 || b[0] != '"' {
		return nil, 0
	}
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return b[1:i], i + 1
		case c < 0x20 || c > 0x7e || c == '\\':
			return nil, 0
		}
	}
	return nil, 0
}

// flatField is a field of an answer as decodeFlat fills it: a string or a
// money object.
type flatField struct {
	name string
	str  *string
	amt  **Amount
}

// decodeFlat reads data into out as json.Unmarshal would, for the answers
// of inquiry and top up in the form AppendJSON writes them (ScanFlatObject,
// each known field at most once, no other field, every money value valid);
// false for anything else, with *out left as it was, for json to read.
func decodeFlat(data []byte, out any) bool {
	var fields []flatField
	switch o := out.(type) {
	case *InquiryResponse:
		v := InquiryResponse{}
		fields = []flatField{{"responseCode", &v.ResponseCode, nil}, {"responseMessage", &v.ResponseMessage, nil},
			{"referenceNo", &v.ReferenceNo, nil}, {"partnerReferenceNo", &v.PartnerReferenceNo, nil},
			{"sessionId", &v.SessionID, nil}, {"customerNumber", &v.CustomerNumber, nil},
			{"customerName", &v.CustomerName, nil}, {"minAmount", nil, &v.MinAmount}, {"maxAmount", nil, &v.MaxAmount},
			{"amount", nil, &v.Amount}, {"feeAmount", nil, &v.FeeAmount}, {"feeType", &v.FeeType, nil},
			{"customerMonthlyInLimit", nil, &v.CustomerMonthlyInLimit}}
		if !scanFields(data, fields) {
			return false
		}
		*o = v
	case *TopUpResponse:
		v := TopUpResponse{}
		fields = []flatField{{"responseCode", &v.ResponseCode, nil}, {"responseMessage", &v.ResponseMessage, nil},
			{"referenceNo", &v.ReferenceNo, nil}, {"partnerReferenceNo", &v.PartnerReferenceNo, nil},
			{"sessionId", &v.SessionID, nil}, {"customerNumber", &v.CustomerNumber, nil}, {"amount", nil, &v.Amount}}
		if !scanFields(data, fields) {
			return false
		}
		*o = v
	default:
		return false
	}
	return true
}

// scanFields fills fields from data (decodeFlat).
func scanFields(data []byte, fields []flatField) bool {
	return ScanFlatFields(data, fields, flatFieldName, fillFlatField)
}

func flatFieldName(f *flatField) string { return f.name }

// fillFlatField sets f from a member's value: a string or a money object,
// as f takes; false for the other kind or a money object json would refuse.
func fillFlatField(f *flatField, value []byte, str bool) bool {
	switch {
	case str && f.str != nil:
		*f.str = string(value)
		return true
	case !str && f.amt != nil:
		v, cur, _ := CanonicalAmount(value)
		a, err := canonicalAmount(v, cur)
		if err != nil {
			return false // json reads it, to the same error
		}
		*f.amt = &a
		return true
	}
	return false
}
