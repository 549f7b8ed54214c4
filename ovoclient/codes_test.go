package ovoclient

import (
	"fmt"
	"testing"
)

func TestParseCode(t *testing.T) {
	c, ok := ParseCode("4033802")
	if !ok || c.HTTPStatus != 403 || c.Service != "38" || c.Case != "02" || c.String() != "4033802" {
		t.Fatalf("ParseCode = %+v, %v", c, ok)
	}
	for _, bad := range []string{"", "403380", "40338021", "40338a2", "-403380"} {
		if _, ok := ParseCode(bad); ok {
			t.Errorf("ParseCode(%q) accepted", bad)
		}
	}
}

// Every case of SNAP's table, under every service, decodes to an *Error with
// the right reason and outcome; codes outside the table fall back sensibly.
func TestDecodeEverySNAPCode(t *testing.T) {
	for status, cases := range snapCases {
		for cs, info := range cases {
			for _, svc := range []string{ServiceInquiry, ServiceTopUp, ServiceStatus, ServiceBalance, ServiceToken} {
				code := MakeCode(status, svc, cs)
				body := fmt.Sprintf(`{"responseCode":%q,"responseMessage":%q}`, code, info.message)
				var out TopUpResponse
				err := decode("topup", status, []byte(body), &out)
				if status == 200 {
					if err != nil {
						t.Fatalf("%s: %v", code, err)
					}
					continue
				}
				e, ok := AsError(err)
				if !ok {
					t.Fatalf("%s: %v is not *Error", code, err)
				}
				wantUnknown := status >= 500 || status == 202 || (status == 409 && cs == "01")
				if e.Unknown != wantUnknown || e.Reason != info.reason || e.Code != code || e.HTTPStatus != status {
					t.Errorf("%s: got %+v, want reason %s unknown %v", code, e, info.reason, wantUnknown)
				}
				if e.Reason.Text() == string(e.Reason) {
					t.Errorf("%s: reason %s has no operator text", code, e.Reason)
				}
			}
		}
	}
}

func TestDecodeOutsideTheTable(t *testing.T) {
	tests := []struct {
		status  int
		body    string
		reason  Reason
		unknown bool
	}{
		{403, `{"responseCode":"4033899","responseMessage":"New Thing"}`, ReasonForbidden, false},
		{404, `{"responseCode":"4043899","responseMessage":"x"}`, ReasonNotFound, false},
		{400, `{"responseCode":"4003899","responseMessage":"x"}`, ReasonBadRequest, false},
		{503, `{"responseCode":"5033800","responseMessage":"Unavailable"}`, ReasonGeneralError, true},
		{502, `<html>bad gateway</html>`, ReasonBadResponse, true},
		{404, `<html>not found</html>`, ReasonBadResponse, true},
		{200, `{"responseCode":"20038","responseMessage":"short"}`, ReasonBadResponse, true},
		// The HTTP status and the code disagree: neither is believed.
		{200, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`, ReasonBadResponse, true},
		{200, `{"responseCode":"4043811","responseMessage":"Invalid Card/Account/Customer"}`, ReasonBadResponse, true},
		{403, `{"responseCode":"4043811","responseMessage":"Invalid Card/Account/Customer"}`, ReasonBadResponse, true},
		{200, `{"responseCode":"5003801","responseMessage":"Internal Server Error"}`, ReasonInternalError, true},
		{500, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`, ReasonBadResponse, true},
		{403, `{"responseCode":"4033802","responseMessage":"Exceeds Transaction Amount Limit"}`, ReasonAmountLimit, false},
		{500, `{"responseCode":"2003800","responseMessage":"Successful"}`, ReasonBadResponse, true},
		{202, `{"responseCode":"2023800","responseMessage":"Request In Progress"}`, ReasonInProgress, true},
		{200, `{"responseCode":"2003800","responseMessage":"Successful","amount":{"value":"1.5","currency":"IDR"}}`, ReasonBadResponse, true},
	}
	for _, tc := range tests {
		var out TopUpResponse
		e, ok := AsError(decode("topup", tc.status, []byte(tc.body), &out))
		if !ok || e.Reason != tc.reason || e.Unknown != tc.unknown {
			t.Errorf("%d %s: got %+v", tc.status, tc.body, e)
		}
	}
}

func TestEveryReasonHasText(t *testing.T) {
	for _, r := range Reasons() {
		if r.Text() == "" || r.Text() == string(r) {
			t.Errorf("reason %s has no text", r)
		}
	}
	for _, cases := range snapCases {
		for _, info := range cases {
			if _, ok := reasonText[info.reason]; !ok {
				t.Errorf("reason %s (from the table) has no text", info.reason)
			}
		}
	}
}
