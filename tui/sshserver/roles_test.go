package sshserver

import (
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
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

// Over SSH a cashier's history holds only their own transactions.
func TestCashierSeesOwnHistoryOnly(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	a := f.dial("siti", sshtest.Options{})
	b := f.dial("budi", sshtest.Options{})
	b.WaitFor("Cashier menu", "Rp50.000.000")
	toCheckout(a, ovosim.NumberSiti, "100000")
	a.Key("y")
	a.WaitFor("SUCCESS", "Siti Rahayu")
	b.WaitFor("Rp49.900.000")
	b.Key("5")
	v := b.WaitFor("No transactions")
	if strings.Contains(v, "Rp100.000") {
		t.Fatalf("a cashier sees another's transaction:\n%s", v)
	}
	// Both logins are in the audit trail with their key's fingerprint.
	recs, err := f.env.Service.AuditDay(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, r := range recs {
		if r.Action == "login" {
			logins = append(logins, r.Who+" "+r.Role+" "+r.From)
		}
	}
	want := "Budi Kasir cashier ssh " + gossh.FingerprintSHA256(key(t, "budi").PublicKey())
	if len(logins) != 2 || !slices.Contains(logins, want) {
		t.Fatalf("logins %q, want %q among them", logins, want)
	}
}
