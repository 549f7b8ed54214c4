package screens

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"

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

// approvalsKey opens the approvals from the menu.
var approvalsKey = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", ""))

// mayApprovals is nil when the session's operator may decide approvals,
// else the refusal the menu says for a (the screen's name in words).
func (c Common) mayApprovals() error {
	err := cashier.Allow(c.Role, "approvals")
	var re *cashier.RoleError
	if errors.As(err, &re) {
		re.What = "approvals screen"
	}
	return err
}

// withApprovals adds the approvals screen to the menu for an operator whose
// role may decide them (a supervisor or owner logged in by role), on key a
// just before the last item (quit).
func withApprovals(c Common, items []menuItem) []menuItem {
	if c.Role == "" || cashier.Allow(c.Role, "approvals") != nil {
		return items
	}
	last := len(items) - 1
	out := append(append([]menuItem{}, items[:last]...), menuItem{approvalsKey, i18n.MenuApprovals, func(c Common) Screen { return NewApprovals(c) }})
	return append(out, items[last])
}
