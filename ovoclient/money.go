package ovoclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// CurrencyIDR is the only currency OVO Cash moves.
const CurrencyIDR = "IDR"

// Amount is SNAP's money object. Value is an integer count of rupiah (rupiah
// have no minor unit in practice); on the wire it is the decimal string with
// exactly two fraction digits, e.g. {"value":"10000.00","currency":"IDR"}.
type Amount struct {
	Value    int64
	Currency string
}

// IDR returns an Amount of rupiah in IDR.
func IDR(rupiah int64) Amount { return Amount{Value: rupiah, Currency: CurrencyIDR} }

// FormatValue renders rupiah as SNAP's value string, "10000.00". It refuses a
// negative value.
func FormatValue(rupiah int64) (string, error) {
	if rupiah < 0 {
		return "", fmt.Errorf("%w: %d is negative", ovo.ErrInvalidAmount, rupiah)
	}
	return strconv.FormatInt(rupiah, 10) + ".00", nil
}

// ParseValue reads SNAP's value string ("10000.00", also "10000" or "10000.0")
// into rupiah. A fraction other than zero, a sign, an exponent or anything
// but digits is refused.
func ParseValue(s string) (int64, error) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasFrac && (frac == "" || !allDigits(frac))) {
		return 0, fmt.Errorf("%w: %q is not a decimal number of rupiah", ovo.ErrInvalidAmount, s)
	}
	if strings.Trim(frac, "0") != "" {
		return 0, fmt.Errorf("%w: %q has a fraction of a rupiah", ovo.ErrInvalidAmount, s)
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("%w: %q is too large", ovo.ErrInvalidAmount, s)
	}
	v, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q: %v", ovo.ErrInvalidAmount, s, err)
	}
	return v, nil
}

// MarshalJSON writes the SNAP money object; it fails on a negative value so
// that no such request can ever be sent.
func (a Amount) MarshalJSON() ([]byte, error) {
	v, err := FormatValue(a.Value)
	if err != nil {
		return nil, err
	}
	cur := a.Currency
	if cur == "" {
		cur = CurrencyIDR
	}
	b := make([]byte, 0, len(`{"value":"","currency":""}`)+len(v)+len(cur))
	b = append(b, `{"value":`...)
	b = strconv.AppendQuote(b, v)
	b = append(b, `,"currency":`...)
	b = strconv.AppendQuote(b, cur)
	return append(b, '}'), nil
}

// UnmarshalJSON reads the SNAP money object with ParseValue's rules. Being
// tolerant in what it reads, it takes the value as a JSON string or a JSON
// number ({"value":10000.00}), and a bare value ("10000.00" or 10000) as IDR,
// for fields whose shape OVO has not published (customerMonthlyInLimit).
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if value, currency, ok := CanonicalAmount(b); ok {
		v, err := canonicalAmount(value, currency)
		if err != nil {
			return err
		}
		*a = v
		return nil
	}
	return a.unmarshalGeneral(b)
}

// canonicalAmount is the Amount of CanonicalAmount's two strings.
func canonicalAmount(value, currency string) (Amount, error) {
	v, err := ParseValue(value)
	if err != nil {
		return Amount{}, err
	}
	if err := checkCurrency(currency); err != nil {
		return Amount{}, err
	}
	return Amount{Value: v, Currency: currency}, nil
}

// checkCurrency refuses money in another currency than IDR: OVO Cash moves
// rupiah only, and a fee, a deposit or an amount stated in USD must not be
// read as that many rupiah. No currency at all (the tolerant forms) is
// taken as IDR; the code's case is not judged ("idr").
func checkCurrency(c string) error {
	if c != "" && !strings.EqualFold(c, CurrencyIDR) {
		return fmt.Errorf("%w: currency %q, OVO Cash moves IDR only", ovo.ErrInvalidAmount, truncate(c, 16))
	}
	return nil
}

// CanonicalAmount reads the money object in the form OVO, the sandbox and
// this client send, {"value":"<digits and dots>","currency":"<capital
// letters>"} exactly, into its two strings as json.Unmarshal would, without
// its reflection and second scan. ok is false for any other form (spaces,
// another field order, escapes, other fields), which the caller reads the
// general way.
func CanonicalAmount(b []byte) (value, currency string, ok bool) {
	const head, mid, tail = `{"value":"`, `","currency":"`, `"}`
	if len(b) < len(head)+len(mid)+len(tail) || string(b[:len(head)]) != head || string(b[len(b)-len(tail):]) != tail {
		return "", "", false
	}
	rest := b[len(head) : len(b)-len(tail)]
	i := bytes.Index(rest, []byte(mid))
	if i < 0 {
		return "", "", false
	}
	v, c := rest[:i], rest[i+len(mid):]
	for _, ch := range v {
		if (ch < '0' || ch > '9') && ch != '.' {
			return "", "", false
		}
	}
	for _, ch := range c {
		if ch < 'A' || ch > 'Z' {
			return "", "", false
		}
	}
	return string(v), string(c), true
}

// unmarshalGeneral is UnmarshalJSON for every form (b trimmed).
func (a *Amount) unmarshalGeneral(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		v, err := parseValueJSON(b)
		if err != nil {
			return err
		}
		a.Value, a.Currency = v, CurrencyIDR
		return nil
	}
	var w struct {
		Value    json.RawMessage `json:"value"`
		Currency string          `json:"currency"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("%w: %v", ovo.ErrInvalidAmount, err)
	}
	if len(w.Value) == 0 || string(w.Value) == "null" {
		return fmt.Errorf("%w: value missing", ovo.ErrInvalidAmount)
	}
	v, err := parseValueJSON(w.Value)
	if err != nil {
		return err
	}
	if err := checkCurrency(w.Currency); err != nil {
		return err
	}
	a.Value, a.Currency = v, w.Currency
	return nil
}

// parseValueJSON reads a money value given as a JSON string ("10000.00") or
// a JSON number (10000.00, 10000) with ParseValue's rules: no sign, no
// exponent, no fraction of a rupiah.
func parseValueJSON(b []byte) (int64, error) {
	s, err := numberText(b)
	if err != nil {
		return 0, err
	}
	return ParseValue(s)
}

// numberText is the text of a JSON string or a JSON number.
func numberText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", fmt.Errorf("%w: %v", ovo.ErrInvalidAmount, err)
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil || len(b) == 0 {
		return "", fmt.Errorf("%w: %s is neither a string nor a number", ovo.ErrInvalidAmount, truncate(string(b), 40))
	}
	return n.String(), nil
}

// NumberText is a number-like field that SNAP sends as a string ("900") but
// a peer may send as a JSON number (900): it reads both and keeps the text;
// it is written back as a string.
type NumberText string

// UnmarshalJSON reads a JSON string or number (null leaves it empty).
func (n *NumberText) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*n = ""
		return nil
	}
	s, err := numberText(b)
	if err != nil {
		return err
	}
	*n = NumberText(s)
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
