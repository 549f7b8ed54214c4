package screens

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// What a screen may import of ovocashier: cashier (the only door to the
// world, slips and printers included), the catalog and the components —
// never storage, ovoclient or receipts. The components import nothing of
// ovocashier at all.
func TestScreensImportOnlyCashierCatalogAndComponents(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not installed")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, ".", "./components").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const mod = "github.com/ovocashier/ovocashier/"
	allowed := map[string][]string{
		"screens":            {"cashier", "screens/i18n", "screens/components"},
		"screens/components": nil,
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		ok, listed := allowed[strings.TrimPrefix(pkg, mod)]
		if !listed {
			t.Fatalf("go list listed %q", pkg)
		}
		seen++
		for _, imp := range strings.Fields(imports) {
			if rel, in := strings.CutPrefix(imp, mod); in && !slices.Contains(ok, rel) {
				t.Errorf("package %s imports %s", strings.TrimPrefix(pkg, mod), rel)
			}
		}
	}
	if seen != len(allowed) {
		t.Fatalf("go list listed %d packages:\n%s", seen, out)
	}
}
