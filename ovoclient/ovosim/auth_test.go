package ovosim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

func TestTokenSuccess(t *testing.T) {
	h := newHarness(t, nil)
	res := h.send(h.tokenCall())
	expect(t, res, "2007300", "Successful")
	if res.json["tokenType"] != "Bearer" || res.json["expiresIn"] != "900" || res.json["accessToken"] == "" {
		t.Fatalf("token answer %s", res.raw)
	}
	if res.status != http.StatusOK {
		t.Fatal(res.status)
	}
}

// SNAP.md's published vector: its exact X-SIGNATURE is accepted.
func TestTokenSNAPVector(t *testing.T) {
	h := newHarness(t, nil)
	h.clock.t = time.Date(2020, 1, 1, 0, 1, 0, 0, ovo.Jakarta)
	c := h.tokenCall()
	c.ts = "2020-01-01T00:00:00+07:00"
	c.headers = map[string]string{ovoclient.HeaderSignature: "X/lph2iR9UKSJ5tZw4/nLuS/tkbtYx+121kvkleRrJj1xFw/zVB/shastWcS9tzu21fnzQYk4lRliqt5S9JRjJ5bZsnH/Jc+cq7q/GJtMwRxJXglX6vfZ/2Q4HXSOBWY9toXN35/T8lS71KS1mxcp5dByWs3RZjJdBReBRy18yvHskhlV5G/pwUnxpAkdSSIVgFpGbFBAhCmAX95+V1bDczlMUOw3z9PyQ97nOMJ/aSfSA7kcJpJrAFwGf/W+8TbjDTZ151smpwyctGRPPMQ6IN85N7q1IN/1EBE5TsATlh2ekSygv4PfKX8V1Z5aSz5m2Cs35J9pCg4rFAskWiU4Q=="}
	expect(t, h.send(c), "2007300", "Successful")
}

func TestTokenRefusals(t *testing.T) {
	h := newHarness(t, nil)
	_, wrongKey := keys(t)
	stale := ovoclient.FormatTimestamp(h.clock.Now().Add(-6 * time.Minute))
	future := ovoclient.FormatTimestamp(h.clock.Now().Add(6 * time.Minute))
	cases := []struct {
		name      string
		mod       func(*call)
		code, msg string
	}{
		{"missing timestamp", func(c *call) { c.headers = map[string]string{ovoclient.HeaderTimestamp: "-"} }, "4007302", "Invalid Mandatory Field {X-TIMESTAMP}"},
		{"missing client key", func(c *call) { c.headers = map[string]string{ovoclient.HeaderClientKey: "-"} }, "4007302", "Invalid Mandatory Field {X-CLIENT-KEY}"},
		{"missing signature", func(c *call) { c.headers = map[string]string{ovoclient.HeaderSignature: "-"} }, "4007302", "Invalid Mandatory Field {X-SIGNATURE}"},
		{"missing content type", func(c *call) { c.headers = map[string]string{"Content-Type": "-"} }, "4007302", "Invalid Mandatory Field {Content-Type}"},
		{"wrong content type", func(c *call) { c.headers = map[string]string{"Content-Type": "text/plain"} }, "4007301", "Invalid Field Format {Content-Type}"},
		{"timestamp without offset", func(c *call) { c.ts = "2026-11-23T19:05:00" }, "4007301", "Invalid Field Format {X-TIMESTAMP}"},
		{"timestamp garbage", func(c *call) { c.ts = "yesterday" }, "4007301", "Invalid Field Format {X-TIMESTAMP}"},
		{"unknown client", func(c *call) { c.clientID = "someone-else" }, "4017300", "Unauthorized. [Unknown client]"},
		{"wrong key", func(c *call) { c.key = wrongKey }, "4017300", "Unauthorized. [Signature]"},
		{"signature not base64", func(c *call) { c.headers = map[string]string{ovoclient.HeaderSignature: "!!!"} }, "4017300", "Unauthorized. [Signature]"},
		{"stale timestamp", func(c *call) { c.ts = stale }, "4017300", "Unauthorized. [Timestamp]"},
		{"future timestamp", func(c *call) { c.ts = future }, "4017300", "Unauthorized. [Timestamp]"},
		{"body garbage", func(c *call) { c.body = "grantType=client_credentials" }, "4007300", "Bad Request"},
		{"body empty", func(c *call) { c.body = "" }, "4007300", "Bad Request"},
		{"grant type missing", func(c *call) { c.body = `{}` }, "4007302", "Invalid Mandatory Field {grantType}"},
		{"grant type wrong", func(c *call) { c.body = `{"grantType":"password"}` }, "4007301", "Invalid Field Format {grantType}"},
		{"grant type not a string", func(c *call) { c.body = `{"grantType":1}` }, "4007301", "Invalid Field Format {grantType}"},
		{"wrong method", func(c *call) { c.method = http.MethodGet }, "4057300", "Requested Function Is Not Supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := h.tokenCall()
			tc.mod(&c)
			expect(t, h.send(c), tc.code, tc.msg)
		})
	}
	// The window is inclusive of its edge, both ways.
	c := h.tokenCall()
	c.ts = ovoclient.FormatTimestamp(h.clock.Now().Add(-5 * time.Minute))
	expect(t, h.send(c), "2007300", "")
	c.ts = ovoclient.FormatTimestamp(h.clock.Now().Add(5 * time.Minute))
	expect(t, h.send(c), "2007300", "")
	// Without milliseconds and in another offset is the same instant.
	c.ts = h.clock.Now().UTC().Format("2006-01-02T15:04:05-07:00")
	expect(t, h.send(c), "2007300", "")
	// The Z designator (ISO 8601 / W3C TZD), with and without milliseconds.
	c.ts = h.clock.Now().UTC().Format("2006-01-02T15:04:05Z")
	expect(t, h.send(c), "2007300", "")
	c.ts = h.clock.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	expect(t, h.send(c), "2007300", "")
}

