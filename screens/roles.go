package screens

import (
	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// actor is who works in this session, for the audit trail (issue 14).
func (c Common) actor() cashier.Actor {
	return cashier.Actor{Name: c.Operator, Role: c.Role, From: c.From}
}

// historyOperator is whose history the session may list: a cashier only
// their own, whatever the filter says; others what the filter says ("" all).
func (c Common) historyOperator(filter string) string {
	if c.Role != "" && cashier.Allow(c.Role, "history-all") != nil {
		return c.Operator
	}
	return filter
}

// withApprovals adds the approvals screen to the menu for an operator whose
// role may decide them (a supervisor or owner logged in by role), on key a
// just before the last item (quit).
func withApprovals(c Common, items []menuItem) []menuItem {
	if c.Role == "" || cashier.Allow(c.Role, "approvals") != nil {
		return items
	}
	last := len(items) - 1
	out := append(append([]menuItem{}, items[:last]...), item("a", i18n.MenuApprovals, func(c Common) Screen { return NewApprovals(c) }))
	return append(out, items[last])
}
