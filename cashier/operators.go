package cashier

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/crypto/bcrypt"
)

// The operators file of the local counter (issue 14): each operator's name,
// role and PIN, the PIN stored only as a bcrypt hash (cost 10: about 50 ms
// a check, so guessing is slow even with the file). TOML:
//
//	[[operator]]
//	name = "Siti Rahayu"
//	role = "supervisor"
//	pin  = "$2a$10$…"
//
// Three wrong PINs in a row lock that operator for PINLockout (logged and
// in the audit trail); a right PIN clears the count. Service.Login keeps
// the count and the lock in the ledger, so a restart does not unlock.

// Defaults of the PIN rules.
const (
	MaxPINFailures    = 3
	DefaultPINLockout = 5 * time.Minute
	MinPINLength      = 4
	MaxPINLength      = 12
)

// Errors of operators. Each is matched with errors.Is.
var (
	// ErrBadPIN: the PIN is not the operator's (or there is no such operator:
	// the two are not told apart).
	ErrBadPIN = errors.New("wrong operator or PIN")
	// ErrPINLocked: too many wrong PINs; the error is a *PINLockedError.
	ErrPINLocked = errors.New("operator locked after wrong PINs")
	// ErrNoOperatorsFile: roles are not in use (no operators file is set).
	ErrNoOperatorsFile = errors.New("no operators file is set (--operators)")
)

// PINLockedError says an operator is locked until Until.
type PINLockedError struct {
	Name  string
	Until time.Time
}

// Error names the operator and the time.
func (e *PINLockedError) Error() string {
	return fmt.Sprintf("%s is locked after %d wrong PINs until %s", e.Name, MaxPINFailures, e.Until.Format("15:04:05"))
}

// Is makes a PINLockedError match ErrPINLocked.
func (e *PINLockedError) Is(target error) bool { return target == ErrPINLocked }

// OperatorEntry is one operator of the file.
type OperatorEntry struct {
	Name string `toml:"name"`
	Role Role   `toml:"role"`
	PIN  string `toml:"pin"` // bcrypt hash
}

type operatorsFile struct {
	Operator []OperatorEntry `toml:"operator"`
}

// Operators is the operators file, loaded, with the wrong-PIN counts of
// this process. Safe for concurrent use.
type Operators struct {
	path    string
	lockout time.Duration
	now     func() time.Time

	mu      sync.Mutex
	list    []OperatorEntry
	fails   map[string]int
	lockedU map[string]time.Time
}

