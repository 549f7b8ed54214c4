// Package archtest holds the import rules of the module as a test, so that
// the direction of imports cannot silently break.
package archtest

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/ovocashier/ovocashier/"

// list runs `go list` with format f over the module's packages and returns
// package → the packages of this module the format's field names.
func list(t *testing.T, f string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", f, module+"...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg := strings.TrimPrefix(fields[0], module)
		for _, d := range fields[1:] {
			if strings.HasPrefix(d, module) {
				m[pkg] = append(m[pkg], strings.TrimPrefix(d, module))
			} else if strings.Contains(d, "spf13/cobra") || strings.Contains(d, "charmbracelet/bubbletea") {
				m[pkg] = append(m[pkg], d)
			}
		}
	}
	return m
}

// Imports point one way: cmd → {tui, commands} → {screens, i18n} → cashier
// → its ports (cashier/ledger, cashier/ovo) and receipts; storage and
// ovoclient implement the ports and cmd (or testenv) plugs them in. Checked
// on every package's dependencies (go list -deps), not only its direct
// imports.
func TestImportsPointOneWay(t *testing.T) {
	deps := list(t, `{{.ImportPath}} {{join .Deps " "}}`)
	forbidden := []struct {
		pkgs []string // these packages (and the ones under them)
		not  []string // never depend on these
	}{
		// The cashier owns the domain: the OVO client is an adapter behind
		// the port cashier/ovo defines, plugged in by cmd and testenv.
		{[]string{"cashier"}, []string{"ovoclient", "ovoclient/ovosim"}},
		// The core and its adapters know no front end.
		{[]string{"cashier", "storage", "ovoclient", "receipts", "golive"},
			[]string{"commands", "tui", "screens", "cmd/ovocashier", "github.com/spf13/cobra", "github.com/charmbracelet/bubbletea"}},
		// The front ends do not reach the sandbox, the go-live tools or cmd.
		{[]string{"commands", "tui", "screens"}, []string{"ovoclient/ovosim", "golive", "cmd/ovocashier"}},
		// The command layer is not a screen: it uses the catalog only.
		{[]string{"commands"}, []string{"tui", "screens", "screens/components", "github.com/charmbracelet/bubbletea"}},
		// Screens and the shell do not run commands; the SSH server reaches
		// them through a hook (sshserver.Config.Exec) that cmd fills.
		{[]string{"screens", "tui"}, []string{"commands", "github.com/spf13/cobra"}},
	}
	for pkg, ds := range deps {
		if strings.Contains(pkg+"/", "/bench/") {
			// The load commands beside a package (tui/sshserver/bench/…)
			// are programs run by hand to measure it, like cmd: they may
			// start the sandbox. Nothing may import them (below).
			continue
		}
		for _, d := range ds {
			if strings.Contains(d+"/", "/bench/") {
				t.Errorf("%s depends on the load command %s", pkg, d)
			}
		}
		for _, rule := range forbidden {
			if !slices.ContainsFunc(rule.pkgs, func(p string) bool { return pkg == p || strings.HasPrefix(pkg, p+"/") }) {
				continue
			}
			for _, d := range ds {
				if slices.Contains(rule.not, d) {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
}

// The ledger is a port the cashier defines (cashier/ledger: the records,
// the errors, the Ledger interface) and the backends implement: the
// cashier and its ledger package never depend on a backend, and a backend
// (storage and the packages under it) knows cashier/ledger, never the
// cashier itself. Exact packages: a contract suite under cashier/ may run
// the backends.
func TestLedgerIsAPort(t *testing.T) {
	deps := list(t, `{{.ImportPath}} {{join .Deps " "}}`)
	if _, ok := deps["cashier"]; !ok {
		t.Fatal("go list gave no dependencies of cashier")
	}
	for _, pkg := range []string{"cashier", "cashier/ledger"} {
		for _, d := range deps[pkg] {
			if d == "storage" || strings.HasPrefix(d, "storage/") {
				t.Errorf("%s depends on %s: the cashier reaches a ledger only through the Ledger interface", pkg, d)
			}
		}
	}
	for _, d := range beyondStdlib(t, "cashier/ledger") {
		t.Errorf("cashier/ledger depends on %s: it imports only the standard library", d)
	}
	for pkg, ds := range deps {
		if pkg != "storage" && !strings.HasPrefix(pkg, "storage/") {
			continue
		}
		if slices.Contains(ds, "cashier") {
			t.Errorf("%s depends on cashier: a backend knows only cashier/ledger", pkg)
		}
	}
}

// The front ends go through cashier, never to storage or ovoclient
// directly (OVO's reasons and statuses are cashier/ovo's, the ledger's
// records cashier/ledger's, slips, printers and their failures cashier's
// names for receipts'). Not true yet for the imports listed in notYet
// (none left): the test fails when a new one appears, and when one of them
// is gone (so that the list only shrinks).
func TestFrontEndsGoThroughCashier(t *testing.T) {
	imports := list(t, `{{.ImportPath}} {{join .Imports " "}}`)
	notYet := map[string][]string{}
	adapters := []string{"storage", "ovoclient", "receipts"}
	for pkg, ims := range imports {
		front := false
		for _, p := range []string{"screens", "tui", "commands"} {
			if pkg == p || strings.HasPrefix(pkg, p+"/") {
				front = true
			}
		}
		// The load tools under tui/sshserver/bench are programs that drive
		// a server from outside (seeding its sandbox's state first), not
		// front ends.
		if !front || strings.Contains(pkg, "/bench/") {
			continue
		}
		var got []string
		for _, im := range ims {
			if slices.Contains(adapters, im) {
				got = append(got, im)
			}
		}
		slices.Sort(got)
		want := notYet[pkg]
		for _, im := range got {
			if !slices.Contains(want, im) {
				t.Errorf("%s imports %s: go through cashier", pkg, im)
			}
		}
		for _, im := range want {
			if !slices.Contains(got, im) {
				t.Errorf("%s no longer imports %s: remove it from notYet", pkg, im)
			}
		}
	}
}

// The OVO port (cashier/ovo) is a leaf: the standard library only, so that
// the cashier, its front ends and any adapter can share its vocabulary
// without pulling in a client, a ledger or each other.
func TestOVOPortIsALeaf(t *testing.T) {
	for _, d := range beyondStdlib(t, "cashier/ovo") {
		t.Errorf("cashier/ovo depends on %s: the port imports the standard library only", d)
	}
}

// beyondStdlib lists what the module's package pkg depends on (go list
// -deps) outside the standard library, itself left out.
func beyondStdlib(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", module+pkg).Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	var deps []string
	for _, d := range strings.Fields(string(out)) {
		if d != module+pkg {
			deps = append(deps, d)
		}
	}
	return deps
}
