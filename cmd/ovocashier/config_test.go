package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// goliveOVOVars are the OVO_* variables the settings read.
var goliveOVOVars = []string{
	"OVO_ENV", "OVO_BASE_URL", "OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE", "OVO_PARTNER_ID",
	"OVO_CHANNEL_ID", "OVO_TIMEOUT", "OVO_DATA", "OVO_OPERATOR", "OVO_MERCHANT", "OVO_OUTLET", "OVO_ADDRESS",
	"OVO_TERMINAL", "OVO_RECEIPT_FOOTER", "OVO_PRINTER", "OVO_RECEIPT_WIDTH", "OVO_LANG", "OVO_CHECK_INTERVAL",
	"OVO_TZ", "OVO_LOG", "OVO_LOG_FORMAT", "OVO_CONFIG", "OVO_RECEIPT_HEADER", "OVO_RECEIPT_QR", "OVO_DRAWER_KICK",
	// roles.go
	"OVO_OPERATORS", "OVO_APPROVE_TOPUP_ABOVE", "OVO_APPROVE_DISBURSE_ABOVE", "OVO_APPROVE_TOPUP_DAY_ABOVE", "OVO_APPROVE_DISBURSE_DAY_ABOVE",
	"OVO_SUPERVISOR_APPROVE_ABOVE", "OVO_APPROVAL_EXPIRY", "OVO_IDLE_LOCK", "OVO_PIN_LOCKOUT", "OVO_PIN",
	"OVO_AUTO_PRINT", "OVO_REPEAT_WINDOW", "OVO_SHIFTS", "OVO_LOW_DEPOSIT", "OVO_BATCH_CONCURRENCY",
}

// goliveCleanEnv empties every OVO_* variable for the test and points the
// data directory at a temporary one, which it returns.
func goliveCleanEnv(t *testing.T) string {
	t.Helper()
	for _, v := range goliveOVOVars {
		t.Setenv(v, "")
	}
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(data, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(data, "state"))
	t.Setenv("OVO_DATA", filepath.Join(data, "ledger.db"))
	t.Setenv("OVO_LANG", "en")
	t.Setenv("OVO_SHIFTS", "off") // the tests that use shifts say so
	return data
}