// LoadOperators reads the operators file at path. A file that does not
// exist is an empty list (roles are then not in use at the counter); one
// that does not parse, names an unknown role, repeats a name or holds a
// PIN that is not a bcrypt hash is refused with its problem.
func LoadOperators(path string, lockout time.Duration, now func() time.Time) (*Operators, error) {
	if lockout <= 0 {
		lockout = DefaultPINLockout
	}
	if now == nil {
		now = time.Now
	}
	o := &Operators{path: path, lockout: lockout, now: now, fails: map[string]int{}, lockedU: map[string]time.Time{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return o, nil
	}
	if err != nil {
		return nil, fmt.Errorf("operators file: %w", err)
	}
	var f operatorsFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, fmt.Errorf("operators file %s: %w", path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("operators file %s: unknown key %q (operator entries have name, role and pin)", path, un[0].String())
	}
	seen := map[string]bool{}
	for i, e := range f.Operator {
		if err := checkOperatorName(e.Name); err != nil {
			return nil, fmt.Errorf("operators file %s: operator %d: %w", path, i+1, err)
		}
		if _, err := ParseRole(string(e.Role)); err != nil {
			return nil, fmt.Errorf("operators file %s: %s: %w", path, e.Name, err)
		}
		if _, err := bcrypt.Cost([]byte(e.PIN)); err != nil {
			return nil, fmt.Errorf("operators file %s: %s: the pin is not a bcrypt hash (set it with `ovocashier operators set`)", path, e.Name)
		}
		if seen[strings.ToLower(e.Name)] {
			return nil, fmt.Errorf("operators file %s: %s is listed twice", path, e.Name)
		}
		seen[strings.ToLower(e.Name)] = true
	}
	o.list = f.Operator
	return o, nil
}

// checkOperatorName refuses a name that cannot be shown or stored.
func checkOperatorName(name string) error {
	switch {
	case strings.TrimSpace(name) != name || name == "":
		return fmt.Errorf("%w: operator name %q: empty or with spaces around it", ErrInvalidInput, name)
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > 64:
		return fmt.Errorf("%w: operator name: at most 64 characters of UTF-8", ErrInvalidInput)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("%w: operator name holds control characters", ErrInvalidInput)
	}
	return nil
}

// Path is the file.
func (o *Operators) Path() string { return o.path }

// InUse reports whether the file lists any operator (roles in use).
func (o *Operators) InUse() bool {
	if o == nil {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.list) > 0
}

// List returns the operators (without their PIN hashes), by name.
func (o *Operators) List() []OperatorEntry {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]OperatorEntry, len(o.list))
	for i, e := range o.list {
		out[i] = OperatorEntry{Name: e.Name, Role: e.Role}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// HasOwner reports whether the file names an owner (until it does, the
// command line of this machine manages it).
func (o *Operators) HasOwner() bool {
	if o == nil {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, e := range o.list {
		if e.Role == RoleOwner {
			return true
		}
	}
	return false
}

// Role is the role of the operator name, and whether the file lists them.
func (o *Operators) Role(name string) (Role, bool) {
	if o == nil {
		return "", false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if i := o.find(name); i >= 0 {
		return o.list[i].Role, true
	}
	return "", false
}

func (o *Operators) find(name string) int {
	for i, e := range o.list {
		if strings.EqualFold(e.Name, name) {
			return i
		}
	}
	return -1
}

// Check verifies name's PIN. A wrong one counts towards the lockout: the
// MaxPINFailures-th locks the operator for the lockout time
// (*PINLockedError); while locked, even the right PIN is refused.
// locked reports whether this check locked the operator.
func (o *Operators) Check(name, pin string) (e OperatorEntry, locked bool, err error) {
	o.mu.Lock()
	key := strings.ToLower(name)
	if until, ok := o.lockedU[key]; ok {
		if o.now().Before(until) {
			o.mu.Unlock()
			return OperatorEntry{}, false, &PINLockedError{Name: name, Until: until}
		}
		delete(o.lockedU, key)
		o.fails[key] = 0
	}
	i := o.find(name)
	var hash string
	if i >= 0 {
		e = o.list[i]
		hash = e.PIN
	}
	o.mu.Unlock()
	// The slow comparison runs outside the lock, and for an unknown name too.
	ok := bcrypt.CompareHashAndPassword([]byte(orDummy(hash)), []byte(pin)) == nil && i >= 0
	o.mu.Lock()
	defer o.mu.Unlock()
	if ok {
		o.fails[key] = 0
		return OperatorEntry{Name: e.Name, Role: e.Role}, false, nil
	}
	if i < 0 {
		return OperatorEntry{}, false, ErrBadPIN
	}
	o.fails[key]++
	if o.fails[key] >= MaxPINFailures {
		until := o.now().Add(o.lockout)
		o.lockedU[key] = until
		return OperatorEntry{}, true, &PINLockedError{Name: e.Name, Until: until}
	}
	return OperatorEntry{}, false, ErrBadPIN
}

// seed sets name's wrong-PIN count and lockout to what the ledger keeps
// (the state survives a restart, and other processes' tries count).
func (o *Operators) seed(name string, fails int, until time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	key := strings.ToLower(name)
	o.fails[key] = fails
	if until.IsZero() {
		delete(o.lockedU, key)
	} else {
		o.lockedU[key] = until
	}
}

// state is name's wrong-PIN count and lockout end (zero when not locked).
func (o *Operators) state(name string) (fails int, until time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	key := strings.ToLower(name)
	return o.fails[key], o.lockedU[key]
}

// dummyHash makes a check of an unknown name as slow as a known one's.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a pin"), bcrypt.DefaultCost)

func orDummy(h string) string {
	if h == "" {
		return string(dummyHash)
	}
	return h
}

// Set adds operator name with role and pin, or changes an existing one's
// role and PIN, and writes the file (0600, replaced atomically).
func (o *Operators) Set(name string, role Role, pin string) error {
	if err := checkOperatorName(name); err != nil {
		return err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	if err := CheckPIN(pin); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	list := append([]OperatorEntry(nil), o.list...)
	e := OperatorEntry{Name: name, Role: role, PIN: string(hash)}
	if i := o.find(name); i >= 0 {
		list[i] = e
	} else {
		list = append(list, e)
	}
	if err := o.write(list); err != nil {
		return err
	}
	o.list = list
	delete(o.lockedU, strings.ToLower(name))
	delete(o.fails, strings.ToLower(name))
	return nil
}

// Remove takes operator name out of the file.
func (o *Operators) Remove(name string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := o.find(name)
	if i < 0 {
		return fmt.Errorf("%w: no operator %q", ErrInvalidInput, name)
	}
	list := append(append([]OperatorEntry(nil), o.list[:i]...), o.list[i+1:]...)
	if err := o.write(list); err != nil {
		return err
	}
	o.list = list
	return nil
}

// CheckPIN refuses a PIN that is not 4 to 12 digits.
func CheckPIN(pin string) error {
	if len(pin) < MinPINLength || len(pin) > MaxPINLength || strings.IndexFunc(pin, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return fmt.Errorf("%w: a PIN is %d to %d digits", ErrInvalidInput, MinPINLength, MaxPINLength)
	}
	return nil
}

// write replaces the file with list. Called with o.mu held.
func (o *Operators) write(list []OperatorEntry) error {
	if o.path == "" {
		return errors.New("operators file: no path")
	}
	var buf bytes.Buffer
	buf.WriteString("# ovocashier operators: PINs are bcrypt hashes; change with `ovocashier operators`.\n")
	if err := toml.NewEncoder(&buf).Encode(operatorsFile{Operator: list}); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(o.path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.path), ".operators-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), o.path)
}
