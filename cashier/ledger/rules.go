package ledger

import (
	"time"
	_ "time/tzdata" // Asia/Jakarta must load on machines without a zoneinfo database
)

// The rules of what a transaction becomes, written once for every
// backend: what Begin writes, what Settle changes, which day History
// reads.

// Jakarta is the zone of OVO's business day: reference dates, and History
// days when a Query names no Location.
var Jakarta = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic("ledger: " + err.Error()) // unreachable: time/tzdata is embedded
	}
	return loc
}()

// Pending is the transaction Begin writes for n under reference ref at
// now: pending, with its first Change.
func (n NewTxn) Pending(ref string, now time.Time) Txn {
	return Txn{
		PartnerReferenceNo: ref,
		Kind:               n.Kind,
		State:              StatePending,
		CustomerNumber:     n.CustomerNumber,
		CustomerName:       n.CustomerName,
		Amount:             n.Amount,
		Fee:                n.Fee,
		Operator:           n.Operator,
		Outlet:             n.Outlet,
		ExternalID:         n.ExternalID,
		SessionID:          n.SessionID,
		ShiftID:            n.ShiftID,
		CreatedAt:          now,
		UpdatedAt:          now,
		History:            []Change{{State: StatePending, At: now}},
	}
}

// Apply records o on open transaction t at now, as Settle does on every
// backend: the state, o's non-empty fields, UpdatedAt and a Change. The
// receipt number and the deposit are the backend's.
func (o Outcome) Apply(t *Txn, now time.Time) {
	t.State = o.State
	Overwrite(&t.ReferenceNo, o.ReferenceNo)
	Overwrite(&t.ResponseCode, o.Code)
	Overwrite(&t.ResponseMessage, o.Message)
	Overwrite(&t.ExternalID, o.ExternalID)
	Overwrite(&t.LastStatus, o.LastStatus)
	t.UpdatedAt = now
	t.History = append(t.History, Change{State: o.State, At: now, Code: o.Code, Reason: o.Reason, Note: o.Note})
}

// Overwrite sets *dst to v unless v is empty: how an outcome or a status
// check changes a transaction's fields.
func Overwrite(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// DayRange is the calendar day History keeps for q: [start, end) of the
// day containing q.Day in q.Location (Asia/Jakarta when nil); ok is false
// when q.Day is zero (every day).
func (q Query) DayRange() (start, end time.Time, ok bool) {
	if q.Day.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	loc := q.Location
	if loc == nil {
		loc = Jakarta
	}
	d := q.Day.In(loc)
	start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 0, 1), true
}
