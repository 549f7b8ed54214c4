package cashier

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// phoneSeparators drops the spaces and dashes a typed phone ending may
// carry (built once, not per lookup).
var phoneSeparators = strings.NewReplacer(" ", "", "-", "")

// Lookup finds the one transaction a reference printed on the slip names:
// the partner reference, the receipt number (any case: "r00000002") or
// OVO's reference (any case). It reads indexes only. Nothing found is an
// error matching ErrNotFound: a *ledger.AmbiguousError naming the outlets
// when several other outlets of a shared ledger hold that receipt number
// (numbers migrated from their own ledgers). This is the one lookup of the screens, the
// command line and CheckStatus.
func (s *Service) Lookup(ref string) (Txn, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Txn{}, invalid("reference is empty")
	}
	t, err := s.db.Get(ref)
	if !errors.Is(err, ledger.ErrNotFound) {
		return t, err
	}
	up := strings.ToUpper(ref)
	t, rerr := s.db.GetByReceipt(up)
	if !errors.Is(rerr, ledger.ErrNotFound) {
		return t, rerr
	}
	p, err := s.db.Search(ledger.SearchOVORef, up, "", 1, nil)
	if err != nil {
		return Txn{}, err
	}
	if len(p.Txns) == 0 {
		if amb := (*ledger.AmbiguousError)(nil); errors.As(rerr, &amb) {
			return Txn{}, rerr // a receipt number several other outlets hold: it names them
		}
		return Txn{}, fmt.Errorf("%w: %s", ErrNotFound, ref)
	}
	return p.Txns[0], nil
}

// Find is the history search: one page, newest first, of the transactions
// text finds by anything on the slip — a reference Lookup knows, a whole
// phone number (any spelling NormalizePhone takes), the last 4 or more
// digits of a phone, or a part of the customer's name (the start of a word,
// several words all present). Empty text is the whole history. before is
// the previous page's Next. Every form reads an index with a cursor: a page
// costs the page, not the ledger.
func (s *Service) Find(text, before string, limit int) (Page, error) {
	return s.FindBy(text, "", before, limit)
}

// FindBy is Find keeping only the transactions made by operator
// (case-insensitively; "" keeps everyone's): what a cashier, who sees only
// their own history (roles), finds — a reference of someone else's
// transaction finds nothing.
func (s *Service) FindBy(text, operator, before string, limit int) (Page, error) {
	text = strings.TrimSpace(text)
	mine := func(t Txn) bool { return operator == "" || strings.EqualFold(t.Operator, operator) }
	if text == "" {
		return s.db.History(ledger.Query{Operator: operator, Before: before, Limit: limit})
	}
	if before == "" {
		if t, err := s.Lookup(text); err == nil {
			if !mine(t) {
				return Page{}, nil
			}
			return Page{Txns: []Txn{t}}, nil
		} else if amb := (*ledger.AmbiguousError)(nil); !errors.Is(err, ErrNotFound) || errors.As(err, &amb) {
			return Page{}, err
		}
	}
	if p, err := NormalizePhone(text); err == nil {
		return s.db.History(ledger.Query{Phone: p, Operator: operator, Before: before, Limit: limit})
	}
	digits := phoneSeparators.Replace(text)
	if isDigits(digits) {
		if len(digits) < ledger.MinPhoneEnd {
			return Page{}, invalid("type at least %d digits of the phone number", ledger.MinPhoneEnd)
		}
		var keep func(Txn) bool
		if operator != "" {
			keep = mine
		}
		return s.db.Search(ledger.SearchPhoneEnd, digits, before, limit, keep)
	}
	words := ledger.NameWords(text)
	if len(words) == 0 || len(words[0]) < ledger.MinNamePrefix {
		return Page{}, invalid("type at least %d letters of the name", ledger.MinNamePrefix)
	}
	// The index finds the start of the first word; every word typed must
	// start a word of the name.
	keep := func(t Txn) bool {
		if !mine(t) {
			return false
		}
		have := ledger.NameWords(t.CustomerName)
		for _, w := range words {
			if !startsAny(have, w) {
				return false
			}
		}
		return true
	}
	return s.db.Search(ledger.SearchName, words[0][:min(len(words[0]), ledger.MaxNamePrefix)], before, limit, keep)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func startsAny(words []string, prefix string) bool {
	for _, w := range words {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}
