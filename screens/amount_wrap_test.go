package screens

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
)

// The refusal of a typed amount is read whole at 80 columns: it wraps
// instead of running past the edge, where the frame cut it off.
func TestAmountRefusalWrapsAt80(t *testing.T) {
	for _, tc := range []struct{ lang, end string }{{"id", "ditolak"}, {"en", "refused"}} {
		c := testCommon(tc.lang)
		a := NewTopUpAmount(c, cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000})
		typeInto(a, "12.5")
		v := a.View()
		for _, l := range strings.Split(v, "\n") {
			if w := lipgloss.Width(l); w > c.Width {
				t.Errorf("%s: a line of %d columns at width %d: %q", tc.lang, w, c.Width, l)
			}
		}
		if !strings.Contains(v, tc.end) {
			t.Errorf("%s: the refusal lost its end:\n%s", tc.lang, v)
		}
	}
}

// The same on the disbursement page.
func TestDisburseAmountRefusalWrapsAt80(t *testing.T) {
	for _, tc := range []struct{ lang, end string }{{"id", "ditolak"}, {"en", "refused"}} {
		c := testCommon(tc.lang)
		d := NewDisburseForm(c)
		d.phone.set("081234567890")
		d.Update(enter) // to the amount
		typeInto(d, "12.5")
		v := d.View()
		for _, l := range strings.Split(v, "\n") {
			if w := lipgloss.Width(l); w > c.Width {
				t.Errorf("%s: a line of %d columns at width %d: %q", tc.lang, w, c.Width, l)
			}
		}
		if !strings.Contains(v, tc.end) {
			t.Errorf("%s: the refusal lost its end:\n%s", tc.lang, v)
		}
	}
}
