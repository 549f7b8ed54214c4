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
