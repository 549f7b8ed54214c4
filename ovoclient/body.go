package ovoclient

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// MarshalBody serialises a request body the way SNAP verifiers expect:
// compact JSON in field order, without Go's HTML escaping (`&`, `<`, `>`
// stay as they are, so a verifier that re-serialises the parsed body hashes
// the same bytes), and without the trailing newline json.Encoder adds. The
// client signs exactly these bytes and sends exactly these bytes.
func MarshalBody(v any) ([]byte, error) {
	if b, ok := AppendJSON(make([]byte, 0, 256), v, false); ok {
		return b, nil
	}
	return marshalBodyJSON(v)
}

// marshalBodyJSON is MarshalBody by encoding/json, for every type.
func marshalBodyJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// truncate cuts an untrusted string (a header of an answer) to at most n
// bytes, on a rune boundary, for logs and messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
