package ovosim

import (
	"net/http"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// balance answers the merchant deposit call (service 11, assumed): one
// DEPOSIT account info whose available and ledger balances are the deposit.
// Called with s.mu held, after settleDue. A body, if any, is ignored (it is
// still covered by the signature).
func (s *Sim) balance(q *request) reply {
	rep := answer(q.rt.service, http.StatusOK, "00", "Successful")
	d := ovoclient.IDR(s.st.deposit)
	rep.body = ovoclient.BalanceResponse{
		Envelope:     rep.envelope(),
		AccountInfos: []ovoclient.AccountInfo{{BalanceType: "DEPOSIT", AvailableBalance: &d, LedgerBalance: &d}},
	}
	return rep
}
