package main

import (
	"crypto/rsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/receipts"
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

// settings is everything the client commands read from flags, OVO_*
// environment variables and the config file. A flag wins over its
// variable, the variable over the file, the file over the default.
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
	Header   string // extra receipt header lines, split at '|'
	QR       bool   // QR code of the partner reference on ESC/POS slips
	Drawer   bool   // cash-drawer kick after a successful top up's slip
	// AutoPrint prints customer and merchant copies of every success on the
	// cashier screens; RepeatWindow is cashier.Config.RepeatWindow.
	AutoPrint    bool
	RepeatWindow time.Duration
	Lang         string
	TZ           string // IANA zone of the outlet: screens, slips, reports, history days, the log
	LogFile      string // the log of the cashier screen and the commands
	LogFormat    string // text or json
	Shifts       string // on: a transaction needs its operator's open shift; off
	// LowDeposit is the low-deposit alert threshold in rupiah (0: none).
	LowDeposit int
	JSON       bool
	// BatchConcurrency is how many rows of a batch run are in flight at once.
	BatchConcurrency int

	// Roles are the settings of roles, approvals and the lock (roles.go).
	Roles roleSettings

	// ConfigFile is the config file read (or looked for).
	ConfigFile string
	// Location is TZ loaded; set by resolve.
	Location *time.Location

	flags   map[string]*settingFlag // by flag name: which were given on the command line
	sources map[string]source       // by flag name, after load
}

// settingDef is one setting: its flag (also its key in the config file),
// its variable, what it means, its default and where it lives in settings.
type settingDef struct {
	name   string // flag name and config-file key
	env    string // OVO_* variable
	usage  string
	secret bool // never shown: config prints set/unset, usage prints no default
	def    func() string
	field  func(s *settings) any // *string, *int, *bool or *time.Duration
}

func str(v string) func() string { return func() string { return v } }