func TestTransactionalAuth(t *testing.T) {
	h := newHarness(t, nil)
	body := statusBody("REF-1")
	stale := ovoclient.FormatTimestamp(h.clock.Now().Add(-5*time.Minute - time.Millisecond))
	tampered := strings.Replace(body, "REF-1", "REF-2", 1)
	cases := []struct {
		name      string
		mod       func(*call)
		code, msg string
	}{
		{"honest", func(c *call) {}, "2003900", "Successful"},
		{"honest with whitespace", func(c *call) { c.body = "{ \"originalPartnerReferenceNo\" : \"REF-1\",\n \"serviceCode\": \"38\" }" }, "2003900", "Successful"},
		{"missing authorization", func(c *call) { c.headers = map[string]string{"Authorization": "-"} }, "4003902", "Invalid Mandatory Field {Authorization}"},
		{"missing timestamp", func(c *call) { c.headers = map[string]string{ovoclient.HeaderTimestamp: "-"} }, "4003902", "Invalid Mandatory Field {X-TIMESTAMP}"},
		{"missing signature", func(c *call) { c.headers = map[string]string{ovoclient.HeaderSignature: "-"} }, "4003902", "Invalid Mandatory Field {X-SIGNATURE}"},
		{"missing partner", func(c *call) { c.headers = map[string]string{ovoclient.HeaderPartnerID: "-"} }, "4003902", "Invalid Mandatory Field {X-PARTNER-ID}"},
		{"missing external id", func(c *call) { c.headers = map[string]string{ovoclient.HeaderExternalID: "-"} }, "4003902", "Invalid Mandatory Field {X-EXTERNAL-ID}"},
		{"missing channel", func(c *call) { c.headers = map[string]string{ovoclient.HeaderChannelID: "-"} }, "4003902", "Invalid Mandatory Field {CHANNEL-ID}"},
		{"missing content type", func(c *call) { c.headers = map[string]string{"Content-Type": "-"} }, "4003902", "Invalid Mandatory Field {Content-Type}"},
		{"content type with charset", func(c *call) { c.headers = map[string]string{"Content-Type": "application/json; charset=utf-8"} }, "2003900", ""},
		{"timestamp format", func(c *call) { c.ts = "2026-11-23 19:05:00+07:00" }, "4003901", "Invalid Field Format {X-TIMESTAMP}"},
		{"timestamp in UTC with Z", func(c *call) { c.ts = h.clock.Now().UTC().Format("2006-01-02T15:04:05.000Z") }, "2003900", ""},
		{"external id letters", func(c *call) { c.extID = "12ab" }, "4003901", "Invalid Field Format {X-EXTERNAL-ID}"},
		{"external id 37 digits", func(c *call) { c.extID = strings.Repeat("1", 37) }, "4003901", "Invalid Field Format {X-EXTERNAL-ID}"},
		{"external id 36 digits", func(c *call) { c.extID = strings.Repeat("7", 36) }, "2003900", ""},
		{"channel too long", func(c *call) { c.headers = map[string]string{ovoclient.HeaderChannelID: "952211"} }, "4003901", "Invalid Field Format {CHANNEL-ID}"},
		{"unknown token", func(c *call) { c.token = ptr("not-a-token") }, "4013901", "Invalid Token (B2B)"},
		{"not bearer", func(c *call) { c.headers = map[string]string{"Authorization": "Basic " + h.token} }, "4013901", "Invalid Token (B2B)"},
		{"stale timestamp", func(c *call) { c.ts = stale }, "4013900", "Unauthorized. [Timestamp]"},
		{"tampered body", func(c *call) { c.signBody = &body; c.body = tampered }, "4013900", "Unauthorized. [Signature]"},
		{"wrong secret", func(c *call) { c.secret = "another secret" }, "4013900", "Unauthorized. [Signature]"},
		{"signature over another path", func(c *call) { c.signTarget = ovoclient.PathTopUp }, "4013900", "Unauthorized. [Signature]"},
		{"query not signed", func(c *call) { c.target = c.path + "?a=1"; c.signTarget = c.path }, "4013900", "Unauthorized. [Signature]"},
		{"query signed", func(c *call) { c.target = c.path + "?a=1" }, "2003900", ""},
		{"signature over another timestamp", func(c *call) {
			c.headers = map[string]string{ovoclient.HeaderTimestamp: ovoclient.FormatTimestamp(h.clock.Now().Add(time.Second))}
		}, "4013900", "Unauthorized. [Signature]"},
		{"wrong partner", func(c *call) { c.clientID = "other-partner" }, "4013900", "Unauthorized. [Unknown partner]"},
		{"body too large", func(c *call) { c.body = `{"x":"` + strings.Repeat("a", MaxBodyBytes) + `"}` }, "4003900", ""},
		{"wrong method", func(c *call) { c.method = http.MethodGet }, "4053900", "Requested Function Is Not Supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := h.api(ovoclient.PathTopUpStatus, body)
			tc.mod(&c)
			expect(t, h.send(c), tc.code, tc.msg)
		})
	}
}

