package ovo

import "strconv"

// Reason names what a SNAP response means to the people at the counter,
// independent of the service it came from: the case code of SNAP's table
// under its HTTP status. Front ends translate a Reason into their own words
// (see Reason.Text for English).
type Reason string

// Reasons of SNAP BI's response-code table, plus the transport failures.
const (
	ReasonSuccess               Reason = "success"
	ReasonInProgress            Reason = "in_progress"
	ReasonBadRequest            Reason = "bad_request"
	ReasonInvalidFieldFormat    Reason = "invalid_field_format"
	ReasonMissingField          Reason = "invalid_mandatory_field"
	ReasonUnauthorized          Reason = "unauthorized"
	ReasonInvalidToken          Reason = "invalid_token"
	ReasonInvalidCustomerToken  Reason = "invalid_customer_token"
	ReasonTokenNotFound         Reason = "token_not_found"
	ReasonTransactionExpired    Reason = "transaction_expired"
	ReasonFeatureNotAllowed     Reason = "feature_not_allowed"
	ReasonAmountLimit           Reason = "exceeds_transaction_amount_limit"
	ReasonSuspectedFraud        Reason = "suspected_fraud"
	ReasonActivityLimit         Reason = "activity_count_limit_exceeded"
	ReasonDoNotHonor            Reason = "do_not_honor"
	ReasonNotAllowedNow         Reason = "feature_not_allowed_at_this_time"
	ReasonAccountBlocked        Reason = "account_blocked"
	ReasonAccountExpired        Reason = "account_expired"
	ReasonDormantAccount        Reason = "dormant_account"
	ReasonInsufficientFunds     Reason = "insufficient_funds"
	ReasonTransactionNotAllowed Reason = "transaction_not_permitted"
	ReasonSuspended             Reason = "suspend_transaction"
	ReasonInactiveAccount       Reason = "inactive_account"
	ReasonMerchantBlacklisted   Reason = "merchant_blacklisted"
	ReasonMerchantLimit         Reason = "merchant_limit_exceed"
	ReasonAccountLimit          Reason = "account_limit_exceed"
	ReasonForbidden             Reason = "forbidden"
	ReasonInvalidStatus         Reason = "invalid_transaction_status"
	ReasonTransactionNotFound   Reason = "transaction_not_found"
	ReasonInvalidRouting        Reason = "invalid_routing"
	ReasonTransactionCancelled  Reason = "transaction_cancelled"
	ReasonInvalidMerchant       Reason = "invalid_merchant"
	ReasonInvalidAccount        Reason = "invalid_account"
	ReasonInvalidAmount         Reason = "invalid_amount"
	ReasonPartnerNotFound       Reason = "partner_not_found"
	ReasonInvalidTerminal       Reason = "invalid_terminal"
	ReasonInconsistentRequest   Reason = "inconsistent_request"
	ReasonNotFound              Reason = "not_found"
	ReasonNotSupported          Reason = "not_supported"
	ReasonConflict              Reason = "conflict"
	ReasonDuplicateReference    Reason = "duplicate_partner_reference"
	ReasonTooManyRequests       Reason = "too_many_requests"
	ReasonGeneralError          Reason = "general_error"
	ReasonInternalError         Reason = "internal_server_error"
	ReasonExternalError         Reason = "external_server_error"
	ReasonTimeout               Reason = "timeout"
	ReasonNetwork               Reason = "network_error"
	ReasonBadResponse           Reason = "bad_response"
	ReasonUnavailable           Reason = "unavailable"
	ReasonUnknownCode           Reason = "unknown_code"
)

// codeInfo is one row of SNAP's table: the standard message and its reason.
type codeInfo struct {
	message string
	reason  Reason
}

