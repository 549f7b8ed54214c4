package cashier

import (
	"fmt"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// This file is the one place where an answer of OVO is classified into
// success, failed or unknown, and where a status answer that contradicts
// the ledger is recognised. The port (cashier/ovo.Port; the SNAP client
// behind it) has already refused to believe what OVO did not say: a
// redirect, a success without referenceNo, an HTTP status that disagrees
// with the response code, a status about another reference — all come here
// as unknown outcomes or errors. What a port did not promise is not
// believed here either (port_test.go).

// outcomeOf turns the top up's answer into what the ledger records. Only an
// answer with OVO's reference is a success; a definite refusal is failed;
// everything else is unknown and settled by status.
func outcomeOf(res *ovo.TopUpAnswer, err error) ledger.Outcome {
	if err == nil && res != nil && strings.TrimSpace(res.ReferenceNo) != "" {
		return ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: res.ReferenceNo, Code: res.ResponseCode,
			Message: res.ResponseMessage, ExternalID: res.ExternalID, Reason: ledger.Reason(ovo.ReasonSuccess)}
	}
	if err == nil {
		// Not an answer the port may give; never believed as success.
		o := ledger.Outcome{State: ledger.StateUnknown, Message: "success answer without referenceNo",
			Reason: ledger.Reason(ovo.ReasonBadResponse)}
		if res != nil {
			o.Code, o.ExternalID = res.ResponseCode, res.ExternalID
		}
		return o
	}
	e, ok := ovo.AsError(err)
	if !ok {
		e = &ovo.Error{Op: "topup", Reason: ovo.ReasonNetwork, Unknown: true, Err: err}
	}
	o := ledger.Outcome{State: ledger.StateFailed, Code: e.Code, Message: e.Message, ExternalID: e.ExternalID, Reason: ledger.Reason(e.Reason)}
	if e.Unknown {
		o.State = ledger.StateUnknown
	}
	if o.Message == "" && e.Err != nil {
		o.Message = e.Err.Error()
	}
	return o
}

// contradiction says, in English for the log and the command line, how
// OVO's status answer contradicts what the ledger holds about t, or "" when
// it does not. An open transaction cannot be contradicted by a status
// (that is how it gets settled) except by an answer about another amount or
// another OVO reference.
func contradiction(t ledger.Txn, st *ovo.StatusAnswer) string {
	status := st.LatestTransactionStatus
	if st.Amount != nil && *st.Amount != t.Amount && status != ovo.StatusNotFound {
		return fmt.Sprintf("OVO's status is about Rp%d, the ledger holds Rp%d under this reference", *st.Amount, t.Amount)
	}
	if status == ovo.StatusSuccess && t.ReferenceNo != "" && st.ReferenceNo != "" && st.ReferenceNo != t.ReferenceNo {
		return fmt.Sprintf("OVO's reference %q is not the one the ledger recorded (%q)", st.ReferenceNo, t.ReferenceNo)
	}
	switch t.State {
	case ledger.StateSuccess:
		switch status {
		case ovo.StatusNotFound:
			return "OVO does not know a transaction the ledger records as successful"
		case ovo.StatusRefunded, ovo.StatusCanceled, ovo.StatusFailed:
			return "the ledger records a success but OVO says " + ovo.StatusDesc(status)
		}
	case ledger.StateFailed:
		if status == ovo.StatusSuccess {
			return "the ledger records a failure but OVO says Success"
		}
	}
	return ""
}

// statusOutcome maps OVO's latest status onto an open transaction; final is
// false while the transaction may still change (01–03, or 07 while the
// original request could still arrive), and when the answer contradicts the
// ledger about its OVO reference (an operator must look).
//
// The transaction's responseCode and responseMessage stay what the top up
// answered; the status settles it through LastStatus and the reason note.
// An answer about another amount is about another transaction that holds
// this reference at OVO (a copied ledger): OVO refused this one as a
// duplicate, so it is failed, whatever the other's status (and reported as
// a contradiction by the caller).
func (s *Service) statusOutcome(t ledger.Txn, st *ovo.StatusAnswer) (ledger.Outcome, bool) {
	o := ledger.Outcome{LastStatus: st.LatestTransactionStatus}
	if st.Amount != nil && *st.Amount != t.Amount && st.LatestTransactionStatus != ovo.StatusNotFound {
		o.State, o.Reason = ledger.StateFailed, ledger.Reason(ovo.ReasonDuplicateReference)
		if t.ResponseMessage == "" {
			o.Message = "OVO holds another transaction under this reference; this one was not processed"
		}
		return o, true
	}
	switch st.LatestTransactionStatus {
	case ovo.StatusSuccess:
		if contradiction(t, st) != "" {
			return o, false
		}
		o.State, o.ReferenceNo = ledger.StateSuccess, st.ReferenceNo
		if t.ResponseCode == "" || t.State == ledger.StatePending { // no answer, or a crash before recording it
			o.Code, o.Message = st.ResponseCode, ovo.StatusDesc(st.LatestTransactionStatus)
		}
		o.Reason = ledger.Reason(ovo.ReasonSuccess)
		return o, true
	case ovo.StatusRefunded, ovo.StatusCanceled, ovo.StatusFailed:
		o.State, o.Reason = ledger.StateFailed, ledger.Reason(ovo.ReasonTransactionCancelled)
		return o, true
	case ovo.StatusNotFound:
		if s.now().Before(s.notFoundFinalAt(t)) {
			return o, false
		}
		o.State, o.Reason = ledger.StateFailed, ledger.Reason(ovo.ReasonTransactionNotFound)
		return o, true
	}
	return o, false
}

// notFoundFinalAt is when status 07 becomes final for t: NotFoundGrace after
// the original request could last have arrived (its call's deadline, or the
// moment its unknown answer came back, whichever is later).
func (s *Service) notFoundFinalAt(t ledger.Txn) time.Time {
	last := t.CreatedAt.Add(s.cfg.CallTimeout)
	for _, ch := range t.History {
		if ch.State == ledger.StateUnknown && ch.At.After(last) {
			last = ch.At
		}
	}
	return last.Add(s.cfg.NotFoundGrace)
}
