package screens

import "github.com/ovocashier/ovocashier/cashier"

// actor is who works in this session, for the audit trail (issue 14).
func (c *Common) actor() cashier.Actor {
	return cashier.Actor{Name: c.Operator, Role: c.Role, From: c.From}
}

// historyOperator is whose history the session may list: a cashier only
// their own, whatever the filter says; others what the filter says ("" all).
func (c *Common) historyOperator(filter string) string {
	if c.Role != "" && cashier.Allow(c.Role, "history-all") != nil {
		return c.Operator
	}
	return filter
}
