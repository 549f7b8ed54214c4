package ovosim

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// topUpIn is top up's request as received.
type topUpIn struct {
	PartnerReferenceNo *string         `json:"partnerReferenceNo"`
	CustomerNumber     *string         `json:"customerNumber"`
	CustomerName       *string         `json:"customerName"`
	Amount             json.RawMessage `json:"amount"`
	FeeAmount          json.RawMessage `json:"feeAmount"`
	TransactionDate    *string         `json:"transactionDate"`
	SessionID          *string         `json:"sessionId"`
	Notes              *string         `json:"notes"`
	AdditionalInfo     map[string]any  `json:"additionalInfo"`
}

// members are the fields of in that decodeFlat fills.
func (in *topUpIn) members() []member {
	return []member{{name: "partnerReferenceNo", str: &in.PartnerReferenceNo},
		{name: "customerNumber", str: &in.CustomerNumber}, {name: "customerName", str: &in.CustomerName},
		{name: "amount", raw: &in.Amount}, {name: "feeAmount", raw: &in.FeeAmount},
		{name: "transactionDate", str: &in.TransactionDate}, {name: "sessionId", str: &in.SessionID},
		{name: "notes", str: &in.Notes}}
}

// topUp answers top up / disburse (service 38), recording into c what it
// changes. Called with s.mu held. The rules and their order are in the
// package documentation.
func (s *Sim) topUp(q *request, c *change) reply {
	svc := q.rt.service
	var in topUpIn
	if !decodeFlat(q.body, in.members()) {
		in = topUpIn{}
		if rep, ok := decodeBody(svc, q.body, &in); !ok {
			return rep
		}
	}
	f := fields{service: svc}
	ref := f.str("partnerReferenceNo", in.PartnerReferenceNo, true, validReference)
	phone := f.str("customerNumber", in.CustomerNumber, true, validPhone)
	amount := f.money("amount", in.Amount)
	feeAmount, feeGiven := f.optMoney("feeAmount", in.FeeAmount)
	f.str("transactionDate", in.TransactionDate, false, validTimestamp) // optional in ASPI's table
	session := f.str("sessionId", in.SessionID, false, validSessionText)
	if f.failed {
		return f.rep
	}
	if _, seen := s.st.txns[ref]; seen {
		rep := answer(svc, http.StatusConflict, "01", "Duplicate partnerReferenceNo")
		rep.body = ovoclient.TopUpResponse{Envelope: rep.envelope(), PartnerReferenceNo: ref}
		return rep
	}
	fee := s.fee(amount)
	if feeGiven && feeAmount != fee {
		return badFormat(svc, "feeAmount")
	}

	t := Txn{PartnerReferenceNo: ref, ExternalID: q.extID, SessionID: session, CustomerNumber: phone,
		Amount: amount, Fee: fee, Received: q.now}
	// refuse remembers a definite refusal as status 06.
	refuse := func(rep reply) reply {
		t.ResponseCode, t.ResponseMessage = rep.code, rep.msg
		t.Status, t.StatusDesc, t.Settled = ovo.StatusFailed, rep.msg, q.now
		c.putTxn(t)
		rep.body = ovoclient.TopUpResponse{Envelope: rep.envelope(), PartnerReferenceNo: ref, CustomerNumber: phone}
		return rep
	}

	cu, known := s.st.customer(phone, q.now)
	if known && cu.Behavior == BehaviorServerError {
		return answer(svc, http.StatusInternalServerError, "01", "")
	}
	switch {
	case amount < s.cfg.MinAmount:
		return refuse(answer(svc, http.StatusNotFound, "13", ""))
	case amount > s.cfg.MaxAmount:
		return refuse(answer(svc, http.StatusForbidden, "02", ""))
	case !known:
		return refuse(answer(svc, http.StatusNotFound, "11", ""))
	}
	t.CustomerName = cu.Name
	if rep, ok := refuseAccount(svc, cu); !ok {
		return refuse(rep)
	}
	if session != "" && !s.sessionValid(session, phone) {
		return refuse(answer(svc, http.StatusNotFound, "18", ""))
	}
	if s.st.deposit < amount {
		return refuse(answer(svc, http.StatusForbidden, "14", ""))
	}
	credited := credit(amount, fee)
	if cu.Balance+credited > s.cfg.BalanceCap || cu.MonthlyIn+credited > s.cfg.MonthlyInLimit {
		return refuse(answer(svc, http.StatusForbidden, "23", ""))
	}

	c.setDeposit(s.st.deposit - amount)
	cu.Balance += credited
	cu.MonthlyIn += credited
	c.putCustomer(cu)
	t.Applied = 1
	t.ReferenceNo = newReferenceNo("OVO", q.now)
	t.Status, t.StatusDesc, t.Settled = ovo.StatusSuccess, ovo.StatusDesc(ovo.StatusSuccess), q.now
	rep := answer(svc, http.StatusOK, "00", "Successful")
	switch cu.Behavior {
	case BehaviorNoResponse:
		rep = answer(svc, http.StatusGatewayTimeout, "00", "")
		rep.hang = true
	case BehaviorPendingSuccess, BehaviorPendingFail:
		rep = answer(svc, http.StatusAccepted, "00", "Request In Progress")
		t.Status, t.StatusDesc, t.Settled = ovo.StatusPending, ovo.StatusDesc(ovo.StatusPending), time.Time{}
		t.PendingOutcome, t.SettleAt = ovo.StatusSuccess, q.now.Add(s.cfg.PendingFor)
		if cu.Behavior == BehaviorPendingFail {
			t.PendingOutcome = ovo.StatusFailed
		}
	}
	t.ResponseCode, t.ResponseMessage = rep.code, rep.msg
	c.putTxn(t)
	amt := ovoclient.IDR(amount)
	rep.body = ovoclient.TopUpResponse{Envelope: rep.envelope(), ReferenceNo: t.ReferenceNo, PartnerReferenceNo: ref,
		SessionID: session, CustomerNumber: phone, Amount: &amt}
	return rep
}
