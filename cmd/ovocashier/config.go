package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// Environments a cashier can run against.
const (
	envSandbox    = "sandbox"    // built-in: an in-process OVO sandbox
	envStaging    = "staging"    // OVO staging
	envProduction = "production" // OVO production
	envCustom     = "custom"     // a base URL of the operator's choosing (e.g. `ovocashier sim`)
)

// envBaseURLs are OVO's hosts (SNAP.md).
var envBaseURLs = map[string]string{
	envStaging:    "https://app.byte-stack.net",
	envProduction: "https://apigw.ovo.id",
}

// settings is everything the client commands read from flags and OVO_*
// environment variables. Flags win over the environment.
type settings struct {
	Env            string
	BaseURL        string
	ClientID       string
	ClientSecret   string
	PrivateKeyFile string
	PartnerID      string
	ChannelID      string
	Timeout        time.Duration
	CheckInterval  time.Duration // first wait before asking the status of an unknown outcome

	Data     string // ledger file
	Operator string
	Merchant string
	Outlet   string
	Address  string
	Terminal string
	Footer   string
	Printer  string
	Width    int
	Lang     string
	JSON     bool
	// AutoPrint prints customer and merchant copies of every success on the
	// cashier screens; RepeatWindow is cashier.Config.RepeatWindow.
	AutoPrint    bool
	RepeatWindow time.Duration
}

// envOr is the environment variable's value, or def when it is unset or empty.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// addSettings registers the common flags on fs; defaults come from OVO_* variables.
func addSettings(fs *flag.FlagSet) *settings {
	s := &settings{}
	fs.StringVar(&s.Env, "env", envOr("OVO_ENV", ""), "environment: sandbox (built in), staging, production, or empty to decide from OVO_BASE_URL (env OVO_ENV)")
	fs.StringVar(&s.BaseURL, "base-url", envOr("OVO_BASE_URL", ""), "OVO base URL, overrides the environment's (env OVO_BASE_URL)")
	fs.StringVar(&s.ClientID, "client-id", envOr("OVO_CLIENT_ID", ""), "OVO client id (env OVO_CLIENT_ID)")
	// The secret's default is not the variable's value: usage texts print
	// defaults. resolve reads the variable.
	fs.StringVar(&s.ClientSecret, "client-secret", "", "OVO client secret (env OVO_CLIENT_SECRET; prefer the variable: flags show in ps)")
	fs.StringVar(&s.PrivateKeyFile, "private-key", envOr("OVO_PRIVATE_KEY_FILE", ""), "partner RSA private key, PEM PKCS#1 or PKCS#8 (env OVO_PRIVATE_KEY_FILE)")
	fs.StringVar(&s.PartnerID, "partner-id", envOr("OVO_PARTNER_ID", ""), "X-PARTNER-ID, default the client id (env OVO_PARTNER_ID)")
	fs.StringVar(&s.ChannelID, "channel-id", envOr("OVO_CHANNEL_ID", ""), "CHANNEL-ID, at most 5 characters (env OVO_CHANNEL_ID)")
	fs.DurationVar(&s.Timeout, "timeout", envDuration("OVO_TIMEOUT", ovoclient.DefaultTimeout), "deadline of each OVO call, a Go duration (env OVO_TIMEOUT)")
	fs.DurationVar(&s.CheckInterval, "check-interval", envDuration("OVO_CHECK_INTERVAL", cashier.DefaultCheckInterval), "first wait before asking OVO the status of an unknown outcome; it doubles per check up to 1m (env OVO_CHECK_INTERVAL)")
	fs.StringVar(&s.Data, "data", envOr("OVO_DATA", defaultDataFile()), "ledger file (env OVO_DATA)")
	fs.StringVar(&s.Operator, "operator", envOr("OVO_OPERATOR", currentUser()), "operator name stored on transactions (env OVO_OPERATOR)")
	fs.StringVar(&s.Merchant, "merchant", envOr("OVO_MERCHANT", "OVO Cashier Merchant"), "merchant name on receipts (env OVO_MERCHANT)")
	fs.StringVar(&s.Outlet, "outlet", envOr("OVO_OUTLET", "Outlet 1"), "outlet name (env OVO_OUTLET)")
	fs.StringVar(&s.Address, "address", envOr("OVO_ADDRESS", ""), "outlet address on receipts (env OVO_ADDRESS)")
	fs.StringVar(&s.Terminal, "terminal", envOr("OVO_TERMINAL", hostname()), "terminal name on receipts (env OVO_TERMINAL)")
	fs.StringVar(&s.Footer, "footer", envOr("OVO_RECEIPT_FOOTER", "Terima kasih / Thank you"), "receipt footer line (env OVO_RECEIPT_FOOTER)")
	fs.StringVar(&s.Printer, "printer", envOr("OVO_PRINTER", "none"), "receipt printer: none, stdout, file:DIR, tcp://HOST:PORT, device:PATH (env OVO_PRINTER)")
	fs.IntVar(&s.Width, "width", envInt("OVO_RECEIPT_WIDTH", 32), "receipt width in columns: 32, 42 or 48 (env OVO_RECEIPT_WIDTH)")
	fs.StringVar(&s.Lang, "lang", envOr("OVO_LANG", defaultLang()), "language: id or en (env OVO_LANG; default from the locale)")
	fs.BoolVar(&s.AutoPrint, "auto-print", os.Getenv("OVO_AUTO_PRINT") == "1" || os.Getenv("OVO_AUTO_PRINT") == "true", "cashier screens: print the customer's and the merchant's copy of every success (env OVO_AUTO_PRINT=1)")
	fs.DurationVar(&s.RepeatWindow, "repeat-window", envDuration("OVO_REPEAT_WINDOW", cashier.DefaultRepeatWindow), "a success of the same kind, phone and amount this recent makes a new one a repeat that needs a deliberate key or --allow-repeat (env OVO_REPEAT_WINDOW)")
	return s
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

// checkEnvValues reports OVO_* variables that are set but unreadable, so a
// typo does not silently fall back to a default.
func checkEnvValues() error {
	if v := os.Getenv("OVO_TIMEOUT"); v != "" {
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			return fmt.Errorf("OVO_TIMEOUT=%q is not a positive Go duration (e.g. 30s)", v)
		}
	}
	if v := os.Getenv("OVO_CHECK_INTERVAL"); v != "" {
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			return fmt.Errorf("OVO_CHECK_INTERVAL=%q is not a positive Go duration (e.g. 2s)", v)
		}
	}
	if v := os.Getenv("OVO_RECEIPT_WIDTH"); v != "" {
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Errorf("OVO_RECEIPT_WIDTH=%q is not a number", v)
		}
	}
	return nil
}

