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
}
