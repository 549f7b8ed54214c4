package ovosim

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// decodeBody reads a JSON object into v. Not JSON, trailing data or not an
// object → 400xx00; a known field of the wrong JSON type → 400xx01 {field}.
func decodeBody(service string, body []byte, v any) (reply, bool) {
	err := json.Unmarshal(body, v)
	if err == nil {
		return reply{}, true
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return badFormat(service, te.Field), false
	}
	return answer(service, http.StatusBadRequest, "00", "Bad Request"), false
}

// fields checks mandatory and optional fields in order and stops at the
// first fault.
type fields struct {
	service string
	rep     reply
	failed  bool
}

func (f *fields) fail(rep reply) {
	if !f.failed {
		f.rep, f.failed = rep, true
	}
}

// str checks a string field: mandatory fields must be present and non-empty;
// a present value must satisfy ok.
func (f *fields) str(name string, v *string, mandatory bool, ok func(string) bool) string {
	if f.failed {
		return ""
	}
	if v == nil || *v == "" {
		if mandatory {
			f.fail(missing(f.service, name))
		}
		return ""
	}
	if ok != nil && !ok(*v) {
		f.fail(badFormat(f.service, name))
		return ""
	}
	return *v
}

// money checks a SNAP money object: {"value":"10000.00","currency":"IDR"}
// with exactly two decimals, a zero fraction, and IDR.
func (f *fields) money(name string, raw json.RawMessage) int64 {
	if f.failed {
		return 0
	}
	if len(raw) == 0 || string(raw) == "null" {
		f.fail(missing(f.service, name))
		return 0
	}
	var a struct {
		Value    *string `json:"value"`
		Currency *string `json:"currency"`
	}
	if value, currency, ok := ovoclient.CanonicalAmount(raw); ok {
		// The form clients send, read without reflection: what
		// json.Unmarshal gives for it.
		a.Value, a.Currency = &value, &currency
	} else if err := json.Unmarshal(raw, &a); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			f.fail(badFormat(f.service, name+"."+te.Field))
		} else {
			f.fail(badFormat(f.service, name))
		}
		return 0
	}
	value := f.str(name+".value", a.Value, true, validMoneyValue)
	f.str(name+".currency", a.Currency, true, func(c string) bool { return c == ovoclient.CurrencyIDR })
	if f.failed {
		return 0
	}
	v, err := ovoclient.ParseValue(value)
	if err != nil {
		f.fail(badFormat(f.service, name+".value"))
		return 0
	}
	return v
}

// optMoney checks an optional money object: absent (or null) is fine and
// given is false; a present one must be valid as for money.
func (f *fields) optMoney(name string, raw json.RawMessage) (v int64, given bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false
	}
	return f.money(name, raw), true
}

// The field formats are checked by hand (regexps were a per-call cost of
// every request): validate_test.go holds each check against the regexp it
// replaces.

// validMoneyValue reports whether s is a money value: 1 to 15 digits and
// ".00" (the regexp ^[0-9]{1,15}\.00$).
func validMoneyValue(s string) bool {
	whole, ok := strings.CutSuffix(s, ".00")
	return ok && len(whole) >= 1 && len(whole) <= 15 && digits(whole)
}

// printable reports whether s is 1 to max printable ASCII characters, no
// spaces (the regexp ^[!-~]{1,max}$).
func printable(s string, max int) bool {
	if len(s) < 1 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '!' || s[i] > '~' {
			return false
		}
	}
	return true
}

// digits reports whether every byte of s is an ASCII digit.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validSessionText reports whether s can be a sessionId at all (whether it
// was issued is checked later, as a business rule): any plausible session
// id, 1 to 128 printable characters.
func validSessionText(s string) bool { return printable(s, 128) }

// validReference reports whether s can be a partnerReferenceNo: printable
// ASCII, no spaces, 1 to 64.
func validReference(s string) bool { return printable(s, 64) }

// validTimestamp reports whether s is a SNAP timestamp.
func validTimestamp(s string) bool {
	_, ok := parseSNAPTime(s)
	return ok
}

// member is a field of a request body as decodeFlat fills it: a string, or
// a raw JSON value.
type member struct {
	name string
	str  **string
	raw  *json.RawMessage
}

// decodeFlat reads body as json.Unmarshal would into the fields ms name,
// when body is in the form clients send (ovoclient.ScanFlatObject: plain
// strings and canonical money objects, each field at most once, no other
// field); false for anything else, which decodeBody reads. On false the
// fields may be half filled: start again from zero.
func decodeFlat(body []byte, ms []member) bool {
	return ovoclient.ScanFlatFields(body, ms, memberName, fillMember)
}

func memberName(m *member) string { return m.name }

// fillMember sets m from a member's value: a string, or a money object's
// raw bytes, as m takes; false for the other kind.
func fillMember(m *member, value []byte, str bool) bool {
	switch {
	case str && m.str != nil:
		s := string(value)
		*m.str = &s
		return true
	case !str && m.raw != nil:
		*m.raw = append(json.RawMessage(nil), value...)
		return true
	}
	return false
}
