package screens

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
)

// readWhole fails unless every line of v fits width and v still holds end.
func readWhole(t *testing.T, lang string, width int, v, end string) {
	t.Helper()
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > width {
			t.Errorf("%s: a line of %d columns at width %d: %q", lang, w, width, l)
		}
	}
	if !strings.Contains(v, end) {
		t.Errorf("%s: the refusal lost its end:\n%s", lang, v)
	}
}

var refusalEnds = []struct{ lang, end string }{{"id", "ditolak"}, {"en", "refused"}}

// The refusal of a typed amount is read whole at 80 columns: it wraps
// instead of running past the edge, where the frame cut it off.
func TestAmountRefusalWrapsAt80(t *testing.T) {
	for _, tc := range refusalEnds {
		c := testCommon(tc.lang)
		a := sized(NewTopUpAmount(c, cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}))
		typeInto(a, "12.5")
		readWhole(t, tc.lang, testWidth, a.View(), tc.end)
	}
}

// The same on the disbursement page.
func TestDisburseAmountRefusalWrapsAt80(t *testing.T) {
	for _, tc := range refusalEnds {
		c := testCommon(tc.lang)
		d := sized(NewDisburseForm(c))
		d.phone.SetValue("081234567890")
		d.Update(enter) // to the amount
		typeInto(d, "12.5")
		readWhole(t, tc.lang, testWidth, d.View(), tc.end)
	}
}
