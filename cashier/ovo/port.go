package ovo

import (
	"context"
	"time"
)

// Port is what the cashier asks of OVO. Amounts are whole rupiah, phone
// numbers are in OVO's 08… form, times are instants (the adapter writes them
// in Asia/Jakarta as SNAP wants).
//
// Every error a method returns about OVO's answer (or its absence) is an
// *Error, and Error.Unknown is the adapter's word on whether money may have
// moved. An adapter must keep these promises, which the cashier's money
// safety rests on:
//   - TopUp is sent at most once per call and never follows a redirect; only
//     an answer naming OVO's ReferenceNo is a success, anything it cannot
//     prove (a timeout, a network failure, a 5xx, a 202, 409xx01, a 3xx, an
//     HTTP status that disagrees with the code's first three digits, an
//     answer about another reference, an unreadable answer) is an *Error
//     with Unknown set;
//   - a definite refusal (Unknown false) is one OVO certainly did not apply;
//   - a request refused before a byte was sent matches ErrInvalidRequest;
//   - reads (Inquiry, TopUpStatus, Balance) move no money: their failures
//     are never Unknown, and they may be repeated.
//
// ovoclient.Client.Port is the SNAP BI implementation.
type Port interface {
	// Inquiry asks who owns a phone number and what moving Amount to it
	// would cost: the account name, the fee and the limits.
	Inquiry(ctx context.Context, req InquiryRequest) (*Inquiry, error)
	// TopUp moves Amount from the merchant deposit to the customer's OVO
	// Cash (top up and disbursement alike), once.
	TopUp(ctx context.Context, req TopUpRequest) (*TopUpAnswer, error)
	// TopUpStatus asks OVO's latest status of an earlier top up by its
	// partner reference.
	TopUpStatus(ctx context.Context, req StatusRequest) (*StatusAnswer, error)
	// Balance reads the merchant deposit at OVO.
	Balance(ctx context.Context) (*Balance, error)
}

// ClockSkewer is implemented by a Port that measures this machine's clock
// against OVO's (the Date header of its answers).
type ClockSkewer interface {
	// ClockSkew is this machine's clock minus OVO's as last measured;
	// known is false before any answer carried a date. It does no I/O.
	ClockSkew() (skew time.Duration, known bool)
}

// InquiryRequest asks about a customer for an amount (SNAP service 37).
type InquiryRequest struct {
	CustomerNumber string // 08… form
	Amount         int64  // rupiah, more than zero
}

// Inquiry is OVO's answer to an inquiry. Amounts OVO did not give are 0.
type Inquiry struct {
	ResponseCode, ResponseMessage string // as received
	ReferenceNo                   string // OVO's reference of the inquiry
	SessionID                     string // to be sent with the top up
	CustomerNumber                string
	CustomerName                  string // unmasked: read back to the customer
	Amount, Fee                   int64  // rupiah; Fee is what OVO deducts
	FeeType                       string
	MinAmount, MaxAmount          int64 // per-transaction limits
	MonthlyInLimit                int64 // remaining monthly cash-in
}

// TopUpRequest moves money to a customer (SNAP service 38).
type TopUpRequest struct {
	// PartnerReferenceNo is the idempotency key: unique per merchant
	// forever, and the key a status is asked by.
	PartnerReferenceNo string
	CustomerNumber     string // 08… form
	CustomerName       string // as the inquiry gave it
	Amount, Fee        int64  // rupiah
	At                 time.Time
	SessionID          string // the inquiry's
	Notes              string
	// ExternalID is the X-EXTERNAL-ID of the first attempt, as recorded in
	// the ledger before sending; "" lets the adapter choose one.
	ExternalID string
}

// TopUpAnswer is OVO's answer to a top up that succeeded.
type TopUpAnswer struct {
	ResponseCode, ResponseMessage string // as received
	ReferenceNo                   string // OVO's reference: present on every success
	ExternalID                    string // the X-EXTERNAL-ID the answer came to
}

// StatusRequest asks the status of an earlier top up (SNAP service 39).
type StatusRequest struct {
	PartnerReferenceNo string // the top up's
	ReferenceNo        string // OVO's, when known
	ExternalID         string // the top up's X-EXTERNAL-ID, when known
}

// StatusAnswer is OVO's status of an earlier top up.
type StatusAnswer struct {
	ResponseCode, ResponseMessage string // as received
	// ReferenceNo is OVO's reference of the original top up ("" when OVO
	// gave none); PartnerReferenceNo the one the answer is about.
	ReferenceNo, PartnerReferenceNo string
	// Amount is the amount OVO holds under the reference; nil when the
	// answer did not say.
	Amount *int64
	// LatestTransactionStatus is one of the Status… codes ("00" … "07");
	// TransactionStatusDesc is OVO's own word for it.
	LatestTransactionStatus, TransactionStatusDesc string
}

// Balance is the merchant deposit at OVO.
type Balance struct {
	ResponseCode, ResponseMessage string // as received
	Deposit                       int64  // available, rupiah
}