// resolve settles the environment: which one, which base URL, and whether
// the credentials it needs are complete.
func (s *settings) resolve() error {
	if err := checkEnvValues(); err != nil {
		return err
	}
	if s.ClientSecret == "" {
		s.ClientSecret = os.Getenv("OVO_CLIENT_SECRET")
	}
	if s.Timeout <= 0 {
		return errors.New("--timeout must be a positive duration")
	}
	if s.CheckInterval <= 0 {
		return errors.New("--check-interval must be a positive duration")
	}
	switch s.Lang {
	case "id", "en":
	default:
		return fmt.Errorf("--lang %q: use id or en", s.Lang)
	}
	switch s.Width {
	case 32, 42, 48:
	default:
		return fmt.Errorf("--width %d: receipts are 32, 42 or 48 columns", s.Width)
	}
	s.Env = strings.ToLower(strings.TrimSpace(s.Env))
	if s.Env == "" {
		if s.BaseURL != "" {
			s.Env = envCustom
		} else if s.ClientID != "" || s.ClientSecret != "" || s.PrivateKeyFile != "" {
			return fmt.Errorf("OVO credentials are set but OVO_BASE_URL (or --env staging|production) is not: %s", strings.Join(s.missing(), ", "))
		} else {
			s.Env = envSandbox
		}
	}
	switch s.Env {
	case envSandbox:
		if s.BaseURL != "" {
			s.Env = envCustom
		}
	case envStaging, envProduction:
		if s.BaseURL == "" {
			s.BaseURL = envBaseURLs[s.Env]
		}
	case envCustom:
		if s.BaseURL == "" {
			return errors.New("environment custom needs OVO_BASE_URL")
		}
	default:
		return fmt.Errorf("environment %q: use sandbox, staging or production", s.Env)
	}
	// A base URL on one of OVO's own hosts decides the environment, so that
	// production is always treated as production (confirmation, badge)
	// whatever name it came with.
	if e := ovoEnvOf(s.BaseURL); e != "" && e != s.Env {
		if s.Env == envStaging || s.Env == envProduction {
			return fmt.Errorf("environment %s, but the base URL %s is OVO %s: correct OVO_ENV (--env) or OVO_BASE_URL (--base-url)", s.Env, s.BaseURL, e)
		}
		s.Env = e
	}
	if (s.Env == envStaging || s.Env == envProduction || ovoEnvOf(s.BaseURL) != "") && !strings.HasPrefix(strings.ToLower(s.BaseURL), "https://") {
		return fmt.Errorf("environment %s: base URL %s must be https:// (the token and signatures would travel in clear)", s.Env, s.BaseURL)
	}
	if s.Env != envSandbox {
		if m := s.missing(); len(m) > 0 {
			return fmt.Errorf("environment %s: credentials incomplete, missing %s", s.Env, strings.Join(m, ", "))
		}
	}
	return nil
}

// missing names the unset credential variables.
func (s *settings) missing() []string {
	var m []string
	for _, f := range []struct{ v, name string }{
		{s.BaseURL, "OVO_BASE_URL"}, {s.ClientID, "OVO_CLIENT_ID"}, {s.ClientSecret, "OVO_CLIENT_SECRET"}, {s.PrivateKeyFile, "OVO_PRIVATE_KEY_FILE"},
	} {
		if f.v == "" {
			m = append(m, f.name)
		}
	}
	return m
}

// ovoEnvOf is the environment whose OVO host baseURL names (staging or
// production), or "" for any other host.
func ovoEnvOf(baseURL string) string {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := strings.TrimSuffix(u.Hostname(), ".") // "apigw.ovo.id." is the same host
	for env, known := range envBaseURLs {
		if k, err := url.Parse(known); err == nil && strings.EqualFold(host, k.Hostname()) {
			return env
		}
	}
	return ""
}

// onOVO reports whether the settings point at one of OVO's own hosts.
func (s *settings) onOVO() bool { return ovoEnvOf(s.BaseURL) != "" }

// dataDir is the user's data directory for ovocashier.
func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "ovocashier")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "ovocashier-data"
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "ovocashier")
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "ovocashier")
		}
	}
	return filepath.Join(home, ".local", "share", "ovocashier")
}

func defaultDataFile() string { return filepath.Join(dataDir(), "ledger.db") }

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return envOr("USER", "cashier")
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "terminal"
	}
	return h
}

// defaultLang is id unless the locale says English.
func defaultLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		l := os.Getenv(v)
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "en") {
			return "en"
		}
		return "id"
	}
	return "id"
}
