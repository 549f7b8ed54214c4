package ovosim

import (
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Txn is a top up as the sandbox remembers it, for topup-status and tests.
type Txn struct {
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	ReferenceNo        string `json:"referenceNo,omitempty"` // OVO's; only when money moved
	ExternalID         string `json:"externalId"`
	SessionID          string `json:"sessionId,omitempty"`
	CustomerNumber     string `json:"customerNumber"`
	CustomerName       string `json:"customerName,omitempty"`
	Amount             int64  `json:"amount"`
	Fee                int64  `json:"fee"`
	// ResponseCode and ResponseMessage are what the top up answered (for the
	// no-answer number: what it answers if the client waits HangMax).
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
	// Status is the latestTransactionStatus: "00", "03" or "06".
	Status     string `json:"status"`
	StatusDesc string `json:"statusDesc"`
	// PendingOutcome is what a "03" becomes at SettleAt: "00" or "06".
	PendingOutcome string    `json:"pendingOutcome,omitempty"`
	SettleAt       time.Time `json:"settleAt,omitzero"`
	// Applied counts the times this top up moved money: 0 or 1. A refund
	// (Refunded) does not lower it.
	Applied  int       `json:"applied"`
	Refunded bool      `json:"refunded,omitempty"`
	Received time.Time `json:"received"`
	Settled  time.Time `json:"settled,omitzero"` // when the status became final
}

// state is everything the sandbox keeps. It is changed only through apply,
// under Sim.mu; no answer that read a change is written before the change
// is durable (Sim.commit, Sim.sync).
type state struct {
	deposit   int64
	customers map[string]*Customer           // customers whose balance was touched
	txns      map[string]*Txn                // by partnerReferenceNo
	pending   map[string]struct{}            // refs whose Status is "03"
	extIDs    map[string]map[string]struct{} // Jakarta day "20060102" → external ids
}

func newState() *state {
	return &state{
		customers: map[string]*Customer{},
		txns:      map[string]*Txn{},
		pending:   map[string]struct{}{},
		extIDs:    map[string]map[string]struct{}{},
	}
}

// change is one atomic step of the state: applied in memory and queued for
// the store under Sim.mu, and answered only once durable (Sim.sync).
type change struct {
	deposit   *int64
	customers []Customer
	txns      []Txn
	extDay    string
	extID     string
	dropDays  []string
	dropTxns  []string // references forgotten (Vanish)
}

func (c *change) setDeposit(v int64)      { c.deposit = &v }
func (c *change) putCustomer(cu Customer) { c.customers = append(c.customers, cu) }
func (c *change) putTxn(t Txn)            { c.txns = append(c.txns, t) }
func (c *change) empty() bool {
	return c.deposit == nil && len(c.customers) == 0 && len(c.txns) == 0 && c.extID == "" && len(c.dropDays) == 0 && len(c.dropTxns) == 0
}

func (st *state) apply(c *change) {
	if c.deposit != nil {
		st.deposit = *c.deposit
	}
	for _, cu := range c.customers {
		st.customers[cu.Number] = &cu
	}
	for _, t := range c.txns {
		st.txns[t.PartnerReferenceNo] = &t
		if t.Status == ovo.StatusPending {
			st.pending[t.PartnerReferenceNo] = struct{}{}
		} else {
			delete(st.pending, t.PartnerReferenceNo)
		}
	}
	for _, ref := range c.dropTxns {
		delete(st.txns, ref)
		delete(st.pending, ref)
	}
	for _, d := range c.dropDays {
		delete(st.extIDs, d)
	}
	if c.extID != "" {
		ids := st.extIDs[c.extDay]
		if ids == nil {
			ids = map[string]struct{}{}
			st.extIDs[c.extDay] = ids
		}
		ids[c.extID] = struct{}{}
	}
}

// customer is the customer's current record as of now: stored if touched,
// else seeded or generated. ok is false when there is no OVO account.
func (st *state) customer(number string, now time.Time) (Customer, bool) {
	var c Customer
	if p, ok := st.customers[number]; ok {
		c = *p
	} else {
		var ok bool
		if c, ok = seededCustomer(number); !ok {
			return Customer{}, false
		}
	}
	if m := now.In(ovo.Jakarta).Format("2006-01"); c.Month != m {
		c.Month, c.MonthlyIn = m, 0
	}
	return c, true
}

// extSeen reports whether id was used on day.
func (st *state) extSeen(day, id string) bool {
	_, ok := st.extIDs[day][id]
	return ok
}

// oldDays lists the remembered external-id days before today.
func (st *state) oldDays(today string) []string {
	var out []string
	for d := range st.extIDs {
		if d < today {
			out = append(out, d)
		}
	}
	return out
}

// jakartaDay is the Jakarta calendar day of t as "20060102".
func jakartaDay(t time.Time) string { return t.In(ovo.Jakarta).Format("20060102") }
