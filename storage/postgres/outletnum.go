package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Numbers per outlet (migration 0022). A chain migrates its outlets' bbolt
// ledgers one after another, and each numbered its receipts (R…), shifts
// (S…), cash moves (C…), approvals (A…) and batches (B…) from 1: the
// numbers printed on slips and reports are kept, so a migrated number is
// unique per outlet only, and a row is keyed by (outlet_id, number). The
// numbers the database hands out come from its sequences, which Import
// moves past every migrated number: they are unique across the chain.
//
// A lookup by number prefers the asking handle's outlet: that outlet's row
// when it holds one, else the row of the one outlet that does (a number the
// database handed out, or a migrated number only one outlet holds). A
// migrated number several other outlets hold is a *ledger.AmbiguousError naming
// them, which matches the lookup's not-found error: it is not this
// outlet's, and which outlet's is meant only the asker can say (--outlet).

// owned names one row of a table keyed by outlet and number.
type owned struct{ outlet, id string }

// maxOutletsNamed bounds the outlets an AmbiguousError lists.
const maxOutletsNamed = 20

// ownerOf is the outlet whose row of table (keyed by outlet_id and col)
// carries number, preferring outlet prefer (see above); notFound when none
// does, an *AmbiguousError when several others do. It locks nothing.
func ownerOf(ctx context.Context, q querier, table, col, what, number, prefer string, notFound error) (string, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT outlet_id, outlet_id = $2 FROM `+table+` WHERE `+col+` = $1
		ORDER BY 2 DESC, 1 LIMIT `+fmt.Sprint(maxOutletsNamed), number, prefer)
	if err != nil {
		return "", err
	}
	type hit struct {
		outlet string
		mine   bool
	}
	hits, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (hit, error) {
		var h hit
		return h, r.Scan(&h.outlet, &h.mine)
	})
	switch {
	case err != nil:
		return "", err
	case len(hits) == 0:
		return "", notFound
	case hits[0].mine || len(hits) == 1:
		return hits[0].outlet, nil
	}
	e := &ledger.AmbiguousError{What: what, Number: number, NotFound: notFound}
	for _, h := range hits {
		e.Outlets = append(e.Outlets, h.outlet)
	}
	return "", e
}

// getOwned reads the JSON doc of number id of table (shifts, approvals,
// batches), locking its row with lock ("FOR UPDATE", "FOR SHARE" or ""),
// from the outlet ownerOf picks; notFound when none holds it.
func getOwned[T any](ctx context.Context, q querier, table, what, id, prefer, lock string, notFound error) (T, owned, error) {
	var zero T
	outlet, err := ownerOf(ctx, q, table, "id", what, id, prefer, notFound)
	if err != nil {
		return zero, owned{}, err
	}
	v, err := getDoc[T](ctx, q, notFound, what+" "+id, `SELECT doc FROM `+table+` WHERE outlet_id = $1 AND id = $2 `+lock, outlet, id)
	return v, owned{outlet: outlet, id: id}, err
}

// isAmbiguous reports whether err is a *ledger.AmbiguousError.
func isAmbiguous(err error) bool {
	var ae *ledger.AmbiguousError
	return errors.As(err, &ae)
}
