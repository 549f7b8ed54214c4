package i18n

import (
	"fmt"
	"regexp"
	"strings"
)

// The flag libraries (spf13/pflag under cobra, Go's flag for the local
// commands) refuse bad flags in English sentences of a fixed shape;
// FlagError says the same in the catalog's language.
var (
	reInvalidPflag = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`)
	reInvalidGo    = regexp.MustCompile(`^invalid (?:value|boolean value) "(.*)" for flag (-\S+): (.*)$`)
	reNeedsArg     = regexp.MustCompile(`^flag needs an argument: (.*)$`)
	reUnknownShort = regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.*)$`)
	reUnknownGo    = regexp.MustCompile(`^flag provided but not defined: (.*)$`)
)

// flagReasons words the reasons the flag values of this program give.
var flagReasons = []struct {
	prefix string
	words  pair
}{
	{"must not be negative", pair{"tidak boleh negatif (durasi Go, mis. 30s)", "must not be negative (a Go duration, e.g. 30s)"}},
	{"parse error", pair{"tidak bisa dibaca", "parse error"}},
	{"strconv.Parse", pair{"bukan angka yang sah", "not a valid number"}},
	{"time: invalid duration", pair{"bukan durasi (mis. 30s, 5m)", "not a duration (e.g. 30s, 5m)"}},
	{"time: unknown unit", pair{"bukan durasi (mis. 30s, 5m)", "not a duration (e.g. 30s, 5m)"}},
	{"time: missing unit", pair{"durasi tanpa satuan (mis. 30s, 5m)", "a duration without a unit (e.g. 30s, 5m)"}},
}

// flagErrWords are the sentences of FlagError.
var flagErrWords = map[string]pair{
	"invalid": {"nilai %q tidak sah untuk %s: %s", "invalid value %q for %s: %s"},
	"needs":   {"opsi %s perlu nilai", "flag %s needs a value"},
	"unknown": {"opsi tidak dikenal: %s", "unknown flag: %s"},
}

// FlagError is msg, a flag library's refusal, in the catalog's language;
// ok is false when msg is not one of their sentences (shown as it is).
// English keeps the library's own words. (pflag's "unknown flag: --x" is
// the command layer's CLIUnknownFlag, with its hint.)
func (c *Catalog) FlagError(msg string) (string, bool) {
	msg = strings.TrimSpace(msg)
	if c.Lang() == EN {
		return msg, false
	}
	w := func(k string, a ...any) string { return fmt.Sprintf(flagErrWords[k].in(c.Lang()), a...) }
	if m := reInvalidPflag.FindStringSubmatch(msg); m != nil {
		return w("invalid", m[1], m[2], c.flagReason(m[3])), true
	}
	if m := reInvalidGo.FindStringSubmatch(msg); m != nil {
		return w("invalid", m[1], m[2], c.flagReason(m[3])), true
	}
	if m := reNeedsArg.FindStringSubmatch(msg); m != nil {
		return w("needs", m[1]), true
	}
	if m := reUnknownShort.FindStringSubmatch(msg); m != nil {
		return w("unknown", "-"+m[1]), true
	}
	if m := reUnknownGo.FindStringSubmatch(msg); m != nil {
		return w("unknown", m[1]), true
	}
	return msg, false
}

// flagReason words a flag value's refusal reason, or keeps it.
func (c *Catalog) flagReason(r string) string {
	for _, f := range flagReasons {
		if strings.HasPrefix(r, f.prefix) {
			return f.words.in(c.Lang())
		}
	}
	return r
}
