package ovosim

import (
	"encoding/json"
	"net/http"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// inquiryIn is account inquiry's request as received.
type inquiryIn struct {
	PartnerReferenceNo *string         `json:"partnerReferenceNo"`
	CustomerNumber     *string         `json:"customerNumber"`
	Amount             json.RawMessage `json:"amount"`
	TransactionDate    *string         `json:"transactionDate"`
	AdditionalInfo     map[string]any  `json:"additionalInfo"`
}

// members are the fields of in that decodeFlat fills.
func (in *inquiryIn) members() []member {
	return []member{{name: "partnerReferenceNo", str: &in.PartnerReferenceNo},
		{name: "customerNumber", str: &in.CustomerNumber}, {name: "amount", raw: &in.Amount},
		{name: "transactionDate", str: &in.TransactionDate}}
}

// inquiry answers account inquiry (service 37). Called with s.mu held; it
// changes nothing.
func (s *Sim) inquiry(q *request) reply {
	svc := q.rt.service
	var in inquiryIn
	if !decodeFlat(q.body, in.members()) {
		in = inquiryIn{}
		if rep, ok := decodeBody(svc, q.body, &in); !ok {
			return rep
		}
	}
	f := fields{service: svc}
	ref := f.str("partnerReferenceNo", in.PartnerReferenceNo, false, validReference)
	phone := f.str("customerNumber", in.CustomerNumber, true, validPhone)
	amount := f.money("amount", in.Amount)
	f.str("transactionDate", in.TransactionDate, false, validTimestamp) // optional in ASPI's table
	if f.failed {
		return f.rep
	}
	cu, ok := s.st.customer(phone, q.now)
	if !ok {
		return answer(svc, http.StatusNotFound, "11", "")
	}
	if rep, ok := refuseAccount(svc, cu); !ok {
		return rep
	}
	rep := answer(svc, http.StatusOK, "00", "Successful")
	amt, fee := ovoclient.IDR(amount), ovoclient.IDR(s.fee(amount))
	minA, maxA := ovoclient.IDR(s.cfg.MinAmount), ovoclient.IDR(s.cfg.MaxAmount)
	monthly := ovoclient.IDR(max(0, s.cfg.MonthlyInLimit-cu.MonthlyIn))
	rep.body = ovoclient.InquiryResponse{
		Envelope:               rep.envelope(),
		ReferenceNo:            newReferenceNo("INQ", q.now),
		PartnerReferenceNo:     ref,
		SessionID:              s.newSession(phone),
		CustomerNumber:         phone,
		CustomerName:           cu.Name,
		MinAmount:              &minA,
		MaxAmount:              &maxA,
		Amount:                 &amt,
		FeeAmount:              &fee,
		FeeType:                "Admin fee",
		CustomerMonthlyInLimit: &monthly,
	}
	return rep
}

// refuseAccount answers for an account that cannot receive money: 403xx18
// inactive, 403xx05 do not honor.
func refuseAccount(service string, cu Customer) (reply, bool) {
	switch cu.State {
	case AccountInactive:
		return answer(service, http.StatusForbidden, "18", ""), false
	case AccountDoNotHonor:
		return answer(service, http.StatusForbidden, "05", ""), false
	}
	return reply{}, true
}