func TestUnknownPath(t *testing.T) {
	h := newHarness(t, nil)
	for _, p := range []string{"/", "/OVOSNAP/v2.0/emoney/topup/", "/api/v1/balance-inquiry"} {
		c := h.api(p, "{}")
		c.path = p
		res := h.send(c)
		expect(t, res, "4040002", "Invalid Routing")
	}
}

func TestTokenExpiry(t *testing.T) {
	h := newHarness(t, nil)
	bal := h.api(ovoclient.PathBalance, "")
	expect(t, h.send(bal), "2001100", "Successful")
	h.clock.Advance(DefaultTokenTTL - time.Millisecond)
	expect(t, h.send(bal), "2001100", "Successful")
	h.clock.Advance(time.Millisecond)
	expect(t, h.send(bal), "4011101", "Invalid Token (B2B)")
	h.token = h.newToken()
	expect(t, h.send(bal), "2001100", "Successful")
	h.sim.ExpireTokens()
	expect(t, h.send(bal), "4011101", "Invalid Token (B2B)")
}

func TestTokenTTLConfig(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TokenTTL = 90*time.Second + time.Millisecond })
	if got := h.send(h.tokenCall()).json["expiresIn"]; got != "91" {
		t.Fatalf("expiresIn %v", got)
	}
}