// snapCases is SNAP BI's response-code table, keyed by HTTP status then case.
// The service code in the middle does not change the meaning.
var snapCases = map[int]map[string]codeInfo{
	200: {"00": {"Successful", ReasonSuccess}},
	202: {"00": {"Request In Progress", ReasonInProgress}},
	400: {
		"00": {"Bad Request", ReasonBadRequest},
		"01": {"Invalid Field Format", ReasonInvalidFieldFormat},
		"02": {"Invalid Mandatory Field", ReasonMissingField},
	},
	401: {
		"00": {"Unauthorized", ReasonUnauthorized},
		"01": {"Invalid Token (B2B)", ReasonInvalidToken},
		"02": {"Invalid Customer Token", ReasonInvalidCustomerToken},
		"03": {"Token Not Found (B2B)", ReasonTokenNotFound},
		"04": {"Customer Token Not Found", ReasonTokenNotFound},
	},
	403: {
		"00": {"Transaction Expired", ReasonTransactionExpired},
		"01": {"Feature Not Allowed", ReasonFeatureNotAllowed},
		"02": {"Exceeds Transaction Amount Limit", ReasonAmountLimit},
		"03": {"Suspected Fraud", ReasonSuspectedFraud},
		"04": {"Activity Count Limit Exceeded", ReasonActivityLimit},
		"05": {"Do Not Honor", ReasonDoNotHonor},
		"06": {"Feature Not Allowed At This Time", ReasonNotAllowedNow},
		"07": {"Card Blocked", ReasonAccountBlocked},
		"08": {"Card Expired", ReasonAccountExpired},
		"09": {"Dormant Account", ReasonDormantAccount},
		"10": {"Need To Set Token Limit", ReasonForbidden},
		"11": {"OTP Blocked", ReasonForbidden},
		"12": {"OTP Lifetime Expired", ReasonForbidden},
		"13": {"OTP Sent To Cardholder", ReasonForbidden},
		"14": {"Insufficient Funds", ReasonInsufficientFunds},
		"15": {"Transaction Not Permitted", ReasonTransactionNotAllowed},
		"16": {"Suspend Transaction", ReasonSuspended},
		"17": {"Token Limit Exceeded", ReasonForbidden},
		"18": {"Inactive Card/Account/Customer", ReasonInactiveAccount},
		"19": {"Merchant Blacklisted", ReasonMerchantBlacklisted},
		"20": {"Merchant Limit Exceed", ReasonMerchantLimit},
		"21": {"Set Limit Not Allowed", ReasonForbidden},
		"22": {"Token Limit Invalid", ReasonForbidden},
		"23": {"Account Limit Exceed", ReasonAccountLimit},
	},
	404: {
		"00": {"Invalid Transaction Status", ReasonInvalidStatus},
		"01": {"Transaction Not Found", ReasonTransactionNotFound},
		"02": {"Invalid Routing", ReasonInvalidRouting},
		"03": {"Bank Not Supported By Switch", ReasonInvalidRouting},
		"04": {"Transaction Cancelled", ReasonTransactionCancelled},
		"05": {"Merchant Is Not Registered For Card Registration Services", ReasonInvalidMerchant},
		"06": {"Need To Request OTP", ReasonNotFound},
		"07": {"Journey Not Found", ReasonNotFound},
		"08": {"Invalid Merchant", ReasonInvalidMerchant},
		"09": {"No Issuer", ReasonInvalidRouting},
		"10": {"Invalid API Transition", ReasonNotFound},
		"11": {"Invalid Card/Account/Customer", ReasonInvalidAccount},
		"12": {"Invalid Bill/Virtual Account", ReasonInvalidAccount},
		"13": {"Invalid Amount", ReasonInvalidAmount},
		"14": {"Paid Bill", ReasonNotFound},
		"15": {"Invalid OTP", ReasonNotFound},
		"16": {"Partner Not Found", ReasonPartnerNotFound},
		"17": {"Invalid Terminal", ReasonInvalidTerminal},
		"18": {"Inconsistent Request", ReasonInconsistentRequest},
		"19": {"Invalid Bill/Virtual Account", ReasonInvalidAccount},
	},
	405: {
		"00": {"Requested Function Is Not Supported", ReasonNotSupported},
		"01": {"Requested Operation Is Not Allowed", ReasonNotSupported},
	},
	409: {
		"00": {"Conflict", ReasonConflict},
		"01": {"Duplicate partnerReferenceNo", ReasonDuplicateReference},
	},
	429: {"00": {"Too Many Requests", ReasonTooManyRequests}},
	500: {
		"00": {"General Error", ReasonGeneralError},
		"01": {"Internal Server Error", ReasonInternalError},
		"02": {"External Server Error", ReasonExternalError},
	},
	504: {"00": {"Timeout", ReasonTimeout}},
}

// Code is a parsed SNAP responseCode: HTTP status (3 digits) + service (2) + case (2).
type Code struct {
	HTTPStatus int
	Service    string
	Case       string
}

// ParseCode splits a seven-digit responseCode; ok is false for anything else.
func ParseCode(s string) (c Code, ok bool) {
	if len(s) != 7 || !allDigits(s) {
		return Code{}, false
	}
	st, _ := strconv.Atoi(s[:3])
	return Code{HTTPStatus: st, Service: s[3:5], Case: s[5:7]}, true
}

// MakeCode builds a responseCode such as "4033802" from its parts.
func MakeCode(httpStatus int, service, caseCode string) string {
	return strconv.Itoa(httpStatus) + service + caseCode
}

// String renders the code as its seven digits.
func (c Code) String() string { return MakeCode(c.HTTPStatus, c.Service, c.Case) }

// StandardMessage is SNAP's message for the code ("Insufficient Funds"), or
// "" for a case the table does not have.
func (c Code) StandardMessage() string { return snapCases[c.HTTPStatus][c.Case].message }

// Reason is what the code means. A case that SNAP's table lacks falls back to
// the meaning of its HTTP status, then to ReasonUnknownCode.
func (c Code) Reason() Reason {
	if info, ok := snapCases[c.HTTPStatus][c.Case]; ok {
		return info.reason
	}
	switch {
	case c.HTTPStatus == 202:
		return ReasonInProgress
	case c.HTTPStatus == 401:
		return ReasonUnauthorized
	case c.HTTPStatus == 403:
		return ReasonForbidden
	case c.HTTPStatus == 404:
		return ReasonNotFound
	case c.HTTPStatus == 409:
		return ReasonConflict
	case c.HTTPStatus == 429:
		return ReasonTooManyRequests
	case c.HTTPStatus == 504:
		return ReasonTimeout
	case c.HTTPStatus >= 500:
		return ReasonGeneralError
	case c.HTTPStatus >= 400:
		return ReasonBadRequest
	}
	return ReasonUnknownCode
}