// settingDefs are the common settings of every command, in the order
// `ovocashier config` lists them.
var settingDefs = []settingDef{
	{"env", "OVO_ENV", "environment: sandbox (built in), staging, production, or empty to decide from the base URL", false, str(""), func(s *settings) any { return &s.Env }},
	{"base-url", "OVO_BASE_URL", "OVO base URL, overrides the environment's", false, str(""), func(s *settings) any { return &s.BaseURL }},
	{"client-id", "OVO_CLIENT_ID", "OVO client id", false, str(""), func(s *settings) any { return &s.ClientID }},
	{"client-secret", "OVO_CLIENT_SECRET", "OVO client secret (prefer the variable or the config file: flags show in ps)", true, str(""), func(s *settings) any { return &s.ClientSecret }},
	{"private-key", "OVO_PRIVATE_KEY_FILE", "partner RSA private key, PEM PKCS#1 or PKCS#8", false, str(""), func(s *settings) any { return &s.PrivateKeyFile }},
	{"partner-id", "OVO_PARTNER_ID", "X-PARTNER-ID, default the client id", false, str(""), func(s *settings) any { return &s.PartnerID }},
	{"channel-id", "OVO_CHANNEL_ID", "CHANNEL-ID, at most 5 characters", false, str(""), func(s *settings) any { return &s.ChannelID }},
	{"timeout", "OVO_TIMEOUT", "deadline of each OVO call, a Go duration", false, str(ovoclient.DefaultTimeout.String()), func(s *settings) any { return &s.Timeout }},
	{"check-interval", "OVO_CHECK_INTERVAL", "first wait before asking OVO the status of an unknown outcome; it doubles per check up to 1m", false, str(cashier.DefaultCheckInterval.String()), func(s *settings) any { return &s.CheckInterval }},
	{"data", "OVO_DATA", "ledger: a file (bbolt, this process alone) or a postgres://… URL (PostgreSQL, shared by many processes and outlets)", false, defaultDataFile, func(s *settings) any { return &s.Data }},
	{"operator", "OVO_OPERATOR", "operator name stored on transactions (default the OS user)", false, currentUser, func(s *settings) any { return &s.Operator }},
	{"merchant", "OVO_MERCHANT", "merchant name on receipts", false, str("OVO Cashier Merchant"), func(s *settings) any { return &s.Merchant }},
	{"outlet", "OVO_OUTLET", "outlet name on receipts; with a PostgreSQL ledger also the outlet's id in the database: history, reports and shifts are this outlet's", false, str("Outlet 1"), func(s *settings) any { return &s.Outlet }},
	{"address", "OVO_ADDRESS", "outlet address on receipts", false, str(""), func(s *settings) any { return &s.Address }},
	{"terminal", "OVO_TERMINAL", "terminal name on receipts (default the host name)", false, hostname, func(s *settings) any { return &s.Terminal }},
	{"footer", "OVO_RECEIPT_FOOTER", "receipt footer line", false, str("Terima kasih / Thank you"), func(s *settings) any { return &s.Footer }},
	{"printer", "OVO_PRINTER", "receipt printer: none, stdout, file:DIR, tcp://HOST:PORT, device:PATH", false, str("none"), func(s *settings) any { return &s.Printer }},
	{"width", "OVO_RECEIPT_WIDTH", "receipt width in columns: 32, 42 or 48", false, str("32"), func(s *settings) any { return &s.Width }},
	{"header", "OVO_RECEIPT_HEADER", "up to 3 extra receipt header lines separated by |, e.g. \"NPWP 01.234.567.8-901.000|CS 1500-696\"", false, str(""), func(s *settings) any { return &s.Header }},
	{"qr", "OVO_RECEIPT_QR", "print the partner reference as a QR code on tcp and device printers, for a scanner at the status screen", false, str("false"), func(s *settings) any { return &s.QR }},
	{"drawer-kick", "OVO_DRAWER_KICK", "open the cash drawer after a successful top up's slip on tcp and device printers", false, str("false"), func(s *settings) any { return &s.Drawer }},
	{"auto-print", "OVO_AUTO_PRINT", "cashier screens: print the customer's and the merchant's copy of every success", false, str("false"), func(s *settings) any { return &s.AutoPrint }},
	{"repeat-window", "OVO_REPEAT_WINDOW", "a success of the same kind, phone and amount this recent makes a new one a repeat that needs a deliberate key or --allow-repeat", false, str(cashier.DefaultRepeatWindow.String()), func(s *settings) any { return &s.RepeatWindow }},
	{"lang", "OVO_LANG", "language: id or en (default from the locale)", false, defaultLang, func(s *settings) any { return &s.Lang }},
	{"tz", "OVO_TZ", "the outlet's IANA time zone (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT) for screens, slips, history days and the log", false, str(defaultTZ), func(s *settings) any { return &s.TZ }},
	{"log", "OVO_LOG", "log file of the cashier screen and the commands (serve logs to stderr)", false, defaultLogFile, func(s *settings) any { return &s.LogFile }},
	{"shifts", "OVO_SHIFTS", "on: a top up or disbursement needs its operator's open shift (`ovocashier shift open`); off for outlets without shifts", false, str("on"), func(s *settings) any { return &s.Shifts }},
	{"low-deposit", "OVO_LOW_DEPOSIT", "low-deposit alert threshold in rupiah: below it the header warns, the log says so once per crossing, the X/Z reports show it (0: none)", false, str("0"), func(s *settings) any { return &s.LowDeposit }},
	{"log-format", "OVO_LOG_FORMAT", "log format: text (key=value) or json (for log shippers)", false, str("text"), func(s *settings) any { return &s.LogFormat }},
	{"batch-concurrency", "OVO_BATCH_CONCURRENCY", "rows of a batch run in flight at once (1 to 64); batch run --concurrency overrides it", false, str(strconv.Itoa(cashier.DefaultBatchConcurrency)), func(s *settings) any { return &s.BatchConcurrency }},
}

// defaultTZ is the outlet's zone unless --tz says otherwise.
const defaultTZ = "Asia/Jakarta"

// configDef is --config: where the config file is. It cannot be set in the
// file itself.
var configDef = settingDef{"config", "OVO_CONFIG", "config file (TOML, keys named as the flags)", false, defaultConfigFile, func(s *settings) any { return &s.ConfigFile }}

