package ovosim

import (
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// The field rules of every body, with their exact codes.
func TestBodyValidation(t *testing.T) {
	h := newHarness(t, nil)
	const ts = `"2026-11-23T19:05:00+07:00"`
	amt := `{"value":"50000.00","currency":"IDR"}`
	fee := `{"value":"1000.00","currency":"IDR"}`
	topup := func(replace map[string]string) string {
		f := map[string]string{
			"partnerReferenceNo": `"V-1"`, "customerNumber": `"081234567890"`, "amount": amt, "feeAmount": fee, "transactionDate": ts,
		}
		for k, v := range replace {
			f[k] = v
		}
		var parts []string
		for _, k := range []string{"partnerReferenceNo", "customerNumber", "amount", "feeAmount", "transactionDate", "sessionId"} {
			if f[k] != "-" && f[k] != "" {
				parts = append(parts, `"`+k+`":`+f[k])
			}
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	cases := []struct {
		name, path, body, code, msg string
	}{
		// Bad Request.
		{"not json", ovoclient.PathTopUp, `customerNumber=0812`, "4003800", "Bad Request"},
		{"array", ovoclient.PathTopUp, `[]`, "4003800", "Bad Request"},
		{"string", ovoclient.PathInquiry, `"x"`, "4003700", "Bad Request"},
		{"trailing data", ovoclient.PathTopUp, topup(nil) + `{}`, "4003800", "Bad Request"},
		{"empty", ovoclient.PathTopUpStatus, ``, "4003900", "Bad Request"},
		// Mandatory fields.
		{"topup no ref", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": "-"}), "4003802", "Invalid Mandatory Field {partnerReferenceNo}"},
		{"topup empty ref", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `""`}), "4003802", "Invalid Mandatory Field {partnerReferenceNo}"},
		{"topup no number", ovoclient.PathTopUp, topup(map[string]string{"customerNumber": "-"}), "4003802", "Invalid Mandatory Field {customerNumber}"},
		{"topup null number", ovoclient.PathTopUp, topup(map[string]string{"customerNumber": "null"}), "4003802", "Invalid Mandatory Field {customerNumber}"},
		{"topup no amount", ovoclient.PathTopUp, topup(map[string]string{"amount": "-"}), "4003802", "Invalid Mandatory Field {amount}"},
		{"topup no amount value", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"currency":"IDR"}`}), "4003802", "Invalid Mandatory Field {amount.value}"},
		{"topup no currency", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"50000.00"}`}), "4003802", "Invalid Mandatory Field {amount.currency}"},
		{"inquiry no number", ovoclient.PathInquiry, `{"amount":` + amt + `,"transactionDate":` + ts + `}`, "4003702", "Invalid Mandatory Field {customerNumber}"},
		{"inquiry no amount", ovoclient.PathInquiry, `{"customerNumber":"081234567890","transactionDate":` + ts + `}`, "4003702", "Invalid Mandatory Field {amount}"},
		{"status no ref", ovoclient.PathTopUpStatus, `{"serviceCode":"38"}`, "4003902", "Invalid Mandatory Field {originalPartnerReferenceNo}"},
		{"status no service", ovoclient.PathTopUpStatus, `{"originalPartnerReferenceNo":"R"}`, "4003902", "Invalid Mandatory Field {serviceCode}"},
		// Formats.
		{"ref too long", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `"` + strings.Repeat("r", 65) + `"`}), "4003801", "Invalid Field Format {partnerReferenceNo}"},
		{"ref with space", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `"a b"`}), "4003801", "Invalid Field Format {partnerReferenceNo}"},
		{"ref a number", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `12`}), "4003801", "Invalid Field Format {partnerReferenceNo}"},
		{"number +62", ovoclient.PathTopUp, topup(map[string]string{"customerNumber": `"+6281234567890"`}), "4003801", "Invalid Field Format {customerNumber}"},
		{"number short", ovoclient.PathTopUp, topup(map[string]string{"customerNumber": `"081234567"`}), "4003801", "Invalid Field Format {customerNumber}"},
		{"number long", ovoclient.PathTopUp, topup(map[string]string{"customerNumber": `"08123456789012"`}), "4003801", "Invalid Field Format {customerNumber}"},
		{"number spaced", ovoclient.PathInquiry, `{"customerNumber":"0812 3456 7890","amount":` + amt + `,"transactionDate":` + ts + `}`, "4003701", "Invalid Field Format {customerNumber}"},
		{"amount no decimals", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"50000","currency":"IDR"}`}), "4003801", "Invalid Field Format {amount.value}"},
		{"amount one decimal", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"50000.0","currency":"IDR"}`}), "4003801", "Invalid Field Format {amount.value}"},
		{"amount cents", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"50000.50","currency":"IDR"}`}), "4003801", "Invalid Field Format {amount.value}"},
		{"amount negative", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"-50000.00","currency":"IDR"}`}), "4003801", "Invalid Field Format {amount.value}"},
		{"amount number", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":50000,"currency":"IDR"}`}), "4003801", "Invalid Field Format {amount.value}"},
		{"amount a string", ovoclient.PathTopUp, topup(map[string]string{"amount": `"50000.00"`}), "4003801", "Invalid Field Format {amount}"},
		{"amount huge", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"1234567890123456.00","currency":"IDR"}`}), "4003801", "Invalid Field Format {amount.value}"},
		{"currency USD", ovoclient.PathTopUp, topup(map[string]string{"amount": `{"value":"50000.00","currency":"USD"}`}), "4003801", "Invalid Field Format {amount.currency}"},
		{"fee cents", ovoclient.PathTopUp, topup(map[string]string{"feeAmount": `{"value":"1000.01","currency":"IDR"}`}), "4003801", "Invalid Field Format {feeAmount.value}"},
		{"session too long", ovoclient.PathTopUp, topup(map[string]string{"sessionId": `"` + strings.Repeat("s", 129) + `"`}), "4003801", "Invalid Field Format {sessionId}"},
		{"date garbage", ovoclient.PathTopUp, topup(map[string]string{"transactionDate": `"today"`}), "4003801", "Invalid Field Format {transactionDate}"},
		{"fee null ok but bad", ovoclient.PathTopUp, topup(map[string]string{"feeAmount": `{"value":"999.00","currency":"IDR"}`}), "4003801", "Invalid Field Format {feeAmount}"},
		{"date lowercase z", ovoclient.PathTopUp, topup(map[string]string{"transactionDate": `"2026-11-23T12:05:00z"`}), "4003801", "Invalid Field Format {transactionDate}"},
		{"date no offset", ovoclient.PathInquiry, `{"customerNumber":"081234567890","amount":` + amt + `,"transactionDate":"2026-11-23T19:05:00"}`, "4003701", "Invalid Field Format {transactionDate}"},
		{"additionalInfo not object", ovoclient.PathTopUp, `{"additionalInfo":3}`, "4003801", "Invalid Field Format {additionalInfo}"},
		{"status service 37", ovoclient.PathTopUpStatus, `{"originalPartnerReferenceNo":"R","serviceCode":"37"}`, "4003901", "Invalid Field Format {serviceCode}"},
		{"status service number", ovoclient.PathTopUpStatus, `{"originalPartnerReferenceNo":"R","serviceCode":38}`, "4003901", "Invalid Field Format {serviceCode}"},
		// Accepted shapes: every field ASPI marks optional may be left out
		// (transactionDate on 37 and 38, feeAmount on 38), and a date in UTC.
		{"topup ok", ovoclient.PathTopUp, topup(nil), "2003800", ""},
		{"topup no fee", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `"V-2"`, "feeAmount": "-"}), "2003800", ""},
		{"topup no date", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `"V-3"`, "transactionDate": "-"}), "2003800", ""},
		{"topup date in UTC", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `"V-4"`, "transactionDate": `"2026-11-23T12:05:00Z"`}), "2003800", ""},
		{"topup date with millis", ovoclient.PathTopUp, topup(map[string]string{"partnerReferenceNo": `"V-5"`, "transactionDate": `"2026-11-23T19:05:00.123+07:00"`}), "2003800", ""},
		{"inquiry no date", ovoclient.PathInquiry, `{"customerNumber":"081234567890","amount":` + amt + `}`, "2003700", ""},
		{"inquiry minimal", ovoclient.PathInquiry, `{"customerNumber":"081234567890","amount":` + amt + `}`, "2003700", ""},
		{"unknown fields ignored", ovoclient.PathTopUpStatus, `{"originalPartnerReferenceNo":"V-1","serviceCode":"38","extra":[1,2]}`, "2003900", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, h.send(h.api(tc.path, tc.body)), tc.code, tc.msg)
		})
	}
}
