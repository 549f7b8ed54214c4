package ovosim

import (
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

func TestInquiry(t *testing.T) {
	h := newHarness(t, nil)
	res := h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 50_000)))
	expect(t, res, "2003700", "Successful")
	money := func(k string) string { return res.json[k].(map[string]any)["value"].(string) }
	if res.json["customerName"] != "Budi Santoso" || res.json["customerNumber"] != NumberBudi ||
		res.json["partnerReferenceNo"] != "INQ-1" || res.json["feeType"] != "Admin fee" ||
		money("feeAmount") != "1000.00" || money("amount") != "50000.00" || money("minAmount") != "10000.00" ||
		money("maxAmount") != "10000000.00" || money("customerMonthlyInLimit") != "20000000.00" ||
		res.json["sessionId"] == "" || res.json["referenceNo"] == "" {
		t.Fatalf("inquiry answer %s", res.raw)
	}
	// The inquiry does not judge the amount: the limits are in the answer.
	expect(t, h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 10_000_001))), "2003700", "")
	expect(t, h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 1))), "2003700", "")
}

func TestCustomerBookInquiry(t *testing.T) {
	h := newHarness(t, nil)
	cases := []struct{ phone, code, name string }{
		{NumberBudi, "2003700", "Budi Santoso"},
		{NumberSiti, "2003700", "Siti Rahayu"},
		{NumberNotRegistered, "4043711", ""},
		{NumberInactive, "4033718", ""},
		{NumberDoNotHonor, "4033705", ""},
		{NumberFullWallet, "2003700", "Sandbox Full Wallet"},
		{NumberNoResponse, "2003700", "Sandbox Timeout"},
		{NumberServerError, "2003700", "Sandbox Error"},
		{NumberPendingSuccess, "2003700", "Sandbox Pending"},
		{NumberPendingFail, "2003700", "Sandbox Pending Fail"},
		{"0812000000001", "2003700", generatedName("0812000000001")},
	}
	for _, tc := range cases {
		res := h.send(h.api(ovoclient.PathInquiry, inquiryBody(tc.phone, 20_000)))
		expect(t, res, tc.code, "")
		if tc.name != "" && res.json["customerName"] != tc.name {
			t.Errorf("%s: name %v", tc.phone, res.json["customerName"])
		}
	}
	if n := generatedName("0812000000001"); n != generatedName("0812000000001") || !strings.Contains(n, " ") {
		t.Fatalf("generated name %q", n)
	}
	if c, ok := h.sim.Customer(NumberNotRegistered); ok {
		t.Fatalf("404 number has an account: %+v", c)
	}
}

func TestTopUpSuccess(t *testing.T) {
	h := newHarness(t, nil)
	inq := h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 100_000)))
	session := inq.json["sessionId"].(string)
	c := h.api(ovoclient.PathTopUp, topUpBody("REF-OK", NumberBudi, 100_000, 1_000, session))
	c.extID = "777"
	res := h.send(c)
	expect(t, res, "2003800", "Successful")
	if res.json["partnerReferenceNo"] != "REF-OK" || res.json["sessionId"] != session || res.json["customerNumber"] != NumberBudi ||
		res.json["amount"].(map[string]any)["value"] != "100000.00" || res.json["referenceNo"] == "" {
		t.Fatalf("top up answer %s", res.raw)
	}
	if d := h.sim.Deposit(); d != DefaultDeposit-100_000 {
		t.Fatalf("deposit %d", d)
	}
	if cu, _ := h.sim.Customer(NumberBudi); cu.Balance != 250_000+99_000 || cu.MonthlyIn != 99_000 {
		t.Fatalf("customer %+v", cu)
	}
	if h.sim.Applied("REF-OK") != 1 {
		t.Fatal("not applied once")
	}
	st := h.send(h.api(ovoclient.PathTopUpStatus, statusBody("REF-OK")))
	expect(t, st, "2003900", "Successful")
	if st.json["latestTransactionStatus"] != "00" || st.json["transactionStatusDesc"] != "Success" ||
		st.json["originalReferenceNo"] != res.json["referenceNo"] || st.json["originalExternalId"] != "777" ||
		st.json["serviceCode"] != "38" || st.json["amount"].(map[string]any)["value"] != "100000.00" {
		t.Fatalf("status %s", st.raw)
	}
	// The same reference again: duplicate, nothing moves.
	expect(t, h.topUp("REF-OK", NumberBudi, 100_000), "4093801", "Duplicate partnerReferenceNo")
	if h.sim.Applied("REF-OK") != 1 || h.sim.Deposit() != DefaultDeposit-100_000 {
		t.Fatal("duplicate moved money")
	}
	// The inquiry's remaining monthly limit follows.
	inq = h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 100_000)))
	if v := inq.json["customerMonthlyInLimit"].(map[string]any)["value"]; v != "19901000.00" {
		t.Fatalf("monthly limit %v", v)
	}
}

