package ledger

import (
	"strings"
	"time"
	"unicode"
)

// Page sizes of History and Search.
const (
	DefaultHistoryLimit = 20
	MaxHistoryLimit     = 500
)

// Query selects a page of History.
type Query struct {
	// Day, if not zero, keeps the transactions created on the calendar day
	// in Location that contains Day.
	Day time.Time
	// Location is the time zone of Day's calendar day (the outlet's);
	// nil is Asia/Jakarta.
	Location *time.Location
	// Phone, if not empty, keeps the transactions whose CustomerNumber is
	// exactly Phone.
	Phone string
	// Operator, if not empty, keeps the transactions whose Operator is
	// Operator (case-insensitively).
	Operator string
	// Before is the cursor of the previous Page (its Next); "" starts at
	// the newest transaction.
	Before string
	// Limit is the page size: 0 (or less) means DefaultHistoryLimit; more
	// than MaxHistoryLimit means MaxHistoryLimit.
	Limit int
}

// PageLimit is the page size of a Query.Limit (or a Search limit): 0 or
// less is DefaultHistoryLimit, more than MaxHistoryLimit is MaxHistoryLimit.
func PageLimit(limit int) int {
	if limit <= 0 {
		return DefaultHistoryLimit
	}
	return min(limit, MaxHistoryLimit)
}

// Page is one page of History or Search.
type Page struct {
	Txns []Txn  // newest first
	Next string // cursor for Query.Before to get the next (older) page; "" when there is none
}

// SearchKind is what a search term is.
type SearchKind byte

// The kinds of search term.
const (
	// SearchPhoneEnd: the last digits (4 or more) of the customer's phone.
	SearchPhoneEnd SearchKind = 's'
	// SearchName: the start (2 or more letters) of a word of the
	// customer's name, in lower case.
	SearchName SearchKind = 'n'
	// SearchOVORef: OVO's reference number, in upper case.
	SearchOVORef SearchKind = 'o'
)

// Bounds of indexed terms.
const (
	MinPhoneEnd   = 4  // fewest last digits of a phone that are indexed
	MinNamePrefix = 2  // fewest letters of a name word that are indexed
	MaxNamePrefix = 24 // longer word starts are indexed up to this many bytes
)

// NameWords splits a name into the lower-case words the index knows it by.
func NameWords(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// SearchTerm is one term a transaction is found by.
type SearchTerm struct {
	Kind SearchKind
	Term string
}

// SearchTerms are the terms a backend indexes t under, so that Search
// finds the same transactions on every backend: every phone ending of
// MinPhoneEnd digits or more, every start of MinNamePrefix to
// MaxNamePrefix bytes of each word of the name (NameWords), and OVO's
// reference in upper case once it is known. No term repeats.
func SearchTerms(t Txn) []SearchTerm {
	var out []SearchTerm
	p := t.CustomerNumber
	for n := MinPhoneEnd; n <= len(p); n++ {
		out = append(out, SearchTerm{SearchPhoneEnd, p[len(p)-n:]})
	}
	seen := map[string]bool{}
	for _, w := range NameWords(t.CustomerName) {
		for n := MinNamePrefix; n <= min(len(w), MaxNamePrefix); n++ {
			if !seen[w[:n]] {
				seen[w[:n]] = true
				out = append(out, SearchTerm{SearchName, w[:n]})
			}
		}
	}
	if t.ReferenceNo != "" {
		out = append(out, SearchTerm{SearchOVORef, strings.ToUpper(t.ReferenceNo)})
	}
	return out
}