// reasonText is the English operator-facing text of each reason: what
// happened, in words a cashier understands.
var reasonText = map[Reason]string{
	ReasonSuccess:               "Successful.",
	ReasonInProgress:            "OVO is still processing this transaction; checking its status.",
	ReasonBadRequest:            "OVO could not read the request (a fault in ovocashier; tell support).",
	ReasonInvalidFieldFormat:    "OVO refused a field of the request as badly formatted.",
	ReasonMissingField:          "OVO says a required field is missing.",
	ReasonUnauthorized:          "OVO refused our credentials (signature, client id or key). Check the configuration.",
	ReasonInvalidToken:          "OVO's access token expired or is unknown.",
	ReasonInvalidCustomerToken:  "OVO refused the customer token.",
	ReasonTokenNotFound:         "OVO did not find the access token.",
	ReasonTransactionExpired:    "The transaction expired at OVO.",
	ReasonFeatureNotAllowed:     "This merchant is not allowed to use this feature at OVO.",
	ReasonAmountLimit:           "The amount is above OVO's per-transaction limit.",
	ReasonSuspectedFraud:        "OVO refused the transaction as suspected fraud.",
	ReasonActivityLimit:         "The customer has made too many transactions; try again later.",
	ReasonDoNotHonor:            "OVO declined: the customer's account cannot receive money right now (do not honor).",
	ReasonNotAllowedNow:         "OVO does not allow this transaction at this time.",
	ReasonAccountBlocked:        "The customer's OVO account is blocked.",
	ReasonAccountExpired:        "The customer's OVO account has expired.",
	ReasonDormantAccount:        "The customer's OVO account is dormant.",
	ReasonInsufficientFunds:     "The merchant deposit at OVO is too low for this amount.",
	ReasonTransactionNotAllowed: "OVO does not permit this transaction.",
	ReasonSuspended:             "OVO has suspended this transaction.",
	ReasonInactiveAccount:       "The customer's OVO account is inactive.",
	ReasonMerchantBlacklisted:   "OVO has blocked this merchant.",
	ReasonMerchantLimit:         "The merchant's limit at OVO has been reached.",
	ReasonAccountLimit:          "The customer's OVO balance or monthly top-up limit would be exceeded.",
	ReasonForbidden:             "OVO refused the transaction.",
	ReasonInvalidStatus:         "OVO says the transaction status is invalid.",
	ReasonTransactionNotFound:   "OVO does not know this transaction.",
	ReasonInvalidRouting:        "OVO could not route the request.",
	ReasonTransactionCancelled:  "The transaction was cancelled at OVO.",
	ReasonInvalidMerchant:       "OVO does not recognise this merchant.",
	ReasonInvalidAccount:        "This number has no OVO account.",
	ReasonInvalidAmount:         "OVO refused the amount (below the minimum or not allowed).",
	ReasonPartnerNotFound:       "OVO does not know this partner id.",
	ReasonInvalidTerminal:       "OVO does not recognise this terminal/channel.",
	ReasonInconsistentRequest:   "OVO found the request inconsistent with an earlier one.",
	ReasonNotFound:              "OVO could not find what was asked for.",
	ReasonNotSupported:          "OVO does not support this request.",
	ReasonConflict:              "OVO saw this request id already today (conflict).",
	ReasonDuplicateReference:    "OVO has already received this transaction; checking its status.",
	ReasonTooManyRequests:       "OVO is receiving too many requests; wait a moment and try again.",
	ReasonGeneralError:          "OVO had an error; the outcome is not known yet, checking its status.",
	ReasonInternalError:         "OVO had an internal error; the outcome is not known yet, checking its status.",
	ReasonExternalError:         "A system behind OVO had an error; the outcome is not known yet, checking its status.",
	ReasonTimeout:               "OVO did not answer in time; the outcome is not known yet, checking its status.",
	ReasonNetwork:               "Could not reach OVO (network); the outcome is not known yet.",
	ReasonBadResponse:           "OVO's answer could not be read; the outcome is not known yet.",
	ReasonUnavailable:           "OVO could not be reached or did not answer properly; nothing was sent. Try again in a moment.",
	ReasonUnknownCode:           "OVO answered with a code ovocashier does not know.",
}

// Text is the English operator-facing sentence for the reason.
func (r Reason) Text() string {
	if t, ok := reasonText[r]; ok {
		return t
	}
	return string(r)
}

// Reasons lists every reason this package can produce, for catalogs that must
// translate all of them (tests check the catalog is complete).
func Reasons() []Reason {
	out := make([]Reason, 0, len(reasonText))
	for r := range reasonText {
		out = append(out, r)
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