func TestTopUpRefusals(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Deposit = 1_000_000 })
	otherSession := h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberSiti, 20_000))).json["sessionId"].(string)
	cases := []struct {
		name, ref, phone string
		amount           int64
		session          string
		code, msg        string
	}{
		{"below minimum", "R-MIN", NumberBudi, 9_999, "", "4043813", "Invalid Amount"},
		{"above maximum", "R-MAX", NumberBudi, 10_000_001, "", "4033802", "Exceeds Transaction Amount Limit"},
		{"deposit too low", "R-DEP", NumberBudi, 1_000_001, "", "4033814", "Insufficient Funds"},
		{"no account", "R-404", NumberNotRegistered, 20_000, "", "4043811", "Invalid Card/Account/Customer"},
		{"inactive", "R-418", NumberInactive, 20_000, "", "4033818", "Inactive Card/Account/Customer"},
		{"do not honor", "R-405", NumberDoNotHonor, 20_000, "", "4033805", "Do Not Honor"},
		{"balance cap", "R-CAP", NumberFullWallet, 20_000, "", "4033823", "Account Limit Exceed"},
		{"session of another customer", "R-SES", NumberBudi, 20_000, otherSession, "4043818", "Inconsistent Request"},
		{"session garbage", "R-SES2", NumberBudi, 20_000, "abc", "4043818", "Inconsistent Request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, h.send(h.api(ovoclient.PathTopUp, topUpBody(tc.ref, tc.phone, tc.amount, DefaultFee, tc.session))), tc.code, tc.msg)
			if d := h.sim.Deposit(); d != 1_000_000 {
				t.Fatalf("deposit %d", d)
			}
			if h.sim.Applied(tc.ref) != 0 {
				t.Fatal("applied")
			}
			tx, ok := h.sim.Transaction(tc.ref)
			if !ok || tx.Status != "06" || tx.StatusDesc != tc.msg || tx.ResponseCode != tc.code {
				t.Fatalf("remembered %+v", tx)
			}
			st := h.send(h.api(ovoclient.PathTopUpStatus, statusBody(tc.ref)))
			if st.json["latestTransactionStatus"] != "06" || st.json["transactionStatusDesc"] != tc.msg {
				t.Fatalf("status %s", st.raw)
			}
			// A refused reference stays used.
			expect(t, h.send(h.api(ovoclient.PathTopUp, topUpBody(tc.ref, NumberBudi, 20_000, DefaultFee, ""))), "4093801", "")
		})
	}
	// Exactly the deposit is fine and leaves zero.
	expect(t, h.topUp("R-ALL", NumberBudi, 1_000_000), "2003800", "")
	if d := h.sim.Deposit(); d != 0 {
		t.Fatalf("deposit %d", d)
	}
	expect(t, h.topUp("R-NONE", NumberBudi, 10_000), "4033814", "")
}

func TestMonthlyLimit(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.MonthlyInLimit = 100_000 })
	expect(t, h.topUp("M1", NumberSiti, 60_000), "2003800", "")
	expect(t, h.topUp("M2", NumberSiti, 60_000), "4033823", "Account Limit Exceed")
	expect(t, h.topUp("M3", NumberSiti, 42_000), "2003800", "") // 59,000 + 41,000 = 100,000
	// A new month starts from zero.
	h.clock.Advance(8 * 24 * 3600 * 1e9)
	h.token = h.newToken()
	expect(t, h.topUp("M4", NumberSiti, 60_000), "2003800", "")
}

func TestFeeSchedule(t *testing.T) {
	sched := FeeSchedule(FeeTier{UpTo: 100_000, Fee: 500}, FeeTier{UpTo: 1_000_000, Fee: 1_000}, FeeTier{Fee: 2_500})
	for amount, want := range map[int64]int64{10_000: 500, 100_000: 500, 100_001: 1_000, 1_000_000: 1_000, 5_000_000: 2_500} {
		if got := sched(amount); got != want {
			t.Errorf("fee(%d) = %d, want %d", amount, got, want)
		}
	}
	if FeeSchedule()(10) != 0 || FeeSchedule(FeeTier{UpTo: 5, Fee: 7})(10) != 7 {
		t.Error("edge schedules")
	}
	h := newHarness(t, func(c *Config) { c.Fee = sched })
	res := h.send(h.api(ovoclient.PathInquiry, inquiryBody(NumberBudi, 200_000)))
	if v := res.json["feeAmount"].(map[string]any)["value"]; v != "1000.00" {
		t.Fatalf("fee %v", v)
	}
	expect(t, h.send(h.api(ovoclient.PathTopUp, topUpBody("F1", NumberBudi, 200_000, 500, ""))), "4003801", "Invalid Field Format {feeAmount}")
	if _, ok := h.sim.Transaction("F1"); ok {
		t.Fatal("a malformed top up was remembered")
	}
	expect(t, h.send(h.api(ovoclient.PathTopUp, topUpBody("F1", NumberBudi, 200_000, 1_000, ""))), "2003800", "")
	if cu, _ := h.sim.Customer(NumberBudi); cu.Balance != 250_000+199_000 {
		t.Fatalf("balance %d", cu.Balance)
	}
}

func TestTopUpServerErrorNumber(t *testing.T) {
	h := newHarness(t, nil)
	expect(t, h.topUp("E500", NumberServerError, 50_000), "5003801", "Internal Server Error")
	if h.sim.Applied("E500") != 0 || h.sim.Deposit() != DefaultDeposit {
		t.Fatal("500 applied")
	}
	if s := h.status("E500"); s != "07" {
		t.Fatalf("status %s", s)
	}
	// Nothing was remembered, so the same reference gets the same answer.
	expect(t, h.topUp("E500", NumberServerError, 50_000), "5003801", "")
}

func TestStatusUnknownAndServiceCode(t *testing.T) {
	h := newHarness(t, nil)
	res := h.send(h.api(ovoclient.PathTopUpStatus, statusBody("NEVER")))
	expect(t, res, "2003900", "Successful")
	if res.json["latestTransactionStatus"] != "07" || res.json["transactionStatusDesc"] != "Not found" ||
		res.json["originalPartnerReferenceNo"] != "NEVER" || res.json["serviceCode"] != "38" {
		t.Fatalf("status %s", res.raw)
	}
	expect(t, h.send(h.api(ovoclient.PathTopUpStatus, `{"originalPartnerReferenceNo":"NEVER","serviceCode":"37"}`)),
		"4003901", "Invalid Field Format {serviceCode}")
}
