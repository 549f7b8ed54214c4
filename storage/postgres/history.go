package postgres

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// A page cursor is the bbolt ledger's: base64url of the 8-byte big-endian
// CreatedAt (Unix nanoseconds) of the last transaction returned followed
// by its reference. The next page continues strictly after it, so a cursor
// stays valid across writes.

// encodeCursor is the cursor after t.
func encodeCursor(t ledger.Txn) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(ledger.NanosOf(t.CreatedAt)))
	return base64.RawURLEncoding.EncodeToString(append(b, t.PartnerReferenceNo...))
}

// cursor is a decoded page cursor.
type cursor struct {
	ns  int64
	ref string
}

// decodeCursor reads s ("" is the start: nil); what names the argument in
// the error.
func decodeCursor(s, what string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) <= 8 {
		return nil, &ledger.ValidationError{Field: what, Problem: "not a page cursor"}
	}
	return &cursor{ns: int64(binary.BigEndian.Uint64(b[:8])), ref: string(b[8:])}, nil
}

// History returns this outlet's transactions (every outlet's when the
// handle serves all) newest first (by CreatedAt), one page at a time, with
// the bbolt ledger's semantics: Day keeps the calendar day in Location
// (Asia/Jakarta when nil), Phone the exact CustomerNumber, Operator the
// operator case-insensitively; Next continues after the last transaction
// returned, "" when no further transaction matches. A page is an index
// range scan: it costs the page, not the ledger. A malformed cursor gives
// ErrInvalid.
func (db *DB) History(q ledger.Query) (ledger.Page, error) {
	cur, err := decodeCursor(q.Before, "Query.Before")
	if err != nil {
		return ledger.Page{}, err
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if db.outlet != "" {
		where = append(where, "t.outlet_id = "+arg(db.outlet))
	}
	if start, end, ok := q.DayRange(); ok {
		where = append(where, "t.created_ns >= "+arg(rangeNanos(start)), "t.created_ns < "+arg(rangeNanos(end)))
	}
	if q.Phone != "" {
		where = append(where, "t.customer_number = "+arg(q.Phone))
	}
	if q.Operator != "" {
		where = append(where, "lower(t.operator) = lower("+arg(q.Operator)+")")
	}
	return db.walk(cur, ledger.PageLimit(q.Limit), nil, func(c *cursor, n int) (string, []any) {
		w, a := where, args
		if c != nil {
			a = append(a[:len(a):len(a)], c.ns, c.ref)
			w = append(w[:len(w):len(w)], fmt.Sprintf("(t.created_ns, t.ref) < ($%d, $%d)", len(a)-1, len(a)))
		}
		a = append(a[:len(a):len(a)], n)
		sql := `SELECT ` + txnCols + ` FROM txns t`
		if len(w) > 0 {
			sql += ` WHERE ` + strings.Join(w, " AND ")
		}
		return sql + fmt.Sprintf(` ORDER BY t.created_ns DESC, t.ref DESC LIMIT $%d`, len(a)), a
	})
}

// Search returns this outlet's transactions (every outlet's when the handle
// serves all) whose term of kind k ends with (phone) or starts with (a name
// word) or is (OVO reference) term, newest first, one page at a time
// (before is the previous page's Next; limit as in Query), through the
// txn_search index that holds every backend's terms (ledger.SearchTerms).
// The term is taken as given, as bytes. A name term longer than the
// longest indexed start (ledger.MaxNamePrefix) is looked up by that start
// and the rest matched against the names. keep, when not nil, drops the
// transactions it refuses; as with the bbolt ledger, Next is then the
// cursor after the last transaction looked at.
func (db *DB) Search(k ledger.SearchKind, term, before string, limit int, keep func(ledger.Txn) bool) (ledger.Page, error) {
	cur, err := decodeCursor(before, "before")
	if err != nil {
		return ledger.Page{}, err
	}
	indexed := term
	if k == ledger.SearchName && len(term) > ledger.MaxNamePrefix {
		indexed = term[:ledger.MaxNamePrefix]
		keep = startsWord(term, keep)
	}
	return db.walk(cur, ledger.PageLimit(limit), keep, func(c *cursor, n int) (string, []any) {
		a := []any{string(rune(k)), []byte(indexed)}
		sql := `SELECT ` + txnCols + ` FROM txn_search s JOIN txns t ON t.ref = s.ref WHERE s.kind = $1 AND s.term = $2`
		if db.outlet != "" {
			a = append(a, db.outlet)
			sql += fmt.Sprintf(` AND t.outlet_id = $%d`, len(a))
		}
		if c != nil {
			a = append(a, c.ns, c.ref)
			sql += fmt.Sprintf(` AND (s.created_ns, s.ref) < ($%d, $%d)`, len(a)-1, len(a))
		}
		a = append(a, n)
		return sql + fmt.Sprintf(` ORDER BY s.created_ns DESC, s.ref DESC LIMIT $%d`, len(a)), a
	})
}

// startsWord is keep (nil keeps all) keeping only the transactions with a
// word of the customer's name (ledger.NameWords) that starts with term.
func startsWord(term string, keep func(ledger.Txn) bool) func(ledger.Txn) bool {
	return func(t ledger.Txn) bool {
		for _, w := range ledger.NameWords(t.CustomerName) {
			if strings.HasPrefix(w, term) {
				return keep == nil || keep(t)
			}
		}
		return false
	}
}

// walk reads a page of limit transactions newest first: query(c, n) is the
// SQL reading up to n rows strictly older than cursor c (nil: from the
// newest). keep drops rows (nil keeps all); rows are read in chunks until
// the page is full and one more row is known to follow (then Next is the
// cursor after the last row looked at) or the rows end (Next "").
func (db *DB) walk(c *cursor, limit int, keep func(ledger.Txn) bool, query func(c *cursor, n int) (string, []any)) (ledger.Page, error) {
	var p ledger.Page
	err := db.withCtx(func(ctx context.Context) error {
		var last *ledger.Txn
		for {
			sql, args := query(c, limit+1)
			rows, err := db.pool.Query(ctx, sql, args...)
			if err != nil {
				return err
			}
			chunk, err := collectTxns(rows)
			if err != nil {
				return err
			}
			for i := range chunk {
				if len(p.Txns) == limit {
					p.Next = encodeCursor(*last)
					return nil
				}
				last = &chunk[i]
				if keep == nil || keep(chunk[i]) {
					p.Txns = append(p.Txns, chunk[i])
				}
			}
			if len(chunk) < limit+1 {
				return nil
			}
			c = &cursor{ns: ledger.NanosOf(last.CreatedAt), ref: last.PartnerReferenceNo}
		}
	})
	if err != nil {
		return ledger.Page{}, err
	}
	return p, nil
}
