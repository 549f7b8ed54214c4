package i18n

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// A number several other outlets hold names them, in each language, with
// the kind of number in that language; the error still reads as not found.
func TestAmbiguousNamesTheOutlets(t *testing.T) {
	e := &ledger.AmbiguousError{What: "receipt", Number: "R00000001", Outlets: []string{"Blok M", "Kemang"},
		NotFound: fmt.Errorf("%w: receipt R00000001", ledger.ErrNotFound)}
	for _, c := range []struct{ lang, want string }{
		{"en", "receipt R00000001 is at 2 outlets (Blok M, Kemang), none of them this one"},
		{"id", "struk R00000001 ada di 2 outlet (Blok M, Kemang), bukan outlet ini"},
	} {
		if got := New(c.lang).Ambiguous(e); !strings.HasPrefix(got, c.want) || !strings.Contains(got, "--outlet") {
			t.Errorf("%s: %q, want it to start %q and name --outlet", c.lang, got, c.want)
		}
	}
	if got := New("id").Ambiguous(&ledger.AmbiguousError{What: "approval", Number: "A00000001", Outlets: []string{"A", "B"}}); !strings.HasPrefix(got, "persetujuan A00000001") {
		t.Errorf("approval in Indonesian: %q", got)
	}
}

// The fleet's columns use the words every other place uses: "Top up" (never
// another Indonesian word for it) and, for transactions pending or unknown,
// "belum final" / "not final" as `fleet --help` and the Z report say —
// "belum pasti" is the state unknown alone, which the column is not.
func TestFleetColumnsUseTheGlossary(t *testing.T) {
	id, en := New("id"), New("en")
	if got, want := id.T(FleetColTopUps), strings.ToUpper(id.T(KindTopUpShort)); !strings.Contains(got, want) {
		t.Errorf("fleet top ups column in Indonesian %q: want it to say %q, as history does", got, want)
	}
	if got, want := en.T(FleetColTopUps), strings.ToUpper(en.T(KindTopUpShort)); !strings.Contains(got, want) {
		t.Errorf("fleet top ups column in English %q: want it to say %q", got, want)
	}
	for _, c := range []struct {
		cat  *Catalog
		want string
	}{{id, "BELUM FINAL"}, {en, "NOT FINAL"}} {
		if got := c.cat.T(FleetColUnknown); got != c.want {
			t.Errorf("fleet not-final column %q, want %q", got, c.want)
		}
	}
}
