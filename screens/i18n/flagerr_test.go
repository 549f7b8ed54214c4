package i18n

import "testing"

// The flag libraries' refusals read in Indonesian; English keeps them.
func TestFlagError(t *testing.T) {
	for _, tc := range []struct{ msg, id string }{
		{`invalid argument "-5s" for "--timeout" flag: must not be negative (a Go duration, e.g. 30s)`,
			`nilai "-5s" tidak sah untuk --timeout: tidak boleh negatif (durasi Go, mis. 30s)`},
		{`invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax`,
			`nilai "x" tidak sah untuk --limit: bukan angka yang sah`},
		{`invalid value "x" for flag -idle-timeout: parse error`, `nilai "x" tidak sah untuk -idle-timeout: tidak bisa dibaca`},
		{`flag needs an argument: --phone`, `opsi --phone perlu nilai`},
		{`unknown shorthand flag: 'z' in -z`, `opsi tidak dikenal: -z`},
		{`flag provided but not defined: -nope`, `opsi tidak dikenal: -nope`},
	} {
		got, ok := New(ID).FlagError(tc.msg)
		if !ok || got != tc.id {
			t.Errorf("%q: %q %v, want %q", tc.msg, got, ok, tc.id)
		}
		if en, ok := New(EN).FlagError(tc.msg); ok || en != tc.msg {
			t.Errorf("en %q: %q %v", tc.msg, en, ok)
		}
	}
	if got, ok := New(ID).FlagError("something else"); ok || got != "something else" {
		t.Errorf("not a flag error: %q %v", got, ok)
	}
}
