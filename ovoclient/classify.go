package ovoclient

import "github.com/ovocashier/ovocashier/cashier/ovo"

// classify decides what an answer with a parsed responseCode means. The HTTP
// status and the code's own status are both honoured: if either says 5xx or
// 202 the outcome is unknown.
//
// Only a 4xx code under the same HTTP status is a definite refusal: any other
// non-success (a 2xx code that is not 2xx00, a 3xx, a 5xx, a 202, a code
// whose HTTP status disagrees) leaves the outcome unknown.
func classify(httpStatus int, c ovo.Code) (reason ovo.Reason, unknown bool) {
	reason = c.Reason()
	switch {
	case httpStatus != c.HTTPStatus:
		// The HTTP status and the code's first three digits disagree (a
		// refusal under HTTP 200, a success under 500): neither is believed.
		// The reason must not read as a refusal while the outcome is open.
		if c.HTTPStatus < 500 && c.HTTPStatus != 202 {
			reason = ovo.ReasonBadResponse
		}
		return reason, true
	case httpStatus >= 500 || c.HTTPStatus >= 500,
		httpStatus == 202 || c.HTTPStatus == 202,
		c.HTTPStatus == 409 && c.Case == "01":
		return reason, true
	case c.HTTPStatus < 400 || c.HTTPStatus > 499:
		if reason == ovo.ReasonUnknownCode {
			reason = ovo.ReasonBadResponse
		}
		return reason, true
	}
	return reason, false
}