// settingFlag is a setting's flag.Value: it parses into the settings and
// remembers that the command line gave it. It works the same when a
// pflag/cobra command layer wraps it (pflag.FlagSet.AddGoFlagSet).
type settingFlag struct {
	d   *settingDef
	s   *settings
	set bool
}

func (f *settingFlag) String() string {
	if f == nil || f.s == nil || f.d.secret {
		return ""
	}
	return f.d.text(f.s)
}

// Type names the setting's kind of value in help and the man page (pflag
// shows it after the flag: --width int).
func (f *settingFlag) Type() string {
	switch f.d.field(&settings{}).(type) {
	case *int:
		return "int"
	case *bool:
		return "bool"
	case *time.Duration:
		return "duration"
	}
	return "string"
}

// IsBoolFlag lets a yes/no setting be given as a bare --qr.
func (f *settingFlag) IsBoolFlag() bool {
	_, ok := f.d.field(&settings{}).(*bool)
	return ok
}

func (f *settingFlag) Set(v string) error {
	if err := f.d.assign(f.s, v); err != nil {
		return err
	}
	f.set = true
	return nil
}

// text is the setting's current value in s, as text.
func (d *settingDef) text(s *settings) string {
	switch p := d.field(s).(type) {
	case *string:
		return *p
	case *int:
		return strconv.Itoa(*p)
	case *bool:
		return strconv.FormatBool(*p)
	case *time.Duration:
		return p.String()
	}
	return ""
}

// assign parses v into the setting's field of s.
func (d *settingDef) assign(s *settings, v string) error {
	switch p := d.field(s).(type) {
	case *string:
		*p = v
	case *int:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return errors.New("not a whole number")
		}
		*p = n
	case *bool:
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return errors.New("not true or false")
		}
		*p = b
	case *time.Duration:
		t, err := time.ParseDuration(strings.TrimSpace(v))
		switch {
		case err != nil:
			return errors.New("not a Go duration (e.g. 30s)")
		case t < 0:
			return errors.New("must not be negative (a Go duration, e.g. 30s)")
		case t == 0:
			return errors.New("must be more than zero (a Go duration, e.g. 30s)")
		}
		*p = t
	}
	return nil
}

// source says where a setting's value came from.
type source struct {
	kind string // "flag", "env", "file" or "default"
	from string // the flag (--tz), the variable (OVO_TZ), the file and line (config.toml:3)
}

func (src source) String() string {
	switch src.kind {
	case "default":
		return "default"
	case "file":
		return "file " + src.from
	}
	return src.from
}

// addSettings registers the common flags and --config on fs. Their values
// are settled by resolve (or load), after the flags are parsed.
func addSettings(fs *flag.FlagSet) *settings {
	s := &settings{flags: map[string]*settingFlag{}}
	for _, d := range append(slices.Clone(settingDefs), configDef) {
		f := &settingFlag{d: &d, s: s}
		if err := d.assign(s, d.def()); err != nil {
			panic("default of --" + d.name + ": " + err.Error())
		}
		s.flags[d.name] = f
		usage := d.usage + " (env " + d.env + ")"
		fs.Var(f, d.name, usage)
		if doc, ok := defaultDocs[d.name]; ok {
			fs.Lookup(d.name).DefValue = doc
		}
	}
	return s
}

// defaultDocs are the defaults help and the man page describe rather than
// show, since they depend on the user and the machine (a man page generated
// by root must not tell everyone their ledger is under /root); "" shows
// none (the usage says what it is). `ovocashier config` shows the values.
var defaultDocs = map[string]string{
	"config":   "$XDG_CONFIG_HOME/ovocashier/config.toml",
	"data":     "$XDG_DATA_HOME/ovocashier/ledger.db",
	"log":      "$XDG_STATE_HOME/ovocashier/ovocashier.log",
	"operator": "", // the usage says: the OS user
	"terminal": "", // the host name
	"lang":     "", // from the locale
}

// given reports whether the command line set the flag name.
func (s *settings) given(name string) bool {
	f := s.flags[name]
	return f != nil && f.set
}

