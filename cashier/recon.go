package cashier

import (
	"context"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// DefaultReconRate is how many status calls per second ReconDay makes
// unless told otherwise.
const DefaultReconRate = 5

// disagreement says how OVO's latest status contradicts a final ledger
// state ("" when it confirms it or the transaction is not final).
func disagreement(state ledger.State, status string) string {
	switch {
	case state == ledger.StateSuccess && status == ovo.StatusNotFound:
		return WhyUnknownToOVO
	case state == ledger.StateSuccess && (status == ovo.StatusRefunded || status == ovo.StatusCanceled || status == ovo.StatusFailed):
		return WhyReversedByOVO
	case state == ledger.StateFailed && status == ovo.StatusSuccess:
		return WhyAppliedButFailed
	case state.Final() && (status == ovo.StatusInitiated || status == ovo.StatusPaying || status == ovo.StatusPending):
		return WhyInProgressAtOVO
	}
	return ""
}

type reconAnswer struct {
	status string
	asked  bool // a call was made (not a stored mark)
}

// reconStatus is OVO's status of the final transaction t: from its recon
// mark, else (when ask) from a status call whose answer is stored as a mark.
// known is false when neither gave one.
func (s *Service) reconStatus(ctx context.Context, t ledger.Txn, ask bool) (reconAnswer, bool) {
	if m, ok, err := s.db.ReconMark(t.PartnerReferenceNo); err == nil && ok && m.State == t.State {
		return reconAnswer{status: m.Status}, true
	}
	if !ask {
		return reconAnswer{}, false
	}
	st, err := s.ovo.TopUpStatus(ctx, ovo.StatusRequest{PartnerReferenceNo: t.PartnerReferenceNo,
		ReferenceNo: t.ReferenceNo, ExternalID: t.ExternalID})
	if err != nil {
		s.log.Warn("status check for a close failed", "ref", t.PartnerReferenceNo, "err", err)
		return reconAnswer{}, false
	}
	s.mark(t, st.LatestTransactionStatus)
	return reconAnswer{status: st.LatestTransactionStatus, asked: true}, true
}

// mark stores what OVO said of a final transaction; a disagreement is
// logged as an error, never written into the transaction.
func (s *Service) mark(t ledger.Txn, status string) {
	why := disagreement(t.State, status)
	if why != "" {
		s.log.Error("ledger and OVO disagree", "ref", t.PartnerReferenceNo, "ledger", t.State, "ovo", status, "why", why)
	}
	if err := s.db.PutReconMark(t.PartnerReferenceNo, ledger.ReconMark{Status: status, State: t.State, Agree: why == "", At: s.now()}); err != nil {
		s.log.Warn("recording a status answer failed", "ref", t.PartnerReferenceNo, "err", err)
	}
}

// ReconOptions shape ReconDay.
type ReconOptions struct {
	Day  time.Time // the calendar day holding Day, in the outlet's zone
	Rate float64   // status calls per second; 0: DefaultReconRate
	// Max bounds the calls of this run (0: no bound); the rest is left for
	// the next run, which resumes where this one stopped.
	Max int
}

// ReconResult is what a day reconciliation found.
type ReconResult struct {
	Day       string `json:"day"`       // YYYY-MM-DD
	Txns      int    `json:"txns"`      // transactions of the day
	Confirmed int    `json:"confirmed"` // confirmed by a status answer (this run or an earlier one)
	Asked     int    `json:"asked"`     // status calls made by this run
	// Disagreements are final transactions OVO's status contradicts; the
	// ledger keeps its state (never changed silently): an operator must
	// look, with this as evidence against OVO's settlement report.
	Disagreements []TxnLine `json:"disagreements"`
	// Open are the transactions still not final after this run.
	Open   []TxnLine `json:"pending"`
	Errors []string  `json:"errors"`
	// Complete is true when every transaction of the day was asked or
	// already confirmed; false when the run stopped early (Max, ctx, errors).
	Complete bool `json:"complete"`
}

// ReconDay asks OVO the status of every transaction of a day that no status
// answer has confirmed yet, at most opt.Rate calls per second, and reports
// the disagreements: a local success OVO does not know or reversed, a
// failure OVO applied. An open transaction is settled by OVO's final status
// as the reconciler would (CheckStatus); a final one is never changed. A
// confirmation is stored as a mark, so an interrupted run resumes where it
// stopped and a second run asks only what is still unconfirmed.
func (s *Service) ReconDay(ctx context.Context, opt ReconOptions) (ReconResult, error) {
	rate := opt.Rate
	if rate <= 0 {
		rate = DefaultReconRate
	}
	gap := time.Duration(float64(time.Second) / rate)
	start, end := s.DayBounds(opt.Day)
	res := ReconResult{Day: start.Format("2006-01-02"), Disagreements: []TxnLine{}, Open: []TxnLine{}, Errors: []string{}, Complete: true}
	var day []ledger.Txn
	if err := s.db.RangeTxns(start, end, func(t ledger.Txn) error { day = append(day, t); return nil }); err != nil {
		return res, err
	}
	res.Txns = len(day)
	var last time.Time
	for _, t := range day {
		if m, ok, err := s.db.ReconMark(t.PartnerReferenceNo); err == nil && ok && m.Agree && m.State == t.State && t.State.Final() {
			res.Confirmed++
			continue
		}
		if s.isInflight(t.PartnerReferenceNo) {
			res.Open = append(res.Open, lineOf(t, WhyPending))
			res.Complete = false
			continue
		}
		if w := gap - time.Since(last); !last.IsZero() && w > 0 && (opt.Max <= 0 || res.Asked < opt.Max) {
			select { // the rate limit
			case <-ctx.Done():
			case <-time.After(w):
			}
		}
		if (opt.Max > 0 && res.Asked >= opt.Max) || ctx.Err() != nil {
			res.Complete = false
			if !t.State.Final() {
				res.Open = append(res.Open, lineOf(t, WhyPending))
			}
			continue
		}
		last = time.Now()
		res.Asked++
		c, err := s.CheckStatus(ctx, t.PartnerReferenceNo)
		if err != nil || c.Status == nil {
			res.Complete = false
			if err != nil {
				res.Errors = append(res.Errors, t.PartnerReferenceNo+": "+err.Error())
			}
			if !t.State.Final() {
				res.Open = append(res.Open, lineOf(t, WhyPending))
			}
			continue
		}
		now := c.Txn
		status := c.Status.LatestTransactionStatus
		if !now.State.Final() {
			res.Open = append(res.Open, lineOf(now, WhyPending))
			continue
		}
		s.mark(now, status)
		if why := disagreement(now.State, status); why != "" {
			l := lineOf(now, why)
			l.OVOStatus = status
			res.Disagreements = append(res.Disagreements, l)
			continue
		}
		res.Confirmed++
	}
	return res, nil
}
