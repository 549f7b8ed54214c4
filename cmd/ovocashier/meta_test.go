package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// `--version` and `version` say the module version and the Go version from
// the build information.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		r := runDirect(t, args...)
		if r.code != 0 || !regexp.MustCompile(`^ovocashier \S+ .*`+regexp.QuoteMeta(runtime.Version())+`\b`).MatchString(r.stdout) {
			t.Errorf("%v: %+v", args, r)
		}
	}
}

// The bash completion script loads in bash, and the man page renders with
// `man -l`, naming every command.
func TestCompletionAndManPage(t *testing.T) {
	dir := t.TempDir()
	r := runDirect(t, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "__start_ovocashier") {
		t.Fatalf("completion bash: %+v", r)
	}
	script := filepath.Join(dir, "ovocashier.bash")
	os.WriteFile(script, []byte(r.stdout), 0o600)
	if bash, err := exec.LookPath("bash"); err != nil {
		t.Log("no bash here: the script was not loaded")
	} else if out, err := exec.Command(bash, "-c", "source "+script+" && complete -p ovocashier").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "__start_ovocashier") {
		t.Errorf("the completion script does not load in bash: %v\n%s", err, out)
	}
	for _, sh := range []string{"zsh", "fish"} {
		if r := runDirect(t, "completion", sh); r.code != 0 || !strings.Contains(r.stdout, "ovocashier") {
			t.Errorf("completion %s: %+v", sh, r)
		}
	}

	r = runDirect(t, "man")
	if r.code != 0 || !strings.HasPrefix(r.stdout, ".nh\n.TH \"OVOCASHIER\" \"1\"") {
		t.Fatalf("man: %+v", r)
	}
	page := filepath.Join(dir, "ovocashier.1")
	os.WriteFile(page, []byte(r.stdout), 0o600)
	man, err := exec.LookPath("man")
	if err != nil {
		t.Skip("man is not installed (apt-get install man-db): the page was generated but not rendered")
	}
	cmd := exec.Command(man, "-l", page)
	cmd.Env = append(os.Environ(), "MANWIDTH=100", "MANPAGER=cat", "PAGER=cat")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("man -l: %v\n%s", err, out)
	}
	for _, want := range []string{"OVOCASHIER(1)", "ovocashier topup", "--phone string", "ovocashier history", "ovocashier serve", "authorized-keys", "ovocashier sim", "EXIT STATUS"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the rendered man page lacks %q:\n%s", want, out)
		}
	}
	if r := runDirect(t, "man", "--dir", filepath.Join(dir, "pages")); r.code != 0 {
		t.Errorf("man --dir: %+v", r)
	} else if _, err := os.Stat(filepath.Join(dir, "pages", "ovocashier-topup.1")); err != nil {
		t.Errorf("man --dir: %v", err)
	}
}

// The man page (and -h) is the same on every machine: the defaults that
// depend on who generates it (the data, config and log paths, the OS user,
// the host name, the locale's language) are described, not printed as this
// machine's values, and a setting's flag names its type (string, int,
// duration), not the Go type that implements it.
func TestManPageIsNotThisMachines(t *testing.T) {
	r := runDirect(t, "man")
	if r.code != 0 {
		t.Fatalf("man: %+v", r)
	}
	for _, local := range []string{defaultDataFile(), defaultConfigFile(), defaultLogFile(), defaultSimCredsDir(), "(default " + currentUser() + ")",
		"(default " + hostname() + ")", `(default "` + currentUser() + `")`, `(default "` + hostname() + `")`, "settingFlag"} {
		if strings.Contains(r.stdout, local) {
			t.Errorf("the man page shows %q", local)
		}
	}
	for _, want := range []string{"$XDG_DATA_HOME/ovocashier/ledger.db", "$XDG_CONFIG_HOME/ovocashier/config.toml",
		"$XDG_STATE_HOME/ovocashier/ovocashier.log", "--merchant string", "--width int", "--timeout duration"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	if h := runDirect(t, "topup", "-h"); !strings.Contains(h.stdout+h.stderr, "--tz string") {
		t.Errorf("topup -h: %+v", h)
	}
}
