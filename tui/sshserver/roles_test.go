package sshserver

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// The role token: one of three, at most once, anywhere in the comment;
// none is cashier; anything else refuses the line (logged).
func TestRoleTokens(t *testing.T) {
	a, b, c, d, e, f := key(t, "a"), key(t, "b"), key(t, "c"), key(t, "d"), key(t, "e"), key(t, "f")
	file := strings.Join([]string{
		sshtest.AuthorizedLine(a, "Siti Rahayu role=supervisor"),
		sshtest.AuthorizedLine(b, "Budi"),
		sshtest.AuthorizedLine(c, "role=owner Pak Haji"),
		sshtest.AuthorizedLine(d, "Rina role=boss"),
		sshtest.AuthorizedLine(e, "Agus role=cashier role=owner"),
		sshtest.AuthorizedLine(f, "role=supervisor"),
	}, "\n")
	log := &logBuffer{}
	keys, skipped := parseAuthorizedKeys([]byte(file), slog.New(slog.NewTextHandler(log, nil)))
	if skipped != 3 {
		t.Fatalf("skipped %d, want 3; log:\n%s", skipped, log)
	}
	for k, want := range map[string][2]string{
		string(a.PublicKey().Marshal()): {"Siti Rahayu", "supervisor"},
		string(b.PublicKey().Marshal()): {"Budi", "cashier"},
		string(c.PublicKey().Marshal()): {"Pak Haji", "owner"},
	} {
		if op := keys[k]; op.Name != want[0] || op.Role != want[1] {
			t.Errorf("got %q %q, want %q", op.Name, op.Role, want)
		}
	}
	for _, w := range []string{"line=4", "unknown role role=boss", "line=5", "more than one role= token", "line=6", "no comment"} {
		if !strings.Contains(log.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, log)
		}
	}
}
