package cashier_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/storage"
)

// answeringPort is the sandbox's port except for the top up, whose answer
// it makes up (nothing reaches the sandbox).
type answeringPort struct {
	cashier.OVO
	answer func(ovo.TopUpRequest) (*ovo.TopUpAnswer, error)
}

func (p answeringPort) TopUp(_ context.Context, req ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
	return p.answer(req)
}

// The cashier believes a port only as far as the port's promises go: a
// success must name OVO's reference, a refusal must be an *ovo.Error that
// says it is definite; any other answer of any port is an unknown outcome,
// its reservation kept for the reconciler.
func TestCashierBelievesAPortOnlyWithProof(t *testing.T) {
	const amount = 50_000
	tests := []struct {
		name   string
		answer func(ovo.TopUpRequest) (*ovo.TopUpAnswer, error)
		want   storage.State
		reason ovo.Reason
	}{
		{"success with OVO's reference", func(r ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
			return &ovo.TopUpAnswer{ResponseCode: "2003800", ResponseMessage: "Successful", ReferenceNo: "OVO-1", ExternalID: r.ExternalID}, nil
		}, storage.StateSuccess, ovo.ReasonSuccess},
		{"success without a reference", func(r ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
			return &ovo.TopUpAnswer{ResponseCode: "2003800", ResponseMessage: "Successful", ReferenceNo: " ", ExternalID: r.ExternalID}, nil
		}, storage.StateUnknown, ovo.ReasonBadResponse},
		{"no answer and no error", func(ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
			return nil, nil
		}, storage.StateUnknown, ovo.ReasonBadResponse},
		{"an error that is not the port's", func(ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
			return nil, errors.New("connection reset")
		}, storage.StateUnknown, ovo.ReasonNetwork},
		{"a refusal that may have been applied", func(ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
			return nil, &ovo.Error{Op: "topup", HTTPStatus: 500, Code: "5003801", Message: "Internal Server Error", Reason: ovo.ReasonInternalError, Unknown: true}
		}, storage.StateUnknown, ovo.ReasonInternalError},
		{"a definite refusal", func(ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
			return nil, &ovo.Error{Op: "topup", HTTPStatus: 403, Code: "4033802", Message: "Exceeds Transaction Amount Limit", Reason: ovo.ReasonAmountLimit}
		}, storage.StateFailed, ovo.ReasonAmountLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := testenv.New(t, testenv.Options{Deposit: 1_000_000, CashierConfig: func(c *cashier.Config) {
				c.OVO = answeringPort{c.OVO, tc.answer}
			}})
			q := quote(t, e, storage.KindTopUp, "081234567890", amount)
			res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Txn
			if got.State != tc.want || cashier.TxnReason(got) != tc.reason || e.Sim.Applied(got.PartnerReferenceNo) != 0 {
				t.Fatalf("recorded %s (%s), want %s (%s)", got.State, cashier.TxnReason(got), tc.want, tc.reason)
			}
			if got.ExternalID == "" {
				t.Fatal("no X-EXTERNAL-ID recorded before sending")
			}
			d, err := e.Service.Deposit()
			if err != nil {
				t.Fatal(err)
			}
			wantReserved := int64(0)
			if tc.want == storage.StateUnknown {
				wantReserved = amount // held until the status settles it
			}
			if d.Reserved != wantReserved {
				t.Fatalf("reserved %d after a %s outcome, want %d", d.Reserved, got.State, wantReserved)
			}
			if code := cashier.StateExitCode(got.State); (tc.want == storage.StateUnknown) != (code == cashier.ExitUnknown) {
				t.Fatalf("exit code %d for %s", code, got.State)
			}
		})
	}
}
