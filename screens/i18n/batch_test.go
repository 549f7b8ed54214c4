package i18n

import (
	"slices"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
)

func TestEveryBatchTextInBothLanguages(t *testing.T) {
	check := func(name string, p pair) {
		t.Helper()
		if p.id == "" || p.en == "" {
			t.Errorf("%s: a language is missing: %q / %q", name, p.id, p.en)
		}
		if a, b := verbs(p.id), verbs(p.en); !slices.Equal(a, b) {
			t.Errorf("%s: verbs differ: %v / %v", name, a, b)
		}
	}
	if len(batchTexts) != int(batchKeys) {
		t.Errorf("%d batch texts for %d keys", len(batchTexts), batchKeys)
	}
	for k := BatchKey(0); k < batchKeys; k++ {
		check("batch key", batchTexts[k])
	}
	for code, p := range batchReasons {
		check("reason "+code, p)
	}
	for code, p := range batchFileTexts {
		check("file "+code, p)
	}
	for _, m := range []map[string]pair{batchStates, batchWholeStates} {
		for s, p := range m {
			check("state "+s, p)
		}
	}
	// Every file refusal of the parser has words.
	for _, data := range []string{"\xFF\xFEx", "a\x00", "phone,amount\n081234567890,\xff\n", "phone\tamount\n", "phone,bank\n", "phone\n", "", "phone,amount\n\"x\n"} {
		_, err := cashier.ParseBatch([]byte(data))
		fe, ok := err.(*cashier.BatchFileError)
		if !ok {
			t.Errorf("%q: %v", data, err)
			continue
		}
		if _, ok := batchFileTexts[fe.Code]; !ok {
			t.Errorf("file refusal %q has no words", fe.Code)
		}
	}
	if got := New("en").BatchReason(cashier.ReasonRowLimit, "10000-10000000"); !strings.Contains(got, "Rp10.000–Rp10.000.000") {
		t.Errorf("limit reason %q", got)
	}
	for _, tc := range []struct{ lang, code, arg, want string }{
		{"en", cashier.ReasonRowAboveMax, "10000000", "above OVO's per-transaction maximum (Rp10.000.000)"},
		{"id", cashier.ReasonRowAboveMax, "10000000", "di atas batas OVO per transaksi (Rp10.000.000)"},
		{"en", cashier.ReasonRowMakerTxn, "cashier:1000000", "above the limit of a cashier (Rp1.000.000) per transaction"},
		{"id", cashier.ReasonRowMakerDay, "cashier:5000000", "melewati batas harian kasir (Rp5.000.000)"},
	} {
		if got := New(tc.lang).BatchReason(tc.code, tc.arg); !strings.Contains(got, tc.want) {
			t.Errorf("%s %s: %q lacks %q", tc.lang, tc.code, got, tc.want)
		}
	}
}