func TestResolveEnvironments(t *testing.T) {
	creds := map[string]string{"OVO_CLIENT_ID": "cid", "OVO_CLIENT_SECRET": "sec", "OVO_PRIVATE_KEY_FILE": "/k.pem"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range creds {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		wantEnv string
		wantURL string
		wantErr string   // substring of the error; "" means no error
		missing []string // exactly these are named missing (with wantErr)
	}{
		{name: "default is the built-in sandbox", wantEnv: envSandbox, wantURL: ""},
		{name: "OVO_BASE_URL set means custom", env: with(map[string]string{"OVO_BASE_URL": "http://127.0.0.1:8089"}),
			wantEnv: envCustom, wantURL: "http://127.0.0.1:8089"},
		{name: "custom without credentials names them", env: map[string]string{"OVO_BASE_URL": "http://127.0.0.1:8089"},
			wantErr: "environment custom: credentials incomplete", missing: []string{"OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE"}},
		{name: "--env staging fills the URL", env: creds, args: []string{"--env", "staging"},
			wantEnv: envStaging, wantURL: "https://app.byte-stack.net"},
		{name: "OVO_ENV staging fills the URL", env: with(map[string]string{"OVO_ENV": "staging"}),
			wantEnv: envStaging, wantURL: "https://app.byte-stack.net"},
		{name: "--env wins over OVO_ENV", env: with(map[string]string{"OVO_ENV": "staging"}), args: []string{"--env", "production"},
			wantEnv: envProduction, wantURL: "https://apigw.ovo.id"},
		{name: "env name is case- and space-insensitive", env: creds, args: []string{"--env", " Staging "},
			wantEnv: envStaging, wantURL: "https://app.byte-stack.net"},
		{name: "--env production fills the URL", env: creds, args: []string{"--env", "production"},
			wantEnv: envProduction, wantURL: "https://apigw.ovo.id"},
		{name: "production without any credentials names all three", args: []string{"--env", "production"},
			wantErr: "environment production: credentials incomplete", missing: []string{"OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE"}},
		{name: "production with a client id only names the other two", env: map[string]string{"OVO_CLIENT_ID": "cid"}, args: []string{"--env", "production"},
			wantErr: "environment production: credentials incomplete", missing: []string{"OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE"}},
		{name: "production missing only the key file", env: map[string]string{"OVO_ENV": "production", "OVO_CLIENT_ID": "cid", "OVO_CLIENT_SECRET": "sec"},
			wantErr: "environment production: credentials incomplete", missing: []string{"OVO_PRIVATE_KEY_FILE"}},
		{name: "staging keeps an overriding base URL", env: with(map[string]string{"OVO_ENV": "staging", "OVO_BASE_URL": "https://ovo-proxy.example/"}),
			wantEnv: envStaging, wantURL: "https://ovo-proxy.example/"},
		{name: "--base-url overrides OVO_BASE_URL", env: with(map[string]string{"OVO_BASE_URL": "http://a.example"}), args: []string{"--base-url", "http://b.example"},
			wantEnv: envCustom, wantURL: "http://b.example"},
		{name: "partial credentials without a base URL", env: map[string]string{"OVO_CLIENT_ID": "cid"},
			wantErr: "OVO credentials are set but OVO_BASE_URL (or --env staging|production) is not", missing: []string{"OVO_BASE_URL", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE"}},
		{name: "a key file alone without a base URL", env: map[string]string{"OVO_PRIVATE_KEY_FILE": "/k.pem"},
			wantErr: "OVO_BASE_URL", missing: []string{"OVO_BASE_URL", "OVO_CLIENT_ID", "OVO_CLIENT_SECRET"}},
		{name: "unknown environment", args: []string{"--env", "prod"}, wantErr: `environment "prod": use sandbox, staging or production`},
		{name: "custom named without a base URL", args: []string{"--env", "custom"}, wantErr: "environment custom needs OVO_BASE_URL"},
		{name: "sandbox named with a base URL is custom", env: with(map[string]string{"OVO_BASE_URL": "http://127.0.0.1:8089"}), args: []string{"--env", "sandbox"},
			wantEnv: envCustom, wantURL: "http://127.0.0.1:8089"},
		// OVO's own hosts decide the environment whatever name they came
		// with, so production always gets its confirmation and badge.
		{name: "production's URL without OVO_ENV is production", env: with(map[string]string{"OVO_BASE_URL": "https://apigw.ovo.id"}),
			wantEnv: envProduction, wantURL: "https://apigw.ovo.id"},
		{name: "production's host with a trailing slash and capitals", env: with(map[string]string{"OVO_BASE_URL": "https://APIGW.ovo.id/"}),
			wantEnv: envProduction, wantURL: "https://APIGW.ovo.id/"},
		{name: "staging's URL without OVO_ENV is staging", env: with(map[string]string{"OVO_BASE_URL": "https://app.byte-stack.net"}),
			wantEnv: envStaging, wantURL: "https://app.byte-stack.net"},
		{name: "staging named, production's URL given", env: with(map[string]string{"OVO_ENV": "staging", "OVO_BASE_URL": "https://apigw.ovo.id"}),
			wantErr: "environment staging, but the base URL https://apigw.ovo.id is OVO production"},
		{name: "production's URL without credentials names them", env: map[string]string{"OVO_BASE_URL": "https://apigw.ovo.id"},
			wantErr: "environment production: credentials incomplete", missing: []string{"OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE"}},
		{name: "bad OVO_TIMEOUT is not ignored", env: map[string]string{"OVO_TIMEOUT": "soon"}, wantErr: `OVO_TIMEOUT="soon"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			goliveCleanEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			s := addSettings(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := s.resolve()
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("resolved to %s %q, want an error %q", s.Env, s.BaseURL, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %q, want it to contain %q", err, tc.wantErr)
				}
				if tc.missing != nil {
					for _, v := range []string{"OVO_BASE_URL", "OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE"} {
						want := false
						for _, m := range tc.missing {
							want = want || m == v
						}
						if got := strings.Contains(err.Error(), v); got != want {
							t.Errorf("error %q: names %s = %v, want %v", err, v, got, want)
						}
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if s.Env != tc.wantEnv || s.BaseURL != tc.wantURL {
				t.Fatalf("resolved to %s %q, want %s %q", s.Env, s.BaseURL, tc.wantEnv, tc.wantURL)
			}
		})
	}
}

func TestGoliveCleanEnvCoversEveryVariable(t *testing.T) {
	// Every OVO_* variable config.go reads must be in goliveOVOVars, or a
	// developer's shell could leak into the tests above.
	src, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	known := strings.Join(goliveOVOVars, " ")
	for _, m := range regexp.MustCompile(`"(OVO_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		name := m[1]
		if !strings.Contains(known+" ", name+" ") {
			t.Errorf("%s is read by config.go but not cleared by goliveCleanEnv", name)
		}
	}
}

func TestResolveOVOHostsStrictly(t *testing.T) {
	creds := map[string]string{"OVO_CLIENT_ID": "c", "OVO_CLIENT_SECRET": "s", "OVO_PRIVATE_KEY_FILE": "/k.pem"}
	for _, tc := range []struct {
		url, env, wantErr string
	}{
		{"https://apigw.ovo.id.", envProduction, ""}, // a trailing dot is the same host
		{"https://APIGW.OVO.ID/", envProduction, ""},
		{"http://apigw.ovo.id", "", "must be https://"},
		{"http://app.byte-stack.net", "", "must be https://"},
	} {
		for k, v := range creds {
			t.Setenv(k, v)
		}
		t.Setenv("OVO_BASE_URL", tc.url)
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		s := addSettings(fs)
		err := s.resolve()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: %v, want %q", tc.url, err, tc.wantErr)
			}
			continue
		}
		if err != nil || s.Env != tc.env {
			t.Errorf("%s: env %q, %v; want %s", tc.url, s.Env, err, tc.env)
		}
	}
}

// Usage texts print flag defaults: the client secret must not be one.
func TestUsageNeverShowsTheSecret(t *testing.T) {
	t.Setenv("OVO_CLIENT_SECRET", "SuperSecret123")
	var out strings.Builder
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(&out)
	s := addSettings(fs)
	fs.PrintDefaults()
	if strings.Contains(out.String(), "SuperSecret123") {
		t.Fatal("usage shows the client secret")
	}
	if err := s.resolve(); err != nil && !strings.Contains(err.Error(), "OVO_BASE_URL") {
		t.Fatal(err)
	}
	if s.ClientSecret != "SuperSecret123" {
		t.Fatalf("secret from the variable = %q", s.ClientSecret)
	}
}

// writeConfig writes a config file with mode perm into a temporary
// directory and returns its path.
func writeConfig(t *testing.T, text string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	return p
}

// loadWith parses args (after --config file when file is not "") and resolves.
func loadWith(t *testing.T, file string, args ...string) (*settings, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	s := addSettings(fs)
	if file != "" {
		args = append([]string{"--config", file}, args...)
	}
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	return s, s.resolve()
}

func TestConfigPrecedence(t *testing.T) {
	// Each row sets a setting in some of the four places; the value and the
	// source must be the highest one: flag > variable > file > default.
	cases := []struct {
		name, setting, variable string
		flag, env, file         string // "" means not set there
		want, wantSource        string
	}{
		{"default only", "merchant", "OVO_MERCHANT", "", "", "", "OVO Cashier Merchant", "default"},
		{"file over default", "merchant", "OVO_MERCHANT", "", "", `"Toko File"`, "Toko File", "file"},
		{"variable over file", "merchant", "OVO_MERCHANT", "", "Toko Env", `"Toko File"`, "Toko Env", "env"},
		{"flag over variable and file", "merchant", "OVO_MERCHANT", "Toko Flag", "Toko Env", `"Toko File"`, "Toko Flag", "flag"},
		{"flag over file", "merchant", "OVO_MERCHANT", "Toko Flag", "", `"Toko File"`, "Toko Flag", "flag"},
		{"flag over default", "outlet", "OVO_OUTLET", "Outlet Flag", "", "", "Outlet Flag", "flag"},
		{"width as a TOML number", "width", "OVO_RECEIPT_WIDTH", "", "", `42`, "42", "file"},
		{"width as a string", "width", "OVO_RECEIPT_WIDTH", "", "", `"48"`, "48", "file"},
		{"width: variable over file", "width", "OVO_RECEIPT_WIDTH", "", "48", `42`, "48", "env"},
		{"width: flag over all", "width", "OVO_RECEIPT_WIDTH", "32", "48", `42`, "32", "flag"},
		{"timeout from the file", "timeout", "OVO_TIMEOUT", "", "", `"45s"`, "45s", "file"},
		{"timeout: variable over file", "timeout", "OVO_TIMEOUT", "", "1m0s", `"45s"`, "1m0s", "env"},
		{"tz from the file", "tz", "OVO_TZ", "", "", `"Asia/Makassar"`, "Asia/Makassar", "file"},
		{"tz: variable over file", "tz", "OVO_TZ", "", "Asia/Jayapura", `"Asia/Makassar"`, "Asia/Jayapura", "env"},
		{"tz: flag over variable", "tz", "OVO_TZ", "Asia/Pontianak", "Asia/Jayapura", `"Asia/Makassar"`, "Asia/Pontianak", "flag"},
		{"tz default", "tz", "OVO_TZ", "", "", "", "Asia/Jakarta", "default"},
		{"an empty variable is unset", "lang", "OVO_LANG", "", "", `"en"`, "en", "file"},
		{"log-format from the file", "log-format", "OVO_LOG_FORMAT", "", "", `"json"`, "json", "file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			goliveCleanEnv(t)
			t.Setenv("OVO_LANG", "")
			if tc.env != "" {
				t.Setenv(tc.variable, tc.env)
			}
			file := ""
			if tc.file != "" {
				file = writeConfig(t, "# outlet\n\n"+tc.setting+" = "+tc.file+"\n", 0o600)
			}
			var args []string
			if tc.flag != "" {
				args = []string{"--" + tc.setting, tc.flag}
			}
			s, err := loadWith(t, file, args...)
			if err != nil {
				t.Fatal(err)
			}
			var got configLine
			for _, l := range configReport(s) {
				if l.Setting == tc.setting {
					got = l
				}
			}
			if got.Value != tc.want {
				t.Errorf("%s = %q, want %q", tc.setting, got.Value, tc.want)
			}
			if kind := s.sources[tc.setting].kind; kind != tc.wantSource {
				t.Errorf("%s from %s (%s), want %s", tc.setting, kind, got.Source, tc.wantSource)
			}
			if tc.wantSource == "file" && got.Source != "file "+file+":3" {
				t.Errorf("source %q, want the file and line 3", got.Source)
			}
		})
	}
}

func TestConfigFileRefusals(t *testing.T) {
	cases := []struct {
		name, text string
		perm       os.FileMode
		wantErr    string // "" means accepted
	}{
		{"unknown key with its line", "merchant = \"Toko\"\n\nmerchnat = \"x\"\n", 0o600, `:3: unknown setting "merchnat"`},
		{"a table is not a setting", "merchant = \"Toko\"\n[serve]\nlisten = \":2222\"\n", 0o600, `:2: unknown setting "serve"`},
		{"config in the file", "config = \"/etc/x.toml\"\n", 0o600, ":1: config cannot be set in the config file"},
		{"wrong type", "merchant = 12\n", 0o600, ":1: merchant must be a string"},
		{"a boolean", "outlet = true\n", 0o600, ":1: outlet must be a string (in quotes), not a Bool"},
		{"bad duration with its line", "\ntimeout = \"soon\"\n", 0o600, `:2: timeout = "soon": not a Go duration`},
		{"bad TOML with its line", "merchant = \"Toko\"\noutlet = \n", 0o600, ":2: "},
		{"bad zone", "tz = \"Asia/Bali\"\n", 0o600, `tz in `},
		{"secret readable by others", "client-secret = \"s3cr3t\"\n", 0o604, "readable by others"},
		{"secret readable by the owner's group", "client-secret = \"s3cr3t\"\n", 0o640, "readable by its group"},
		{"secret readable only by the owner", "env = \"staging\"\nclient-id = \"c\"\nprivate-key = \"/k.pem\"\nclient-secret = \"s3cr3t\"\n", 0o600, ""},
		{"no secret, readable by all", "merchant = \"Toko\"\n", 0o644, ""},
		{"writable by anyone", "merchant = \"Toko\"\n", 0o666, "writable by anyone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			goliveCleanEnv(t)
			file := writeConfig(t, tc.text, tc.perm)
			_, err := loadWith(t, file)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Fatalf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestConfigFileMissing(t *testing.T) {
	goliveCleanEnv(t)
	// The default file is optional…
	if _, err := loadWith(t, ""); err != nil {
		t.Fatalf("no default config file: %v", err)
	}
	// …one asked for is not.
	missing := filepath.Join(t.TempDir(), "nope.toml")
	if _, err := loadWith(t, missing); err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Fatalf("--config of a missing file: %v", err)
	}
	t.Setenv("OVO_CONFIG", missing)
	if _, err := loadWith(t, ""); err == nil {
		t.Fatal("OVO_CONFIG of a missing file accepted")
	}
}

func TestConfigDefaultFileIsRead(t *testing.T) {
	dir := goliveCleanEnv(t)
	p := filepath.Join(dir, "config", "ovocashier", "config.toml")
	os.MkdirAll(filepath.Dir(p), 0o700)
	os.WriteFile(p, []byte("outlet = \"Outlet XDG\"\n"), 0o600)
	s, err := loadWith(t, "")
	if err != nil || s.Outlet != "Outlet XDG" || s.sources["config"].kind != "default" {
		t.Fatalf("outlet %q from %v, %v", s.Outlet, s.sources["config"], err)
	}
}

func TestConfigCommandNeverShowsSecrets(t *testing.T) {
	goliveCleanEnv(t)
	file := writeConfig(t, "client-secret = \"FileSecret42\"\nmerchant = \"Toko Maju\"\nclient-id = \"cid\"\nbase-url = \"http://127.0.0.1:1\"\nprivate-key = \"/k.pem\"\n", 0o600)
	for _, args := range [][]string{{"config", "--config", file}, {"config", "--config", file, "--json"}} {
		var out, errb strings.Builder
		code := run(t.Context(), args, nil, &out, &errb)
		if code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, errb.String())
		}
		if strings.Contains(out.String()+errb.String(), "FileSecret42") {
			t.Fatalf("%v shows the secret:\n%s", args, out.String())
		}
		if !strings.Contains(out.String(), "Toko Maju") || !strings.Contains(out.String(), "set") ||
			!strings.Contains(out.String(), file+":2") {
			t.Fatalf("%v:\n%s", args, out.String())
		}
	}
	// Settings that do not work: the table, then why, exit 2.
	t.Setenv("OVO_ENV", "production")
	var out, errb strings.Builder
	if code := run(t.Context(), []string{"config", "--config", file}, nil, &out, &errb); code != 2 ||
		!strings.Contains(out.String(), "production") || !strings.Contains(errb.String(), "environment production") {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
}

// The config table keeps its columns on a terminal whatever the values hold:
// a merchant name with CJK characters (two columns each) or accents does not
// push its SOURCE column out of line.
func TestConfigTableAlignsWideText(t *testing.T) {
	goliveCleanEnv(t)
	file := writeConfig(t, "merchant = \"Café Ñusantara — 咖啡\"\noutlet = \"Outlet 1\"\n", 0o600)
	var out, errb strings.Builder
	if code := run(t.Context(), []string{"config", "--config", file}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	col := -1
	for _, l := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
		i := strings.LastIndex(l, "  ") + 2 // the sources have no double spaces
		c := lipgloss.Width(l[:i])
		if col < 0 {
			col = c
		} else if c != col {
			t.Errorf("the SOURCE column starts at %d, not %d, in\n%s", c, col, l)
		}
	}
}