// label names where a setting came from in an error: "--width", "OVO_RECEIPT_WIDTH"
// or "width in FILE:LINE".
func (s *settings) label(name string) string {
	src, ok := s.sources[name]
	switch {
	case !ok || src.kind == "flag" || src.kind == "default":
		return "--" + name
	case src.kind == "file":
		return name + " in " + src.from
	}
	return src.from
}

// load settles every setting from its flag, variable, the config file or
// its default, in that order, and remembers each one's source. It does not
// check that the settings work together: resolve does.
func (s *settings) load() error {
	if s.flags == nil {
		return errors.New("settings not registered with addSettings")
	}
	s.sources = map[string]source{}
	// The config file's location first: flag, variable, default.
	file, fileSrc := s.ConfigFile, source{"flag", "--config"}
	if !s.given("config") {
		if v := os.Getenv(configDef.env); v != "" {
			file, fileSrc = v, source{"env", configDef.env}
		} else {
			file, fileSrc = defaultConfigFile(), source{kind: "default"}
		}
	}
	s.ConfigFile = file
	s.sources["config"] = fileSrc
	values, err := readConfigFile(file, fileSrc.kind != "default")
	if err != nil {
		return err
	}
	for i := range settingDefs {
		d := &settingDefs[i]
		if s.given(d.name) {
			s.sources[d.name] = source{"flag", "--" + d.name}
			continue
		}
		if v := os.Getenv(d.env); v != "" {
			if err := d.assign(s, v); err != nil {
				return fmt.Errorf("%s=%s: %w", d.env, quoteUnlessSecret(d, v), err)
			}
			s.sources[d.name] = source{"env", d.env}
			continue
		}
		if fv, ok := values[d.name]; ok {
			if err := d.assign(s, fv.text); err != nil {
				return fmt.Errorf("%s:%d: %s = %s: %w", file, fv.line, d.name, quoteUnlessSecret(d, fv.text), err)
			}
			s.sources[d.name] = source{"file", fmt.Sprintf("%s:%d", file, fv.line)}
			continue
		}
		if err := d.assign(s, d.def()); err != nil {
			return fmt.Errorf("default of --%s: %w", d.name, err)
		}
		s.sources[d.name] = source{kind: "default"}
	}
	return nil
}

// quoteUnlessSecret is v quoted, or "…" for a secret.
func quoteUnlessSecret(d *settingDef, v string) string {
	if d.secret {
		return "…"
	}
	return strconv.Quote(v)
}

// fileValue is one setting read from the config file, as text, and its line.
type fileValue struct {
	text string
	line int
}

// readConfigFile reads the TOML config file: top-level keys named as the
// flags, strings (numbers for width). A missing file is fine unless it was
// asked for (--config, OVO_CONFIG). An unknown key, a table or a value of
// the wrong type is refused with its line; so is a file holding the client
// secret that others can read (see checkConfigPerm).
func readConfigFile(path string, required bool) (map[string]fileValue, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !required {
			return nil, nil
		}
		return nil, cashier.InputError(fmt.Errorf("config file: %w", err))
	}
	var m map[string]any
	md, err := toml.Decode(string(raw), &m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, cashier.InputError(fmt.Errorf("%s:%d: %s", path, pe.Position.Line, pe.Message))
		}
		return nil, cashier.InputError(fmt.Errorf("%s: %w", path, err))
	}
	known := map[string]*settingDef{}
	for i := range settingDefs {
		known[settingDefs[i].name] = &settingDefs[i]
	}
	lines := strings.Split(string(raw), "\n")
	out := map[string]fileValue{}
	var secret bool
	for _, k := range md.Keys() {
		name := k[0]
		line := keyLine(lines, k)
		d, ok := known[name]
		if !ok || len(k) > 1 {
			what := "unknown setting " + strconv.Quote(k.String())
			if name == configDef.name {
				what = "config cannot be set in the config file"
			}
			return nil, cashier.InputError(fmt.Errorf("%s:%d: %s (the keys are the flags' names: %s)", path, line, what, settingNames()))
		}
		var text string
		switch v := m[name].(type) {
		case string:
			text = v
		case bool:
			if _, isBool := d.field(&settings{}).(*bool); !isBool {
				return nil, cashier.InputError(fmt.Errorf("%s:%d: %s must be a string (in quotes), not a %s", path, line, name, md.Type(name)))
			}
			text = strconv.FormatBool(v)
		case int64:
			if _, isInt := d.field(&settings{}).(*int); !isInt {
				return nil, cashier.InputError(fmt.Errorf("%s:%d: %s must be a string (in quotes)", path, line, name))
			}
			text = strconv.FormatInt(v, 10)
		default:
			return nil, cashier.InputError(fmt.Errorf("%s:%d: %s must be a string (in quotes), not a %s", path, line, name, md.Type(name)))
		}
		out[name] = fileValue{text: text, line: line}
		secret = secret || d.secret
	}
	if err := checkConfigPerm(path, secret); err != nil {
		return nil, cashier.InputError(err)
	}
	return out, nil
}