// SNAP.md's symmetric fixtures verify: the top up passes authentication and
// the balance call succeeds.
func TestSymmetricFixtures(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Fee = FlatFee(0) })
	h.clock.t = time.Date(2020, 12, 21, 17, 7, 30, 0, ovo.Jakarta)
	h.sim.mu.Lock()
	h.sim.tokens[fixtureToken] = h.clock.Now().Add(time.Hour)
	h.sim.mu.Unlock()
	ts := "2020-12-21T17:07:11+07:00"
	topup := h.api(ovoclient.PathTopUp, `{"partnerReferenceNo":"2020102900000000000001","customerNumber":"081234567890","customerName":"John Doe","amount":{"value":"10000.00","currency":"IDR"},"feeAmount":{"value":"0.00","currency":"IDR"},"transactionDate":"2020-12-21T17:01:11+07:00"}`)
	topup.ts, topup.token = ts, ptr(fixtureToken)
	topup.headers = map[string]string{ovoclient.HeaderSignature: "CGNn0K4tDp6gFBXAj8B4USncyYgeWozs8Bo1uHdb+ecr9XlyYsmTWOMdCU1ONaMusTDhM6EP1oXOcHM+1EBLlA=="}
	expect(t, h.send(topup), "2003800", "Successful")
	bal := h.api(ovoclient.PathBalance, "")
	bal.ts, bal.token = ts, ptr(fixtureToken)
	bal.headers = map[string]string{ovoclient.HeaderSignature: "F5hk3/naEDB62XVSOZlPyqy1BTIEwLOd6IfAEEjyy2C6Qg2+d7KRot36GFwsQ1ds3orqTbC7uRYLiGsmlenaTQ=="}
	res := h.send(bal)
	expect(t, res, "2001100", "Successful")
	info := res.json["accountInfos"].([]any)[0].(map[string]any)
	if info["balanceType"] != "DEPOSIT" || info["availableBalance"].(map[string]any)["value"] != "49990000.00" {
		t.Fatalf("balance %s", res.raw)
	}
}

func TestExternalIDReuse(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TokenTTL = 72 * time.Hour })
	for _, c := range []call{
		h.api(ovoclient.PathBalance, ""),
		h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 50_000)),
		h.api(ovoclient.PathTopUpStatus, statusBody("X")),
		h.api(ovoclient.PathTopUp, topUpBody("EXT-REUSE", NumberBudi, 50_000, DefaultFee, "")),
	} {
		c.extID = h.nextExtID()
		first := h.send(c)
		if first.status != http.StatusOK {
			t.Fatalf("%s: %s", c.path, first.raw)
		}
		expect(t, h.send(c), "409"+first.code[3:5]+"00", "Conflict")
	}
	if h.sim.Applied("EXT-REUSE") != 1 {
		t.Fatal("the conflicting repeat moved money")
	}
	// A request refused for its body still consumes its external id.
	bad := h.api(ovoclient.PathTopUpStatus, `{}`)
	bad.extID = "42"
	expect(t, h.send(bad), "4003902", "")
	expect(t, h.send(bad), "4093900", "Conflict")
	// Across Jakarta midnight the id is free again, and old days are forgotten.
	h.clock.Advance(24 * time.Hour)
	ok := h.api(ovoclient.PathTopUpStatus, statusBody("X"))
	ok.extID = "42"
	expect(t, h.send(ok), "2003900", "")
	h.sim.mu.Lock()
	days := len(h.sim.st.extIDs)
	h.sim.mu.Unlock()
	if days != 1 {
		t.Fatalf("%d days of external ids kept", days)
	}
}

// ASPI marks Content-Type mandatory on every call: the GET of the balance
// without it is refused like any other call.
func TestBalanceNeedsContentType(t *testing.T) {
	h := newHarness(t, nil)
	bal := h.api(ovoclient.PathBalance, "")
	bal.headers = map[string]string{"Content-Type": "-"}
	expect(t, h.send(bal), "4001102", "Invalid Mandatory Field {Content-Type}")
	expect(t, h.send(h.api(ovoclient.PathBalance, "")), "2001100", "Successful")
}
