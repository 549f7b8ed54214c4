package sshserver

import (
	"strings"
)

// Roles over SSH (issue 14): an authorized_keys comment holds the
// operator's name and at most one role token,
//
//	ssh-ed25519 AAAA… Siti Rahayu role=supervisor
//
// role=cashier, role=supervisor or role=owner; no token means cashier. A
// line with an unknown role or more than one role token is refused (and
// logged), never read as a lesser or greater role.

// roles are the role tokens' values.
var roles = map[string]bool{"cashier": true, "supervisor": true, "owner": true}

// operatorNameRole splits a comment into the operator's name and role, or
// says why the line is refused.
func operatorNameRole(comment string) (name, role, problem string) {
	var words []string
	for _, w := range strings.Fields(comment) {
		v, ok := strings.CutPrefix(strings.ToLower(w), "role=")
		if !ok {
			words = append(words, w)
			continue
		}
		switch {
		case role != "":
			return "", "", "more than one role= token in the comment"
		case !roles[v]:
			return "", "", "unknown role " + w + " (role=cashier, role=supervisor or role=owner)"
		}
		role = v
	}
	if role == "" {
		role = "cashier"
	}
	name, problem = operatorName(strings.Join(words, " "))
	return name, role, problem
}
