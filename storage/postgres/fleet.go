package postgres

import (
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The owner's view of the chain (`ovocashier fleet`): per outlet, one
// read of the database whatever the handle's own outlet.

// KindDay is one kind's totals of an outlet's day.
type KindDay struct {
	Success       int   `json:"success"`       // transactions that succeeded
	SuccessAmount int64 `json:"successAmount"` // their amounts
	Fees          int64 `json:"fees"`          // their fees
	Failed        int   `json:"failed"`
	Open          int   `json:"open"`       // still pending or unknown
	OpenAmount    int64 `json:"openAmount"` // their amounts
}

// OpenShift is a shift not closed yet.
type OpenShift struct {
	ID       string    `json:"shiftId"`
	Operator string    `json:"operator"`
	Terminal string    `json:"terminal"`
	OpenedAt time.Time `json:"openedAt"`
}

// OutletDay is one outlet in the fleet view: its day's totals, the shifts
// open now, the approvals held now and the transactions not final now
// (whatever their day).
type OutletDay struct {
	Outlet         string      `json:"outlet"`
	TopUps         KindDay     `json:"topups"`
	Disbursements  KindDay     `json:"disbursements"`
	OpenShifts     []OpenShift `json:"openShifts"`
	Awaiting       int         `json:"awaitingApproval"`       // approvals awaiting a decision or approved, not sent
	AwaitingAmount int64       `json:"awaitingApprovalAmount"` // their amounts (reserved)
	Unknown        int         `json:"unknown"`                // transactions pending or unknown
	UnknownAmount  int64       `json:"unknownAmount"`          // their amounts (reserved)
}

// Fleet returns every outlet of the database (every outlet a transaction,
// a shift or an approval names), sorted by name, with the totals of the
// transactions created in [from, to) and what is open now, read in one
// snapshot.
func (db *DB) Fleet(from, to time.Time) ([]OutletDay, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	byOutlet := map[string]*OutletDay{}
	get := func(o string) *OutletDay {
		d := byOutlet[o]
		if d == nil {
			d = &OutletDay{Outlet: o, OpenShifts: []OpenShift{}}
			byOutlet[o] = d
		}
		return d
	}
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT outlet_id, kind, state, count(*), COALESCE(sum(amount), 0), COALESCE(sum(fee), 0)
			FROM txns WHERE created_ns >= $1 AND created_ns < $2 GROUP BY outlet_id, kind, state`, rangeNanos(from), rangeNanos(to))
		if err != nil {
			return err
		}
		for rows.Next() {
			var outlet, kind, state string
			var n int
			var amount, fees int64
			if err := rows.Scan(&outlet, &kind, &state, &n, &amount, &fees); err != nil {
				rows.Close()
				return err
			}
			d := get(outlet)
			k := &d.TopUps
			if kind == "disburse" {
				k = &d.Disbursements
			}
			switch state {
			case "success":
				k.Success, k.SuccessAmount, k.Fees = k.Success+n, k.SuccessAmount+amount, k.Fees+fees
			case "failed":
				k.Failed += n
			default:
				k.Open, k.OpenAmount = k.Open+n, k.OpenAmount+amount
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Open now, whatever the day: transactions not final, approvals held.
		for _, c := range []struct {
			sql string
			set func(d *OutletDay, n int, amount int64)
		}{
			{`SELECT outlet_id, count(*), COALESCE(sum(amount), 0) FROM txns WHERE state IN ('pending', 'unknown') GROUP BY outlet_id`,
				func(d *OutletDay, n int, amount int64) { d.Unknown, d.UnknownAmount = n, amount }},
			{`SELECT outlet_id, count(*), COALESCE(sum(amount), 0) FROM approvals WHERE state IN ('awaiting_approval', 'approved') GROUP BY outlet_id`,
				func(d *OutletDay, n int, amount int64) { d.Awaiting, d.AwaitingAmount = n, amount }},
		} {
			rows, err := tx.Query(ctx, c.sql)
			if err != nil {
				return err
			}
			var outlet string
			var n int
			var amount int64
			_, err = pgx.ForEachRow(rows, []any{&outlet, &n, &amount}, func() error {
				c.set(get(outlet), n, amount)
				return nil
			})
			if err != nil {
				return err
			}
		}
		rows, err = tx.Query(ctx, `SELECT outlet_id, id, operator, terminal, opened_ns FROM shifts WHERE closed_ns = 0 ORDER BY outlet_id, opened_ns, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var outlet string
			var s OpenShift
			var opened int64
			if err := rows.Scan(&outlet, &s.ID, &s.Operator, &s.Terminal, &opened); err != nil {
				return err
			}
			s.OpenedAt = ledger.TimeOfNanos(opened)
			d := get(outlet)
			d.OpenShifts = append(d.OpenShifts, s)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// Outlets with nothing today and nothing open still belong to the
		// chain: every outlet a transaction ever named.
		rows2, err := tx.Query(ctx, `SELECT DISTINCT outlet_id FROM txns`)
		if err != nil {
			return err
		}
		defer rows2.Close()
		for rows2.Next() {
			var outlet string
			if err := rows2.Scan(&outlet); err != nil {
				return err
			}
			get(outlet)
		}
		return rows2.Err()
	})
	if err != nil {
		return nil, db.wrap(err)
	}
	out := make([]OutletDay, 0, len(byOutlet))
	for _, d := range byOutlet {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Outlet < out[j].Outlet })
	return out, nil
}
