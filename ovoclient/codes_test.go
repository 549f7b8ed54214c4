package ovoclient

import (
	"fmt"
	"testing"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Every case of SNAP's table, under every service, decodes to an *Error with
// the right reason and outcome; codes outside the table fall back sensibly.
func TestDecodeEverySNAPCode(t *testing.T) {
	cases := 0
	for status := 200; status <= 599; status++ {
		for n := 0; n <= 99; n++ {
			cs := fmt.Sprintf("%02d", n)
			std := ovo.Code{HTTPStatus: status, Service: ServiceTopUp, Case: cs}
			message, reason := std.StandardMessage(), std.Reason()
			if message == "" {
				continue // not a case of SNAP's table
			}
			cases++
			for _, svc := range []string{ServiceInquiry, ServiceTopUp, ServiceStatus, ServiceBalance, ServiceToken} {
				code := ovo.MakeCode(status, svc, cs)
				body := fmt.Sprintf(`{"responseCode":%q,"responseMessage":%q}`, code, message)
				var out TopUpResponse
				got, err := decode("topup", status, []byte(body), &out)
				if got != code {
					t.Fatalf("%s: decode says code %q", code, got)
				}
				if status == 200 {
					if err != nil {
						t.Fatalf("%s: %v", code, err)
					}
					continue
				}
				e, ok := ovo.AsError(err)
				if !ok {
					t.Fatalf("%s: %v is not *Error", code, err)
				}
				wantUnknown := status >= 500 || status == 202 || (status == 409 && cs == "01")
				if e.Unknown != wantUnknown || e.Reason != reason || e.Code != code || e.HTTPStatus != status {
					t.Errorf("%s: got %+v, want reason %s unknown %v", code, e, reason, wantUnknown)
				}
				if e.Reason.Text() == string(e.Reason) {
					t.Errorf("%s: reason %s has no operator text", code, e.Reason)
				}
			}
		}
	}
	if cases != 63 { // the rows of SNAP's table in cashier/ovo/codes.go
		t.Fatalf("walked %d cases of SNAP's table, want 63", cases)
	}
}

func TestDecodeOutsideTheTable(t *testing.T) {
	tests := []struct {
		status  int
		body    string
		reason  ovo.Reason
		unknown bool
	}{
		{403, `{"responseCode":"4033899","responseMessage":"New Thing"}`, ovo.ReasonForbidden, false},
		{404, `{"responseCode":"4043899","responseMessage":"x"}`, ovo.ReasonNotFound, false},
		{400, `{"responseCode":"4003899","responseMessage":"x"}`, ovo.ReasonBadRequest, false},
		{503, `{"responseCode":"5033800","responseMessage":"Unavailable"}`, ovo.ReasonGeneralError, true},
		{502, `<html>bad gateway</html>`, ovo.ReasonBadResponse, true},
		{404, `<html>not found</html>`, ovo.ReasonBadResponse, true},
		{200, `{"responseCode":"20038","responseMessage":"short"}`, ovo.ReasonBadResponse, true},
		// The HTTP status and the code disagree: neither is believed.
		{200, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`, ovo.ReasonBadResponse, true},
		{200, `{"responseCode":"4043811","responseMessage":"Invalid Card/Account/Customer"}`, ovo.ReasonBadResponse, true},
		{403, `{"responseCode":"4043811","responseMessage":"Invalid Card/Account/Customer"}`, ovo.ReasonBadResponse, true},
		{200, `{"responseCode":"5003801","responseMessage":"Internal Server Error"}`, ovo.ReasonInternalError, true},
		{500, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`, ovo.ReasonBadResponse, true},
		{403, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`, ovo.ReasonAmountLimit, false},
		{500, `{"responseCode":"2003800","responseMessage":"Successful"}`, ovo.ReasonBadResponse, true},
		{202, `{"responseCode":"2023800","responseMessage":"Request In Progress"}`, ovo.ReasonInProgress, true},
		{200, `{"responseCode":"2003800","responseMessage":"Successful","amount":{"value":"1.5","currency":"IDR"}}`, ovo.ReasonBadResponse, true},
		// A refusal whose other fields do not decode is still that refusal.
		{403, `{"responseCode":"4033802","responseMessage":"x","amount":{"value":"1.5","currency":"IDR"}}`, ovo.ReasonAmountLimit, false},
		{403, `{"responseCode":"4033802","responseMessage":"x","referenceNo":7}`, ovo.ReasonAmountLimit, false},
	}
	for _, tc := range tests {
		var out TopUpResponse
		_, err := decode("topup", tc.status, []byte(tc.body), &out)
		e, ok := ovo.AsError(err)
		if !ok || e.Reason != tc.reason || e.Unknown != tc.unknown {
			t.Errorf("%d %s: got %+v", tc.status, tc.body, e)
		}
	}
}
