package sshserver

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"
)

// MaxOperatorName is the longest operator name (authorized_keys comment) accepted.
const MaxOperatorName = 64

// Operator is one line of the authorized_keys file: a key and the name of
// the operator it belongs to (the line's comment).
type Operator struct {
	Name        string // the comment, trimmed, without its role token
	Fingerprint string // SHA256:… as ssh-keygen -l prints it
	Line        int    // where it is in the file
	// Role is the comment's role=cashier|supervisor|owner token; cashier
	// without one (roles.go).
	Role string
	// Key is the public key the operator logs in with, in wire form.
	Key string
}

// keyring is the authorized_keys file as last read successfully. It is
// re-read when the file's size or modification time changes (checked on
// every login attempt and by a poll); a line that does not parse, or has no
// usable name, is skipped and logged, and a file that cannot be read keeps
// the previous set.
type keyring struct {
	path string
	log  *slog.Logger
	// onChange, if set, runs after the set was replaced by a new reading
	// (outside the lock).
	onChange func()

	mu    sync.Mutex
	stamp fileStamp
	keys  map[string]Operator // by the key's wire form
	bad   bool                // the last read failed (logged once per failure streak)
}

type fileStamp struct {
	size int64
	mod  time.Time
}

func newKeyring(path string, log *slog.Logger) (*keyring, error) {
	k := &keyring{path: path, log: log}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("authorized keys: %s is a directory", path)
	}
	if err := k.read(fi); err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	return k, nil
}

// lookup returns the operator whose key is key, after re-reading the file if
// it changed.
func (k *keyring) lookup(key gossh.PublicKey) (Operator, bool) {
	k.refresh()
	k.mu.Lock()
	defer k.mu.Unlock()
	op, ok := k.keys[string(key.Marshal())]
	return op, ok
}

// count is the number of operators' keys in the set.
func (k *keyring) count() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.keys)
}

// refresh re-reads the file when its size or modification time changed.
func (k *keyring) refresh() {
	if k.reload() && k.onChange != nil {
		k.onChange()
	}
}

// authorized reports whether the key (wire form) is in the set now, under
// the name name.
func (k *keyring) authorized(wire, name string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	op, ok := k.keys[wire]
	return ok && op.Name == name
}

// name is the operator whose key (wire form) is in the set now, or "".
func (k *keyring) name(wire string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys[wire].Name
}

// reload is refresh without the callback; it reports whether the set
// was replaced.
func (k *keyring) reload() (changed bool) {
	fi, err := os.Stat(k.path)
	k.mu.Lock()
	defer k.mu.Unlock()
	if err != nil {
		if !k.bad {
			k.log.Error("authorized keys unreadable; keeping the last good set", "path", k.path, "err", err, "operators", len(k.keys))
		}
		k.bad = true
		return
	}
	if (fileStamp{fi.Size(), fi.ModTime()}) == k.stamp && !k.bad {
		return false
	}
	if err := k.readLocked(fi); err != nil {
		if !k.bad {
			k.log.Error("authorized keys unreadable; keeping the last good set", "path", k.path, "err", err, "operators", len(k.keys))
		}
		k.bad = true
		return false
	}
	return true
}

func (k *keyring) read(fi os.FileInfo) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.readLocked(fi)
}

// readLocked parses the file and replaces the set. Called with k.mu held.
func (k *keyring) readLocked(fi os.FileInfo) error {
	data, err := os.ReadFile(k.path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o022 != 0 {
		k.log.Warn("authorized keys: the file is writable by group or others; anyone who can write it can add an operator",
			"path", k.path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
	}
	keys, skipped := parseAuthorizedKeys(data, k.log.With("path", k.path))
	k.keys = keys
	k.stamp = fileStamp{fi.Size(), fi.ModTime()}
	k.bad = false
	if len(keys) == 0 {
		k.log.Warn("authorized keys: no operator can log in", "path", k.path, "skipped_lines", skipped)
	} else {
		k.log.Info("authorized keys loaded", "path", k.path, "operators", len(keys), "skipped_lines", skipped)
	}
	return nil
}

// parseAuthorizedKeys reads OpenSSH authorized_keys lines. Each usable line
// gives an Operator named by its comment; the others are logged (by line
// number and reason, never the key material) and counted in skipped.
func parseAuthorizedKeys(data []byte, log *slog.Logger) (keys map[string]Operator, skipped int) {
	keys = map[string]Operator{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		skip := func(reason string, args ...any) {
			skipped++
			log.Warn("authorized keys: line skipped", append([]any{"line", n, "reason", reason}, args...)...)
		}
		pub, comment, options, rest, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			skip("not an OpenSSH public key line", "err", err)
			continue
		}
		if len(bytes.TrimSpace(rest)) > 0 {
			skip("more than one key on the line")
			continue
		}
		if _, ok := pub.(*gossh.Certificate); ok {
			skip("certificates are not supported")
			continue
		}
		fp := gossh.FingerprintSHA256(pub)
		name, role, problem := operatorNameRole(comment) // roles.go
		if problem != "" {
			skip(problem, "fingerprint", fp)
			continue
		}
		if bad := unenforced(options); len(bad) > 0 {
			// An option this server cannot honour (from=, expiry-time=…)
			// would otherwise widen access: the line is refused instead.
			skip("options this server cannot enforce: "+strings.Join(bad, ","), "operator", name, "fingerprint", fp)
			continue
		}
		w := string(pub.Marshal())
		if first, dup := keys[w]; dup {
			skip("the same key is on line "+fmt.Sprint(first.Line), "fingerprint", fp)
			continue
		}
		keys[w] = Operator{Name: name, Fingerprint: fp, Line: n, Role: role, Key: w}
	}
	if err := sc.Err(); err != nil {
		skipped++
		log.Warn("authorized keys: reading stopped", "line", n+1, "err", err)
	}
	return keys, skipped
}

// operatorName is the trimmed comment, or why it cannot name an operator.
func operatorName(comment string) (string, string) {
	name := strings.TrimSpace(comment)
	switch {
	case name == "":
		return "", "no comment: the comment is the operator's name (e.g. ssh-ed25519 AAAA… siti)"
	case !utf8.ValidString(name):
		return "", "the comment is not UTF-8"
	case utf8.RuneCountInString(name) > MaxOperatorName:
		return "", fmt.Sprintf("the comment is longer than %d characters", MaxOperatorName)
	case strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) }) >= 0:
		return "", "the comment holds control characters"
	}
	return name, ""
}

// alreadyTrue are the authorized_keys options that this server satisfies
// by what it is: it serves the cashier screen and nothing else (no
// forwarding of any kind, no commands, no user rc).
var alreadyTrue = map[string]bool{
	"restrict": true, "no-port-forwarding": true, "no-agent-forwarding": true,
	"no-x11-forwarding": true, "no-user-rc": true,
}

// unenforced are the names of the options of a line that the server cannot
// honour (values left out: they may be addresses or commands).
func unenforced(options []string) []string {
	var out []string
	for _, o := range options {
		name, _, _ := strings.Cut(o, "=")
		if !alreadyTrue[strings.ToLower(strings.TrimSpace(name))] {
			out = append(out, name)
		}
	}
	return out
}
