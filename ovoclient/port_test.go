package ovoclient_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// The port (Client.Port) against the sandbox: each answer reaches the
// cashier's terms field by field, and each error comes through as the
// client made it, its outcome (unknown or definite) untouched.
func TestPortAnswers(t *testing.T) {
	p := newPair(t, nil, nil)
	port := p.client.Port()
	jkt := time.Date(2026, 11, 23, 19, 5, 0, 0, ovo.Jakarta)

	inq, err := port.Inquiry(ctx, ovo.InquiryRequest{CustomerNumber: "+62 812-3456-7890", Amount: 50_000})
	if err != nil {
		t.Fatal(err)
	}
	if inq.ResponseCode != "2003700" || inq.CustomerNumber != "081234567890" || inq.CustomerName != "Budi Santoso" ||
		inq.Amount != 50_000 || inq.Fee != 1_000 || inq.MinAmount != 10_000 || inq.MaxAmount != 10_000_000 ||
		inq.SessionID == "" || inq.ReferenceNo == "" {
		t.Fatalf("inquiry = %+v", inq)
	}

	const ext = "20261123000000000001234567"
	tu, err := port.TopUp(ctx, ovo.TopUpRequest{PartnerReferenceNo: "PORT-1", CustomerNumber: "081234567890",
		CustomerName: inq.CustomerName, Amount: 50_000, Fee: inq.Fee, At: jkt, SessionID: inq.SessionID, Notes: "Top Up OVO Cash", ExternalID: ext})
	if err != nil {
		t.Fatal(err)
	}
	if tu.ResponseCode != "2003800" || tu.ReferenceNo == "" || tu.ExternalID != ext || p.sim.Applied("PORT-1") != 1 {
		t.Fatalf("top up = %+v, applied %d", tu, p.sim.Applied("PORT-1"))
	}

	st, err := port.TopUpStatus(ctx, ovo.StatusRequest{PartnerReferenceNo: "PORT-1", ReferenceNo: tu.ReferenceNo, ExternalID: ext})
	if err != nil {
		t.Fatal(err)
	}
	if st.LatestTransactionStatus != ovo.StatusSuccess || st.ReferenceNo != tu.ReferenceNo || st.PartnerReferenceNo != "PORT-1" ||
		st.Amount == nil || *st.Amount != 50_000 || st.ResponseCode != "2003900" {
		t.Fatalf("status = %+v", st)
	}
	st, err = port.TopUpStatus(ctx, ovo.StatusRequest{PartnerReferenceNo: "PORT-never"})
	if err != nil || st.LatestTransactionStatus != ovo.StatusNotFound {
		t.Fatalf("status of an unknown reference = %+v, %v", st, err)
	}

	bal, err := port.Balance(ctx)
	if err != nil || bal.Deposit != p.sim.Deposit() || bal.Deposit != 5_000_000-50_000 {
		t.Fatalf("balance = %+v, %v; sandbox %d", bal, err, p.sim.Deposit())
	}
	if _, known := port.ClockSkew(); !known {
		t.Fatal("the port does not pass on the client's clock skew")
	}
}

func TestPortErrorsKeepTheirOutcome(t *testing.T) {
	p := newPair(t, nil, func(c *ovoclient.Config) { c.Timeout = 500 * time.Millisecond })
	port := p.client.Port()
	send := func(ref, phone string, amount int64) error {
		_, err := port.TopUp(ctx, ovo.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: phone, Amount: amount, Fee: 1_000, At: time.Now()})
		return err
	}
	tests := []struct {
		name, ref, phone string
		amount           int64
		code             string
		unknown          bool
		reason           ovo.Reason
	}{
		{"refused: above the limit", "PE-1", "081234567890", 10_000_001, "4033802", false, ovo.ReasonAmountLimit},
		{"refused: no account", "PE-2", "081100000404", 50_000, "4043811", false, ovo.ReasonInvalidAccount},
		{"unknown: 5xx", "PE-3", "081100000500", 50_000, "5003801", true, ovo.ReasonInternalError},
		{"unknown: in progress", "PE-4", "081100000202", 50_000, "2023800", true, ovo.ReasonInProgress},
		{"unknown: no answer in time", "PE-5", "081100000504", 50_000, "", true, ovo.ReasonTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := send(tc.ref, tc.phone, tc.amount)
			e, ok := ovo.AsError(err)
			if !ok || e.Code != tc.code || e.Unknown != tc.unknown || e.Reason != tc.reason || ovo.IsUnknownOutcome(err) != tc.unknown {
				t.Fatalf("err = %#v, want code %q unknown %v reason %s", err, tc.code, tc.unknown, tc.reason)
			}
		})
	}
	// Refused before a byte is sent: matches ErrInvalidRequest, and the
	// sandbox saw nothing.
	if err := send("PE-6", "0712345", 50_000); !errors.Is(err, ovo.ErrInvalidRequest) || p.sim.Applied("PE-6") != 0 {
		t.Fatalf("bad phone: %v", err)
	}
	// A read's failure is never an unknown outcome.
	p.sim.InjectFault(ovosim.OpBalance, ovosim.Fault{Code: "5001100", Times: 3}) // every attempt
	if _, err := port.Balance(ctx); err == nil || ovo.IsUnknownOutcome(err) {
		t.Fatalf("balance under a 5xx: %v", err)
	}
}
