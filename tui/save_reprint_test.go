package tui

import (
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// Saving a receipt (s) is not printing it: the slip viewed afterwards has
// no REPRINT mark, so the first paper slip will not have one either.
func TestJourneySaveIsNotAPrint(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			s := journey(t, testenv.Options{}, lang)
			checkoutOf(s, lang, ovosim.NumberBudi, "20000")
			s.typeText("y")
			s.waitFor(tr(lang, "BERHASIL", "SUCCESS"))
			s.typeSlowly("s")
			s.waitFor(tr(lang, "Struk disimpan", "Receipt saved"))
			s.typeSlowly("v")
			v := s.waitFor(tr(lang, "Struk · R00000001", "Receipt · R00000001"), "TOP UP OVO CASH") // the viewer; REPRINT would sit above the kind
			if strings.Contains(v, "REPRINT") {
				t.Fatalf("the slip says REPRINT after a save:\n%s", v)
			}
		})
	}
}
