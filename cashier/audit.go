package cashier

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The audit trail as the cashier writes it (the ledger keeps the chain, by
// the rule of ledger.SealAudit). Sends, settles, shifts, pay-ins/outs, holds and decisions are
// recorded by the ledger in their own commits; what is not a ledger write
// (a login, a wrong PIN, a lock, a reprint, operators and settings changed)
// is recorded here.

// Audit appends one record for what by did. A failure to record is logged
// and returned.
func (s *Service) Audit(by Actor, action, ref string, amount int64, detail string) error {
	_, err := s.db.AppendAudit(ledger.AuditEntry{Who: by.Name, Role: string(by.Role), From: by.From, Action: action, Ref: ref, Amount: amount, Detail: detail})
	if err != nil {
		s.log.Error("audit trail: record not written", "action", action, "who", by.Name, "err", err)
	}
	return err
}

// Operators is the operators file of the counter (nil when none is set).
func (s *Service) Operators() *Operators { return s.cfg.Operators }

// RolesInUse reports whether the counter has an operators file listing
// operators: then the screen starts locked and asks for a PIN.
func (s *Service) RolesInUse() bool { return s.cfg.Operators.InUse() }

// Login checks name's PIN at from ("terminal NAME", "command line") and
// returns who they are. Every try is in the audit trail: "login", or
// "pin-failed", and "pin-locked" when this try locked the operator; the
// log says the same. The wrong-PIN count and the lock are kept in the
// ledger with the try's record (one commit), so a restart, or another
// process on the same ledger, does not unlock the operator.
func (s *Service) Login(name, pin, from string) (Actor, error) {
	if !s.RolesInUse() {
		return Actor{}, ErrNoOperatorsFile
	}
	ops := s.cfg.Operators
	if _, listed := ops.Role(name); listed {
		st, err := s.db.PINState(name)
		if err != nil {
			s.log.Error("the wrong-PIN count could not be read; PIN refused", "operator", name, "err", err)
			return Actor{}, err
		}
		ops.seed(name, st.Fails, st.Until)
	}
	e, locked, err := ops.Check(name, pin)
	if err != nil {
		by := Actor{Name: name, From: from}
		var le *PINLockedError
		var recs []ledger.AuditEntry
		switch {
		case locked:
			s.log.Warn("operator locked after wrong PINs", "operator", name, "from", from, "until", e2t(err))
			recs = []ledger.AuditEntry{auditEntry(by, "pin-failed", ""), auditEntry(by, "pin-locked", "until "+e2t(err))}
		case errors.As(err, &le):
			s.log.Warn("PIN refused: the operator is locked", "operator", name, "from", from)
			recs = []ledger.AuditEntry{auditEntry(by, "pin-refused-locked", "")}
		default:
			s.log.Warn("wrong PIN", "operator", name, "from", from)
			recs = []ledger.AuditEntry{auditEntry(by, "pin-failed", "")}
		}
		s.recordPIN(name, recs...)
		return Actor{}, err
	}
	by := Actor{Name: e.Name, Role: e.Role, From: from}
	s.log.Info("login", "operator", e.Name, "role", e.Role, "from", from)
	s.recordPIN(e.Name, auditEntry(by, "login", ""))
	return by, nil
}

// recordPIN writes name's wrong-PIN state as the operators file now has it
// and the records of the try, in one commit. A failure is logged.
func (s *Service) recordPIN(name string, recs ...ledger.AuditEntry) {
	st := ledger.PINState{}
	if _, listed := s.cfg.Operators.Role(name); listed {
		st.Fails, st.Until = s.cfg.Operators.state(name)
	}
	if err := s.db.RecordPIN(name, st, recs...); err != nil {
		s.log.Error("audit trail: PIN try not recorded", "operator", name, "err", err)
	}
}

// SetOperator adds or changes operator name (role and PIN) in the
// operators file for by, and records it; a new PIN also clears the
// operator's wrong-PIN count and lock, in the record's commit.
func (s *Service) SetOperator(by Actor, name string, role Role, pin string) error {
	ops := s.cfg.Operators
	if ops == nil {
		return ErrNoOperatorsFile
	}
	if err := ops.Set(name, role, pin); err != nil {
		return err
	}
	e := auditEntry(by, "operator-set", "role "+string(role))
	e.Ref = name
	if err := s.db.RecordPIN(name, ledger.PINState{}, e); err != nil {
		s.log.Error("audit trail: operator change not recorded", "operator", name, "err", err)
		return err
	}
	return nil
}

func auditEntry(by Actor, action, detail string) ledger.AuditEntry {
	return ledger.AuditEntry{Who: by.Name, Role: string(by.Role), From: by.From, Action: action, Detail: detail}
}

func e2t(err error) string {
	var le *PINLockedError
	if errors.As(err, &le) {
		return le.Until.UTC().Format(time.RFC3339)
	}
	return ""
}

// VerifyAudit walks the audit trail; see Ledger.VerifyAudit.
func (s *Service) VerifyAudit() (uint64, error) { return s.db.VerifyAudit() }

// AuditAnchor is a point of the audit chain kept outside the ledger (the
// printed Z or day slip, `audit verify`'s output): record Seq had hash Hash
// (hex SHA-256, or at least its first MinAnchorHex digits). The chain
// alone cannot show that its whole tail was rewritten — every hash can be
// computed again — but a rewrite that reaches an anchored record changes
// its hash, and one that drops it leaves it missing.
type AuditAnchor struct {
	Seq  uint64
	Hash string
}

// MinAnchorHex is the fewest hex digits of a hash an anchor may keep.
const MinAnchorHex = 16

// String is the anchor as printed and as `audit verify --anchor` takes it: N:HASH.
func (a AuditAnchor) String() string { return fmt.Sprintf("%d:%s", a.Seq, a.Hash) }

// ParseAuditAnchor reads N:HASH (HASH hex, at least MinAnchorHex digits,
// case and spaces ignored); anything else is ErrInvalidInput.
func ParseAuditAnchor(text string) (AuditAnchor, error) {
	n, h, ok := strings.Cut(strings.Join(strings.Fields(text), ""), ":")
	seq, err := strconv.ParseUint(n, 10, 64)
	h = strings.ToLower(h)
	if !ok || err != nil || seq == 0 || len(h) < MinAnchorHex || len(h) > 64 || strings.Trim(h, "0123456789abcdef") != "" {
		return AuditAnchor{}, fmt.Errorf("%w: audit anchor %q: want NUMBER:HASH (hex, at least %d digits)", ErrInvalidInput, text, MinAnchorHex)
	}
	return AuditAnchor{Seq: seq, Hash: h}, nil
}

// AuditHead is the anchor of the audit chain's last record now (the zero
// anchor when the trail is empty). The log records it.
func (s *Service) AuditHead() (AuditAnchor, error) {
	r, err := s.db.AuditAt(0)
	if err != nil {
		return AuditAnchor{}, err
	}
	a := AuditAnchor{Seq: r.Seq, Hash: r.Hash}
	if a.Seq > 0 {
		s.log.Info("audit trail head (anchor)", "anchor", a.String())
	}
	return a, nil
}

// VerifyAuditAnchors walks the audit trail (VerifyAudit), then checks that
// the chain still holds every anchor: record Seq there, its hash beginning
// with Hash. A rewritten tail that reaches an anchored record is an
// *AuditBrokenError naming it (ledger.AuditAnchorDiffers, or
// AuditAnchorMissing when the chain is now shorter).
func (s *Service) VerifyAuditAnchors(anchors []AuditAnchor) (uint64, error) {
	n, err := s.db.VerifyAudit()
	if err != nil {
		return n, err
	}
	for _, a := range anchors {
		if a.Seq > n {
			return n, &ledger.AuditBrokenError{Seq: a.Seq, Code: ledger.AuditAnchorMissing, N: n,
				Reason: fmt.Sprintf("anchored record %d is gone: the trail has %d records (its tail was rewritten)", a.Seq, n)}
		}
		r, err := s.db.AuditAt(a.Seq)
		if err != nil {
			return n, err
		}
		if !strings.HasPrefix(r.Hash, strings.ToLower(a.Hash)) {
			return n, &ledger.AuditBrokenError{Seq: a.Seq, Code: ledger.AuditAnchorDiffers,
				Reason: fmt.Sprintf("record %d hashes to %s, not the anchor's %s (the chain was rewritten from it or earlier)", a.Seq, r.Hash, a.Hash)}
		}
	}
	return n, nil
}

// AuditDay returns the records of day (any time in it) in the outlet's zone.
func (s *Service) AuditDay(day time.Time) ([]ledger.AuditRecord, error) {
	d := day.In(s.cfg.Location)
	from := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.cfg.Location)
	var out []ledger.AuditRecord
	err := s.db.AuditRange(from, from.AddDate(0, 0, 1), func(r ledger.AuditRecord) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// AuditReprint records that by reprinted the receipt of ref.
func (s *Service) AuditReprint(ref string, by Actor) {
	var amount int64
	if t, err := s.db.Get(ref); err == nil {
		amount = t.Amount
	}
	s.Audit(by, "reprint", ref, amount, "")
}

// RecordSettings writes the settings that matter (summary, as text) to the
// audit trail when they changed since the last run that recorded them.
func (s *Service) RecordSettings(by Actor, summary string) {
	changed, err := s.db.RecordSettings(ledger.AuditEntry{Who: by.Name, Role: string(by.Role), From: by.From, Detail: summary})
	switch {
	case err != nil:
		s.log.Error("audit trail: settings not recorded", "err", err)
	case changed:
		s.log.Info("settings changed since they were last recorded", "settings", summary)
	}
}
