// Package logx is the cashier's log: a slog handler that masks phone
// numbers as slips do and stamps times in the outlet's zone, in text
// (key=value) or JSON, and a size-rotated log file with a bounded number of
// old files.
package logx

import (
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"time"

	"github.com/ovocashier/ovocashier/receipts"
)

// Formats of NewHandler.
const (
	FormatText = "text" // key=value lines
	FormatJSON = "json" // one JSON object a line, for log shippers
)

// phoneRE matches an Indonesian mobile number standing alone: 08…, 628…,
// +628…, 7 to 11 digits after the 8, also as typed with single spaces or
// dashes between the digits (0812-3456-7890, +62 812 3456 7890), the way the
// cashier accepts them. Longer digit runs (references, external ids) do not
// match.
var phoneRE = regexp.MustCompile(`(?:^|[^0-9A-Za-z])((?:\+62|62|0)[ -]?8(?:[ -]?[0-9]){7,11})(?:$|[^0-9A-Za-z])`)

// MaskPhones replaces every phone number in s by its masked form, as on a
// slip: "081234567890" → "0812****7890".
func MaskPhones(s string) string {
	var out []byte
	last := 0
	// Each search starts right after the previous number, so the separator
	// between two numbers bounds both.
	for pos := 0; pos < len(s); {
		m := phoneRE.FindStringSubmatchIndex(s[pos:])
		if m == nil {
			break
		}
		start, end := pos+m[2], pos+m[3]
		out = append(out, s[last:start]...)
		out = append(out, receipts.MaskPhone(s[start:end])...)
		last, pos = end, end
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// NewHandler is the log's handler on w: format FormatText or FormatJSON
// (anything else is text), level Info, times in loc (nil: Asia/Jakarta)
// with its offset, and every phone number masked — in the message, in
// string values and in errors and other values that print as text.
func NewHandler(w io.Writer, format string, loc *time.Location) slog.Handler {
	if loc == nil {
		loc = receipts.WIB
	}
	opts := &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		return maskAttr(a, loc)
	}}
	if format == FormatJSON {
		return slog.NewJSONHandler(w, opts)
	}
	return slog.NewTextHandler(w, opts)
}

func maskAttr(a slog.Attr, loc *time.Location) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindTime:
		a.Value = slog.TimeValue(a.Value.Time().In(loc))
	case slog.KindString:
		if s := a.Value.String(); phoneRE.MatchString(s) {
			a.Value = slog.StringValue(MaskPhones(s))
		}
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case error:
			a.Value = slog.StringValue(MaskPhones(v.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(MaskPhones(v.String()))
		case []byte:
			a.Value = slog.StringValue(MaskPhones(string(v)))
		case []string:
			masked := make([]string, len(v))
			for i, s := range v {
				masked[i] = MaskPhones(s)
			}
			a.Value = slog.AnyValue(masked)
		default:
			// Any other value (a struct, a map, a slice of numbers) prints as
			// fmt does: when that shows a phone number, it is logged as that
			// text, masked.
			if s := fmt.Sprint(v); phoneRE.MatchString(s) {
				a.Value = slog.StringValue(MaskPhones(s))
			}
		}
	}
	return a
}
