package screens

import (
	"os/exec"
	"strings"
	"testing"
)

// Screens talk to the world through cashier only: package screens imports
// neither storage nor ovoclient (go list). Its dependencies reach them
// through cashier, which still names the ledger and client types (DESIGN.md's
// Ledger and OVO interfaces would cut that too); what this test holds is
// that no screen reaches past cashier.
func TestScreensImportNeitherStorageNorOVOClient(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not installed")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const mod = "github.com/ovocashier/ovocashier/"
	for _, line := range strings.Split(string(out), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		if pkg != mod+"screens" {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if imp == mod+"storage" || strings.HasPrefix(imp, mod+"ovoclient") {
				t.Errorf("package screens imports %s", imp)
			}
		}
		return
	}
	t.Fatalf("go list -deps did not list package screens:\n%s", out)
}
