package screens

import (
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
)

// A cashier's a (the approvals, not on their menu) says in the operator's
// language that it needs a supervisor, in words with no English under id,
// instead of doing nothing; a supervisor's a opens the approvals.
func TestApprovalsKeyNeedsASupervisor(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		role  cashier.Role
		open  bool
		words string
	}{
		{"en", cashier.RoleCashier, false, "approvals needs a supervisor (you are a cashier)"},
		{"id", cashier.RoleCashier, false, "persetujuan memerlukan supervisor (Anda kasir)"},
		{"en", cashier.RoleSupervisor, true, ""},
	} {
		c := testCommon(tc.lang)
		c.Role = tc.role
		m := sized(NewMenu(c))
		nav := next(m, runes("a"))
		_, isApprovals := nav.Screen.(*Approvals)
		if opened := nav.Step == StepPush && isApprovals; opened != tc.open {
			t.Fatalf("%s %q: a opened the approvals %v: %#v", tc.lang, tc.role, opened, nav)
		}
		if v := m.View(); tc.words != "" && !strings.Contains(v, tc.words) {
			t.Fatalf("%s %q: a says nothing of the role:\n%s", tc.lang, tc.role, v)
		}
	}
}

// The approvals screen's help bar names its keys in the operator's
// language: no "approve"/"reject" under id.
func TestApprovalsHelpInTheOperatorsLanguage(t *testing.T) {
	for _, tc := range []struct{ lang, approve, reject string }{{"id", "setujui", "tolak"}, {"en", "approve", "reject"}} {
		c := testCommon(tc.lang)
		c.Role = cashier.RoleSupervisor
		var got []string
		for _, b := range NewApprovals(c).ShortHelp() {
			got = append(got, b.Help().Key+" "+b.Help().Desc)
		}
		line := strings.Join(got, " · ")
		if !strings.Contains(line, "a "+tc.approve) || !strings.Contains(line, "r "+tc.reject) {
			t.Fatalf("%s: help %q", tc.lang, line)
		}
	}
}
