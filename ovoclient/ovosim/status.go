package ovosim

import (
	"net/http"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// statusIn is topup-status' request as received.
type statusIn struct {
	OriginalPartnerReferenceNo *string        `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        *string        `json:"originalReferenceNo"`
	OriginalExternalID         *string        `json:"originalExternalId"`
	ServiceCode                *string        `json:"serviceCode"`
	AdditionalInfo             map[string]any `json:"additionalInfo"`
}

// status answers top up status (service 39). Called with s.mu held, after
// settleDue; it changes nothing. A reference the sandbox has not remembered
// is HTTP 200 with latestTransactionStatus "07" "Not found". The optional
// originalReferenceNo and originalExternalId are not matched: the answer
// carries the remembered ones.
func (s *Sim) status(q *request) reply {
	svc := q.rt.service
	var in statusIn
	if rep, ok := decodeBody(svc, q.body, &in); !ok {
		return rep
	}
	f := fields{service: svc}
	ref := f.str("originalPartnerReferenceNo", in.OriginalPartnerReferenceNo, true, validReference)
	f.str("serviceCode", in.ServiceCode, true, func(c string) bool { return c == ovoclient.ServiceTopUp })
	if f.failed {
		return f.rep
	}
	rep := answer(svc, http.StatusOK, "00", "Successful")
	out := ovoclient.StatusResponse{OriginalPartnerReferenceNo: ref, ServiceCode: ovoclient.ServiceTopUp}
	if t, ok := s.st.txns[ref]; ok {
		amt := ovoclient.IDR(t.Amount)
		out.OriginalReferenceNo, out.OriginalExternalID, out.Amount = t.ReferenceNo, t.ExternalID, &amt
		out.LatestTransactionStatus, out.TransactionStatusDesc = t.Status, t.StatusDesc
	} else {
		out.LatestTransactionStatus = ovo.StatusNotFound
		out.TransactionStatusDesc = ovo.StatusDesc(ovo.StatusNotFound)
	}
	out.Envelope = rep.envelope()
	rep.body = out
	return rep
}
