package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goliveOVOVars are the OVO_* variables the settings read.
var goliveOVOVars = []string{
	"OVO_ENV", "OVO_BASE_URL", "OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE", "OVO_PARTNER_ID",
	"OVO_CHANNEL_ID", "OVO_TIMEOUT", "OVO_DATA", "OVO_OPERATOR", "OVO_MERCHANT", "OVO_OUTLET", "OVO_ADDRESS",
	"OVO_TERMINAL", "OVO_RECEIPT_FOOTER", "OVO_PRINTER", "OVO_RECEIPT_WIDTH", "OVO_LANG", "OVO_CHECK_INTERVAL", "OVO_AUTO_PRINT", "OVO_REPEAT_WINDOW",
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
	t.Setenv("OVO_DATA", filepath.Join(data, "ledger.db"))
	t.Setenv("OVO_LANG", "en")
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