// keyLine is the 1-based line where key k is defined in the file's lines,
// or 0 when it cannot be told (the TOML library does not expose it).
func keyLine(lines []string, k toml.Key) int {
	first := k[0]
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			l = strings.TrimLeft(l, "[ ")
			if strings.HasPrefix(strings.Trim(l, `"'`), first) {
				return i + 1
			}
			continue
		}
		l = strings.TrimLeft(l, `"'`)
		if rest, ok := strings.CutPrefix(l, first); ok {
			rest = strings.TrimLeft(rest, `"' `)
			if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ".") {
				return i + 1
			}
		}
	}
	return 0
}

// settingNames lists the keys the config file accepts.
func settingNames() string {
	names := make([]string, len(settingDefs))
	for i, d := range settingDefs {
		names[i] = d.name
	}
	return strings.Join(names, ", ")
}

// checkConfigPerm refuses a config file anyone else can write (it decides
// where money is sent and with which key) and a file holding the client
// secret that others can read. Like OpenSSH with a private key, a file of
// one's own must not be readable by the group either; a file owned by
// another user (root:ovocashier 0640 for a service) may be readable by the
// group, which is how the service reads it. Refused, not warned: a warning
// in a log does not stop anyone from reading the secret, and the fix is one
// chmod.
func checkConfigPerm(path string, secret bool) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	mode := fi.Mode().Perm()
	if mode&0o002 != 0 {
		return fmt.Errorf("%s is writable by anyone (mode %04o): chmod o-w %s", path, mode, path)
	}
	if !secret {
		return nil
	}
	if mode&0o004 != 0 {
		return fmt.Errorf("%s holds client-secret and is readable by others (mode %04o): chmod 600 %s (or 640 with the file owned by root and the service's group)", path, mode, path)
	}
	if mode&0o040 != 0 && ownedBySelf(fi) {
		return fmt.Errorf("%s holds client-secret and is readable by its group (mode %04o): chmod 600 %s", path, mode, path)
	}
	return nil
}

// resolve settles every setting (load) and then the environment: which
// one, which base URL, and whether the credentials it needs are complete.
// A command layer calls it once its flags are parsed.
func (s *settings) resolve() error {
	if err := s.load(); err != nil {
		return err
	}
	switch s.Lang {
	case "id", "en":
	default:
		return fmt.Errorf("%s %q: use id or en", s.label("lang"), s.Lang)
	}
	switch s.Width {
	case 32, 42, 48:
	default:
		return fmt.Errorf("%s %d: receipts are 32, 42 or 48 columns", s.label("width"), s.Width)
	}
	if s.BatchConcurrency < 1 || s.BatchConcurrency > 64 {
		return fmt.Errorf("%s %d: use 1 to 64", s.label("batch-concurrency"), s.BatchConcurrency)
	}
	switch s.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("%s %q: use text or json", s.label("log-format"), s.LogFormat)
	}
	switch strings.ToLower(strings.TrimSpace(s.Shifts)) {
	case "on", "true", "1":
		s.Shifts = "on"
	case "off", "false", "0":
		s.Shifts = "off"
	default:
		return fmt.Errorf("%s %q: use on or off", s.label("shifts"), s.Shifts)
	}
	if s.LowDeposit < 0 {
		return fmt.Errorf("%s %d: the threshold must not be negative", s.label("low-deposit"), s.LowDeposit)
	}
	if n := len(s.headerLines()); n > receipts.MaxHeaderLines {
		return fmt.Errorf("%s has %d lines: receipts take at most %d (separate them with |)", s.label("header"), n, receipts.MaxHeaderLines)
	}
	loc, err := loadZone(s.TZ)
	if err != nil {
		return fmt.Errorf("%s %q: %w", s.label("tz"), s.TZ, err)
	}
	s.Location = loc
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

