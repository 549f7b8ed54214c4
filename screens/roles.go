package screens

import "github.com/ovocashier/ovocashier/cashier"

// actor is who works in this session, for the audit trail (issue 14).
func (c *Common) actor() cashier.Actor {
	return cashier.Actor{Name: c.Operator, Role: c.Role, From: c.From}
}
