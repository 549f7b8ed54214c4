package ovoclient

import "net/http"

// Paths of OVO's SNAP Customer Top Up v1.14 (SNAP.md "Hosts and endpoints").
// The base URL is configuration; these are OVO's and the sandbox serves them too.
const (
	PathToken       = "/OVOSNAP/v1.0/access-token/b2b"
	PathInquiry     = "/OVOSNAP/v2.0/emoney/account-inquiry"
	PathTopUp       = "/OVOSNAP/v2.0/emoney/topup"
	PathTopUpStatus = "/OVOSNAP/v2.0/emoney/topup-status"
	PathBalance     = "/cashin/snap/v2.0/merchant/account/balance"
)

// SNAP service codes, the middle two digits of every responseCode.
const (
	ServiceToken   = "73"
	ServiceInquiry = "37"
	ServiceTopUp   = "38"
	ServiceStatus  = "39"
	// ServiceBalance is assumed: OVO has not published the balance call's code.
	ServiceBalance = "11"
)

// Header names the SNAP calls carry.
const (
	HeaderTimestamp  = "X-TIMESTAMP"
	HeaderSignature  = "X-SIGNATURE"
	HeaderClientKey  = "X-CLIENT-KEY"
	HeaderPartnerID  = "X-PARTNER-ID"
	HeaderExternalID = "X-EXTERNAL-ID"
	HeaderChannelID  = "CHANNEL-ID"
	HeaderOrigin     = "ORIGIN"
)

// The canonical forms of the header names (what http.Header.Set makes of
// them, and the key a received header is stored under).
var (
	keyContentType   = http.CanonicalHeaderKey("Content-Type")
	keyAuthorization = http.CanonicalHeaderKey("Authorization")
	keyTimestamp     = http.CanonicalHeaderKey(HeaderTimestamp)
	keySignature     = http.CanonicalHeaderKey(HeaderSignature)
	keyPartnerID     = http.CanonicalHeaderKey(HeaderPartnerID)
	keyExternalID    = http.CanonicalHeaderKey(HeaderExternalID)
	keyChannelID     = http.CanonicalHeaderKey(HeaderChannelID)
	keyOrigin        = http.CanonicalHeaderKey(HeaderOrigin)
)

// Envelope is the part every SNAP response shares; an error response is just this.
type Envelope struct {
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
}

// TokenRequest is the body of the B2B access token call.
type TokenRequest struct {
	GrantType      string         `json:"grantType"`
	AdditionalInfo map[string]any `json:"additionalInfo,omitempty"`
}

// TokenResponse is OVO's answer to the token call. ExpiresIn is seconds, a
// string as OVO sends it (a number is read too).
type TokenResponse struct {
	Envelope
	AccessToken string     `json:"accessToken"`
	TokenType   string     `json:"tokenType"`
	ExpiresIn   NumberText `json:"expiresIn"`
}

// InquiryRequest is the body of account inquiry (service 37), field order as sent.
type InquiryRequest struct {
	PartnerReferenceNo string         `json:"partnerReferenceNo,omitempty"`
	CustomerNumber     string         `json:"customerNumber"`
	Amount             Amount         `json:"amount"`
	TransactionDate    string         `json:"transactionDate"`
	AdditionalInfo     map[string]any `json:"additionalInfo,omitempty"`
}

// InquiryResponse is OVO's answer to account inquiry: the customer's unmasked
// name, the fee OVO will deduct, and the limits that apply.
type InquiryResponse struct {
	Envelope
	ReferenceNo            string  `json:"referenceNo,omitempty"`
	PartnerReferenceNo     string  `json:"partnerReferenceNo,omitempty"`
	SessionID              string  `json:"sessionId,omitempty"`
	CustomerNumber         string  `json:"customerNumber"`
	CustomerName           string  `json:"customerName"`
	MinAmount              *Amount `json:"minAmount,omitempty"`
	MaxAmount              *Amount `json:"maxAmount,omitempty"`
	Amount                 *Amount `json:"amount,omitempty"`
	FeeAmount              *Amount `json:"feeAmount,omitempty"`
	FeeType                string  `json:"feeType,omitempty"`
	CustomerMonthlyInLimit *Amount `json:"customerMonthlyInLimit,omitempty"`
}

// TopUpRequest is the body of top up / disburse (service 38). Field order is
// the order sent (and signed). PartnerReferenceNo is the idempotency key.
type TopUpRequest struct {
	PartnerReferenceNo string         `json:"partnerReferenceNo"`
	CustomerNumber     string         `json:"customerNumber"`
	CustomerName       string         `json:"customerName,omitempty"`
	Amount             Amount         `json:"amount"`
	FeeAmount          Amount         `json:"feeAmount"`
	TransactionDate    string         `json:"transactionDate"`
	SessionID          string         `json:"sessionId,omitempty"`
	Notes              string         `json:"notes,omitempty"`
	AdditionalInfo     map[string]any `json:"additionalInfo,omitempty"`
}

// TopUpResponse is OVO's answer to a top up; ReferenceNo is present on success.
type TopUpResponse struct {
	Envelope
	ReferenceNo        string  `json:"referenceNo,omitempty"`
	PartnerReferenceNo string  `json:"partnerReferenceNo"`
	SessionID          string  `json:"sessionId,omitempty"`
	CustomerNumber     string  `json:"customerNumber,omitempty"`
	Amount             *Amount `json:"amount,omitempty"`
	// ExternalID is not on the wire: the client fills in the X-EXTERNAL-ID it
	// used, so the ledger can record it.
	ExternalID string `json:"-"`
}

// StatusRequest is the body of top up status (service 39).
type StatusRequest struct {
	OriginalPartnerReferenceNo string         `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string         `json:"originalReferenceNo,omitempty"`
	OriginalExternalID         string         `json:"originalExternalId,omitempty"`
	ServiceCode                string         `json:"serviceCode"`
	AdditionalInfo             map[string]any `json:"additionalInfo,omitempty"`
}

// StatusResponse is OVO's answer to top up status.
type StatusResponse struct {
	Envelope
	OriginalReferenceNo        string  `json:"originalReferenceNo,omitempty"`
	OriginalPartnerReferenceNo string  `json:"originalPartnerReferenceNo"`
	OriginalExternalID         string  `json:"originalExternalId,omitempty"`
	ServiceCode                string  `json:"serviceCode"`
	Amount                     *Amount `json:"amount,omitempty"`
	LatestTransactionStatus    string  `json:"latestTransactionStatus"`
	TransactionStatusDesc      string  `json:"transactionStatusDesc,omitempty"`
}

// BalanceResponse is the merchant deposit (assumed body: SNAP balance-inquiry shape).
type BalanceResponse struct {
	Envelope
	AccountInfos []AccountInfo `json:"accountInfos"`
}

// AccountInfo is one balance of the merchant; the deposit has BalanceType "DEPOSIT".
type AccountInfo struct {
	BalanceType      string  `json:"balanceType"`
	AvailableBalance *Amount `json:"availableBalance,omitempty"`
	LedgerBalance    *Amount `json:"ledgerBalance,omitempty"`
}

// Deposit returns the available deposit in rupiah: the DEPOSIT entry, or the
// only entry there is. ok is false when the response carries none.
func (b *BalanceResponse) Deposit() (rupiah int64, ok bool) {
	for _, ai := range b.AccountInfos {
		if ai.AvailableBalance != nil && (ai.BalanceType == "DEPOSIT" || len(b.AccountInfos) == 1) {
			return ai.AvailableBalance.Value, true
		}
	}
	return 0, false
}