// Limits on the partner private key file.
const (
	maxKeyFileBytes = 64 << 10 // a 4096-bit PEM key is about 3.3 KB
	minKeyBits      = 2048     // what keys generate makes; OVO asks for RSA 2048
)

// readPrivateKey reads and parses the partner private key file named by
// OVO_PRIVATE_KEY_FILE (--private-key). It reads at most 64 KiB (a larger
// file, or a device such as /dev/zero, is refused rather than read without
// end) and refuses an RSA key under 2048 bits. Errors match
// cashier.ErrInvalidInput (exit 2).
func readPrivateKey(path string) (*rsa.PrivateKey, error) {
	bad := func(format string, a ...any) (*rsa.PrivateKey, error) {
		return nil, cashier.InputError(fmt.Errorf("OVO_PRIVATE_KEY_FILE (--private-key) %s: "+format, append([]any{path}, a...)...))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, cashier.InputError(fmt.Errorf("OVO_PRIVATE_KEY_FILE (--private-key): %w", err))
	}
	defer f.Close()
	pem, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	if err != nil {
		return bad("%v", err)
	}
	if len(pem) > maxKeyFileBytes {
		return bad("larger than %d KiB: not a private key file", maxKeyFileBytes>>10)
	}
	key, err := ovoclient.ParsePrivateKeyPEM(pem)
	if err != nil {
		return bad("%v", err)
	}
	if n := key.N.BitLen(); n < minKeyBits {
		return bad("an RSA key of %d bits; at least %d are required (make one with `ovocashier keys generate`)", n, minKeyBits)
	}
	return key, nil
}

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
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cashier"
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

// configDir is the user's config directory for ovocashier
// ($XDG_CONFIG_HOME/ovocashier, ~/.config/ovocashier on Linux).
func configDir() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "ovocashier")
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "ovocashier")
	}
	return "ovocashier-config"
}

// defaultConfigFile is config.toml in the user's config directory.
func defaultConfigFile() string { return filepath.Join(configDir(), "config.toml") }

// stateDir is where the log lives, as XDG says: $XDG_STATE_HOME/ovocashier,
// ~/.local/state/ovocashier on Linux; elsewhere the data directory.
func stateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "ovocashier")
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" || runtime.GOOS == "netbsd" {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "state", "ovocashier")
		}
	}
	return dataDir()
}

// defaultLogFile is ovocashier.log in the state directory.
func defaultLogFile() string { return filepath.Join(stateDir(), "ovocashier.log") }

// loadZone loads an IANA time zone (from the embedded tzdata when the
// machine has none).
func loadZone(name string) (*time.Location, error) {
	switch strings.TrimSpace(name) {
	case "":
		return nil, errors.New("empty: give an IANA time zone such as Asia/Jakarta")
	case "Local":
		return nil, errors.New("give the outlet's IANA time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura…), not the machine's")
	}
	loc, err := time.LoadLocation(strings.TrimSpace(name))
	if err != nil {
		return nil, errors.New("unknown time zone: give an IANA name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura")
	}
	return loc, nil
}

// headerLines are the --header lines, blanks trimmed.
func (s *settings) headerLines() []string {
	if strings.TrimSpace(s.Header) == "" {
		return nil
	}
	lines := strings.Split(s.Header, "|")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines
}

// printerConfig is the receipt printer setting for spec.
func (s *settings) printerConfig(spec string) receipts.PrinterConfig {
	return receipts.PrinterConfig{Spec: spec, Width: s.Width, QR: s.QR, DrawerKick: s.Drawer}
}
