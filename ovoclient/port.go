package ovoclient

import (
	"context"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Port is the client as the cashier's port to OVO (ovo.Port): it turns the
// cashier's requests into SNAP's wire types and OVO's answers back, and
// passes the client's errors (*ovo.Error) through untouched, so what the
// client decided about an outcome (unknown or a definite refusal) is what
// the cashier records.
type Port struct{ c *Client }

// Port returns the client as an ovo.Port; it also measures the clock skew
// (ovo.ClockSkewer).
func (c *Client) Port() Port { return Port{c} }

var (
	_ ovo.Port        = Port{}
	_ ovo.ClockSkewer = Port{}
)

// Inquiry is Client.Inquiry in the port's terms.
func (p Port) Inquiry(ctx context.Context, req ovo.InquiryRequest) (*ovo.Inquiry, error) {
	res, err := p.c.Inquiry(ctx, InquiryRequest{CustomerNumber: req.CustomerNumber, Amount: IDR(req.Amount)})
	if err != nil {
		return nil, err
	}
	return &ovo.Inquiry{
		ResponseCode: res.ResponseCode, ResponseMessage: res.ResponseMessage,
		ReferenceNo: res.ReferenceNo, SessionID: res.SessionID,
		CustomerNumber: res.CustomerNumber, CustomerName: res.CustomerName,
		Amount: rupiah(res.Amount), Fee: rupiah(res.FeeAmount), FeeType: res.FeeType,
		MinAmount: rupiah(res.MinAmount), MaxAmount: rupiah(res.MaxAmount),
		MonthlyInLimit: rupiah(res.CustomerMonthlyInLimit),
	}, nil
}

// TopUp is Client.TopUp in the port's terms: sent once, with req.ExternalID
// as the first attempt's X-EXTERNAL-ID and req.At as transactionDate.
func (p Port) TopUp(ctx context.Context, req ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
	var opts []CallOption
	if req.ExternalID != "" {
		opts = append(opts, WithExternalID(req.ExternalID))
	}
	date := ""
	if !req.At.IsZero() {
		date = FormatTransactionDate(req.At)
	}
	res, err := p.c.TopUp(ctx, TopUpRequest{
		PartnerReferenceNo: req.PartnerReferenceNo, CustomerNumber: req.CustomerNumber, CustomerName: req.CustomerName,
		Amount: IDR(req.Amount), FeeAmount: IDR(req.Fee), TransactionDate: date, SessionID: req.SessionID, Notes: req.Notes,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &ovo.TopUpAnswer{ResponseCode: res.ResponseCode, ResponseMessage: res.ResponseMessage,
		ReferenceNo: res.ReferenceNo, ExternalID: res.ExternalID}, nil
}

// TopUpStatus is Client.TopUpStatus in the port's terms (service code 38).
func (p Port) TopUpStatus(ctx context.Context, req ovo.StatusRequest) (*ovo.StatusAnswer, error) {
	res, err := p.c.TopUpStatus(ctx, StatusRequest{OriginalPartnerReferenceNo: req.PartnerReferenceNo,
		OriginalReferenceNo: req.ReferenceNo, OriginalExternalID: req.ExternalID, ServiceCode: ServiceTopUp})
	if err != nil {
		return nil, err
	}
	st := &ovo.StatusAnswer{ResponseCode: res.ResponseCode, ResponseMessage: res.ResponseMessage,
		ReferenceNo: res.OriginalReferenceNo, PartnerReferenceNo: res.OriginalPartnerReferenceNo,
		LatestTransactionStatus: res.LatestTransactionStatus, TransactionStatusDesc: res.TransactionStatusDesc}
	if res.Amount != nil {
		v := res.Amount.Value
		st.Amount = &v
	}
	return st, nil
}

// Balance is Client.Balance in the port's terms: the available deposit.
func (p Port) Balance(ctx context.Context) (*ovo.Balance, error) {
	res, err := p.c.Balance(ctx)
	if err != nil {
		return nil, err
	}
	dep, _ := res.Deposit() // Client.Balance refuses an answer without one
	return &ovo.Balance{ResponseCode: res.ResponseCode, ResponseMessage: res.ResponseMessage, Deposit: dep}, nil
}

// ClockSkew is Client.ClockSkew.
func (p Port) ClockSkew() (time.Duration, bool) { return p.c.ClockSkew() }

// rupiah is a's value, 0 when absent.
func rupiah(a *Amount) int64 {
	if a == nil {
		return 0
	}
	return a.Value
}
