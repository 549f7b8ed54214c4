package golive

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// Defaults of Params.
const (
	// DefaultNegativePhone is a number with no OVO account in the sandbox;
	// on OVO's hosts it is as good a guess as any (a 0811 0000 number).
	DefaultNegativePhone = "081100000404"
	// DefaultAmount is the positive top up: OVO's minimum, Rp10.000.
	DefaultAmount int64 = 10_000
	// DefaultMinAmount and DefaultMaxAmount are the per-transaction limits
	// assumed when an inquiry does not state them (OVO's example limits).
	DefaultMinAmount int64 = 10_000
	DefaultMaxAmount int64 = 10_000_000
	// DefaultStatusPolls is how many times the positive status scenario asks
	// again while the status is not final (01, 02, 03).
	DefaultStatusPolls = 5
	// DefaultStatusInterval is the wait between those asks.
	DefaultStatusInterval = 2 * time.Second
)

// Params are the inputs of the scenarios.
type Params struct {
	// Phone is a registered OVO number (the positive scenarios). Required.
	Phone string
	// NegativePhone is a number with no OVO account. Default
	// DefaultNegativePhone.
	NegativePhone string
	// Amount is the positive top up, in rupiah. Default DefaultAmount.
	Amount int64
	// MinAmount and MaxAmount are the per-transaction limits to assume until
	// an inquiry states OVO's. Defaults DefaultMinAmount, DefaultMaxAmount.
	MinAmount, MaxAmount int64
	// StatusPolls and StatusInterval bound the asking of a status that is not
	// final yet. Defaults DefaultStatusPolls and DefaultStatusInterval.
	StatusPolls    int
	StatusInterval time.Duration
}

func (p Params) withDefaults() Params {
	if p.NegativePhone == "" {
		p.NegativePhone = DefaultNegativePhone
	}
	if p.Amount == 0 {
		p.Amount = DefaultAmount
	}
	if p.MinAmount == 0 {
		p.MinAmount = DefaultMinAmount
	}
	if p.MaxAmount == 0 {
		p.MaxAmount = DefaultMaxAmount
	}
	if p.StatusPolls <= 0 {
		p.StatusPolls = DefaultStatusPolls
	}
	if p.StatusInterval <= 0 {
		p.StatusInterval = DefaultStatusInterval
	}
	return p
}

// Polarity says whether a scenario shows the service working or refusing.
type Polarity string

// Polarities.
const (
	Positive Polarity = "positive"
	Negative Polarity = "negative"
)

// Verdict is the judgement of one scenario.
type Verdict string

// Verdicts. NotApplicable counts as not failing; the report says why.
const (
	Pass          Verdict = "PASS"
	Fail          Verdict = "FAIL"
	NotApplicable Verdict = "N/A"
)

// Scenario is one test case, as data: what it is for, what it sends and what
// it expects. Run it with a Runner.
type Scenario struct {
	Number   int      // 1…8, the order they run in
	Slug     string   // file-name part of the evidence, e.g. "inquiry-positive"
	Title    string   // short, for the table
	Service  string   // the SNAP service(s), e.g. "account-inquiry (37)"
	Polarity Polarity // positive or negative
	Origin   string   // "BI devsite" or "OVO seed"
	Sends    string   // what it sends, in words
	Expects  string   // what a pass looks like, in words
	// Expected is the short form of Expects for the table, e.g. "4043711".
	Expected string

	run func(ctx context.Context, rs *runState) outcome
}

// Scenarios are the eight scenarios in the order they must run (5 asks the
// status of the top up of 3): the six of Bank Indonesia's devsite test
// (inquiry, top up and status, each positive and negative) and the two
// unhappy paths of OVO's seed (above the amount limit, above the deposit).
func Scenarios(p Params) []Scenario {
	p = p.withDefaults()
	return []Scenario{
		{
			Number: 1, Slug: "inquiry-positive", Title: "inquiry, registered number", Service: "account-inquiry (37)",
			Polarity: Positive, Origin: "BI devsite",
			Sends:    fmt.Sprintf("account-inquiry of %s for %s", p.Phone, Rupiah(p.Amount)),
			Expects:  "2003700 Successful, with the OVO account name",
			Expected: "2003700",
			run:      inquiryPositive,
		},
		{
			Number: 2, Slug: "inquiry-negative", Title: "inquiry, no OVO account", Service: "account-inquiry (37)",
			Polarity: Negative, Origin: "BI devsite",
			Sends:    fmt.Sprintf("account-inquiry of %s, a number with no OVO account, for %s", p.NegativePhone, Rupiah(p.Amount)),
			Expects:  "4043711 Invalid Card/Account/Customer",
			Expected: "4043711",
			run:      inquiryNegative,
		},
		{
			Number: 3, Slug: "topup-positive", Title: "top up, minimum amount", Service: "topup (38)",
			Polarity: Positive, Origin: "BI devsite",
			Sends:    fmt.Sprintf("account-inquiry of %s, then a top up of %s with the inquiry's fee and sessionId", p.Phone, Rupiah(p.Amount)),
			Expects:  "2003800 Successful, with OVO's referenceNo",
			Expected: "2003800",
			run:      topUpPositive,
		},
		{
			Number: 4, Slug: "topup-negative", Title: "top up, no OVO account", Service: "topup (38)",
			Polarity: Negative, Origin: "BI devsite",
			Sends:    fmt.Sprintf("a top up of %s to %s, a number with no OVO account (fee from an inquiry of %s for the same amount)", Rupiah(p.Amount), p.NegativePhone, p.Phone),
			Expects:  "4043811 Invalid Card/Account/Customer; no money moves",
			Expected: "4043811",
			run:      topUpNegative,
		},
		{
			Number: 5, Slug: "status-positive", Title: "status of the top up of #3", Service: "topup-status (39)",
			Polarity: Positive, Origin: "BI devsite",
			Sends:    "topup-status of scenario 3's partnerReferenceNo (with its referenceNo and X-EXTERNAL-ID)",
			Expects:  "2003900 Successful with latestTransactionStatus 00 (Success)",
			Expected: "2003900 / 00",
			run:      statusPositive,
		},
		{
			Number: 6, Slug: "status-negative", Title: "status of an unknown reference", Service: "topup-status (39)",
			Polarity: Negative, Origin: "BI devsite",
			Sends:    "topup-status of a fresh partnerReferenceNo that was never sent",
			Expects:  "4043901 Transaction Not Found, or 2003900 with latestTransactionStatus 07 (Not found)",
			Expected: "4043901 or 2003900 / 07",
			run:      statusNegative,
		},
		{
			Number: 7, Slug: "above-limit", Title: "top up above the amount limit", Service: "topup (38)",
			Polarity: Negative, Origin: "OVO seed",
			Sends:    fmt.Sprintf("a top up to %s of the per-transaction maximum plus Rp1 (%s unless OVO's inquiry states another maximum)", p.Phone, Rupiah(p.MaxAmount+1)),
			Expects:  "4033802 Exceeds Transaction Amount Limit; no money moves",
			Expected: "4033802",
			run:      aboveLimit,
		},
		{
			Number: 8, Slug: "deposit-control", Title: "top up above the deposit", Service: "balance (11), topup (38)",
			Polarity: Negative, Origin: "OVO seed",
			Sends:    fmt.Sprintf("read the merchant deposit B, then a top up to %s of B + Rp1", p.Phone),
			Expects:  "4033814 Insufficient Funds; no money moves (N/A when B + Rp1 is above the per-transaction maximum)",
			Expected: "4033814",
			run:      depositControl,
		},
	}
}

// Result is the judgement of one scenario.
type Result struct {
	Scenario Scenario
	Verdict  Verdict
	Got      string   // what came back, e.g. "4043711 Invalid Card/Account/Customer"
	Reason   string   // why it failed or is not applicable; "" on a pass
	Notes    []string // what happened on the way (references, amounts, fallbacks)
	// Evidence is the path of the evidence file ("" if it could not be written).
	Evidence       string
	Started, Ended time.Time
	Exchanges      int // how many HTTP exchanges the scenario made
}

// outcome is what a scenario's run function decides.
type outcome struct {
	verdict     Verdict
	got, reason string
}

// runState is what scenarios share during a run and what each one records.
type runState struct {
	client *ovoclient.Client
	rec    *Recorder
	p      Params
	now    func() time.Time

	// learned along the way
	minAmount, maxAmount int64
	limitsFromOVO        bool
	fee                  int64 // last fee OVO quoted
	haveFee              bool
	topUpSent            bool // scenario 3 sent its top up (whatever came back)
	topUpRef             string
	topUpRefNo           string
	topUpExtID           string

	// of the running scenario
	steps []step
	notes []string
}

// step is one exchange of a scenario, with what it was for.
type step struct {
	purpose string
	ex      ovoclient.Exchange
}

func (rs *runState) note(format string, a ...any) {
	rs.notes = append(rs.notes, fmt.Sprintf(format, a...))
}

// do runs one call of the scenario and files the exchanges it caused under
// purpose (a token call under its own name).
func (rs *runState) do(purpose string, call func() error) error {
	err := call()
	for _, ex := range rs.rec.Take() {
		p := purpose
		if ex.Op == "token" {
			p = "B2B access token (fetched because none was cached)"
		}
		rs.steps = append(rs.steps, step{purpose: p, ex: ex})
	}
	return err
}

// learnLimits keeps the limits an inquiry states.
func (rs *runState) learnLimits(q *ovoclient.InquiryResponse) {
	if q.MinAmount != nil && q.MaxAmount != nil && q.MaxAmount.Value > 0 && q.MinAmount.Value <= q.MaxAmount.Value {
		rs.minAmount, rs.maxAmount, rs.limitsFromOVO = q.MinAmount.Value, q.MaxAmount.Value, true
	}
	if q.FeeAmount != nil {
		rs.fee, rs.haveFee = q.FeeAmount.Value, true
	}
}

// newReference is a fresh partnerReferenceNo: 24 digits, the Jakarta time,
// the scenario number and 8 random digits.
func (rs *runState) newReference(scenario int) string {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		n = big.NewInt(rs.now().UnixNano() % 100_000_000)
	}
	return fmt.Sprintf("%s%02d%08d", rs.now().In(ovo.Jakarta).Format("20060102150405"), scenario, n.Int64())
}

// tokenPrefix starts the answer of a call whose access-token call failed
// (nothing of the call itself was sent).
const tokenPrefix = "access-token call: "

// answer describes what came back from a failed call, e.g.
// "4043711 Invalid Card/Account/Customer", "no answer (timeout): …" or,
// when the access-token call failed first, "access-token call: 4017300 …".
func answer(err error) (code, text string) {
	e, ok := ovo.AsError(err)
	if !ok {
		return "", "refused before sending: " + err.Error()
	}
	prefix := ""
	if inner, ok := ovo.AsError(e.Err); ok && inner.Op == "token" && e.Op != "token" {
		e, prefix = inner, tokenPrefix
	} else if e.Op == "token" {
		prefix = tokenPrefix
	}
	switch {
	case e.Code != "":
		text = strings.TrimSpace(e.Code + " " + e.Message)
	case e.HTTPStatus != 0:
		text = fmt.Sprintf("HTTP %d without a SNAP responseCode", e.HTTPStatus)
	default:
		text = "no answer (" + string(e.Reason) + ")"
	}
	if e.Code == "" && e.Err != nil {
		text += ": " + e.Err.Error()
	} else if e.Unknown && e.Err != nil {
		text += " (" + e.Err.Error() + ")" // e.g. a 2003800 without referenceNo
	} else if c, ok := ovo.ParseCode(e.Code); ok && e.HTTPStatus != 0 && c.HTTPStatus != e.HTTPStatus {
		text += fmt.Sprintf(" under HTTP %d", e.HTTPStatus)
	}
	if e.Unknown && e.Op == "topup" {
		text += " (outcome unknown)"
	}
	return e.Code, prefix + text
}

// expectCode judges a call that should be refused with want.
func expectCode(want string, err error, success string) outcome {
	if err == nil {
		return outcome{Fail, success, fmt.Sprintf("expected responseCode %s, got %s", want, success)}
	}
	code, text := answer(err)
	if code == want {
		return outcome{verdict: Pass, got: text}
	}
	return outcome{Fail, text, fmt.Sprintf("expected responseCode %s, got %s", want, text)}
}

// quote is the fee (and sessionId) for amount to phone, from an inquiry; if
// the inquiry fails and a fee is known from an earlier one, that fee is used
// and a note says so.
func (rs *runState) quote(ctx context.Context, purpose, phone string, amount int64) (fee int64, session, name string, err error) {
	var q *ovoclient.InquiryResponse
	err = rs.do(purpose, func() (err error) {
		q, err = rs.client.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: phone, Amount: ovoclient.IDR(amount)})
		return err
	})
	if err == nil {
		rs.learnLimits(q)
		if q.FeeAmount != nil {
			fee = q.FeeAmount.Value
		}
		return fee, q.SessionID, q.CustomerName, nil
	}
	_, text := answer(err)
	if rs.haveFee {
		rs.note("the inquiry before the top up got %s; using the fee of an earlier inquiry, %s", text, Rupiah(rs.fee))
		return rs.fee, "", "", nil
	}
	return 0, "", "", fmt.Errorf("no top up was sent: the inquiry before it got %s, and no earlier inquiry stated the fee", text)
}

func inquiryPositive(ctx context.Context, rs *runState) outcome {
	var q *ovoclient.InquiryResponse
	err := rs.do("the scenario's inquiry", func() (err error) {
		q, err = rs.client.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: rs.p.Phone, Amount: ovoclient.IDR(rs.p.Amount)})
		return err
	})
	if err != nil {
		_, text := answer(err)
		return outcome{Fail, text, "expected responseCode 2003700, got " + text}
	}
	rs.learnLimits(q)
	got := strings.TrimSpace(q.ResponseCode + " " + q.ResponseMessage)
	if q.CustomerName == "" {
		return outcome{Fail, got, "2003700 but without customerName: the cashier cannot show whom the money goes to"}
	}
	rs.note("OVO account name: %s", q.CustomerName)
	if q.FeeAmount != nil {
		rs.note("fee for %s: %s (%s)", Rupiah(rs.p.Amount), Rupiah(q.FeeAmount.Value), q.FeeType)
	}
	if rs.limitsFromOVO {
		rs.note("limits stated by OVO: %s to %s per transaction", Rupiah(rs.minAmount), Rupiah(rs.maxAmount))
	}
	return outcome{verdict: Pass, got: got}
}

func inquiryNegative(ctx context.Context, rs *runState) outcome {
	var q *ovoclient.InquiryResponse
	err := rs.do("the scenario's inquiry", func() (err error) {
		q, err = rs.client.Inquiry(ctx, ovoclient.InquiryRequest{CustomerNumber: rs.p.NegativePhone, Amount: ovoclient.IDR(rs.p.Amount)})
		return err
	})
	success := ""
	if err == nil {
		success = strings.TrimSpace(q.ResponseCode+" "+q.ResponseMessage) + ", " + q.CustomerName
	}
	return expectCode("4043711", err, success)
}

func topUpPositive(ctx context.Context, rs *runState) outcome {
	fee, session, name, err := rs.quote(ctx, "inquiry before the top up (fee, sessionId, name)", rs.p.Phone, rs.p.Amount)
	if err != nil {
		return outcome{Fail, "no top up sent", err.Error()}
	}
	ref := rs.newReference(3)
	rs.note("partnerReferenceNo %s, amount %s, fee %s", ref, Rupiah(rs.p.Amount), Rupiah(fee))
	var r *ovoclient.TopUpResponse
	rs.topUpSent, rs.topUpRef = true, ref
	err = rs.do("the scenario's top up", func() (err error) {
		r, err = rs.client.TopUp(ctx, ovoclient.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: rs.p.Phone, CustomerName: name,
			Amount: ovoclient.IDR(rs.p.Amount), FeeAmount: ovoclient.IDR(fee), SessionID: session})
		return err
	})
	if err != nil {
		if e, ok := ovo.AsError(err); ok {
			rs.topUpExtID = e.ExternalID
		}
		_, text := answer(err)
		reason := "expected responseCode 2003800, got " + text
		if ovo.IsUnknownOutcome(err) {
			reason += "; the top up was not sent again: scenario 5 asks its status"
		}
		return outcome{Fail, text, reason}
	}
	rs.topUpRefNo, rs.topUpExtID = r.ReferenceNo, r.ExternalID
	got := strings.TrimSpace(r.ResponseCode + " " + r.ResponseMessage)
	if r.ReferenceNo == "" {
		return outcome{Fail, got, "2003800 without OVO's referenceNo"}
	}
	rs.note("OVO referenceNo %s", r.ReferenceNo)
	return outcome{verdict: Pass, got: got}
}

func topUpNegative(ctx context.Context, rs *runState) outcome {
	fee, _, _, err := rs.quote(ctx, "inquiry of the registered number for the fee of this amount", rs.p.Phone, rs.p.Amount)
	if err != nil {
		return outcome{Fail, "no top up sent", err.Error()}
	}
	ref := rs.newReference(4)
	rs.note("partnerReferenceNo %s, amount %s, fee %s, to %s", ref, Rupiah(rs.p.Amount), Rupiah(fee), rs.p.NegativePhone)
	var r *ovoclient.TopUpResponse
	err = rs.do("the scenario's top up", func() (err error) {
		r, err = rs.client.TopUp(ctx, ovoclient.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: rs.p.NegativePhone,
			Amount: ovoclient.IDR(rs.p.Amount), FeeAmount: ovoclient.IDR(fee)})
		return err
	})
	return expectCode("4043811", err, topUpSuccess(r))
}

func topUpSuccess(r *ovoclient.TopUpResponse) string {
	if r == nil {
		return ""
	}
	return strings.TrimSpace(r.ResponseCode+" "+r.ResponseMessage) + " (money moved, referenceNo " + r.ReferenceNo + ")"
}

func statusPositive(ctx context.Context, rs *runState) outcome {
	if !rs.topUpSent {
		return outcome{Fail, "nothing asked", "scenario 3 sent no top up, so there is no reference to ask the status of"}
	}
	req := ovoclient.StatusRequest{OriginalPartnerReferenceNo: rs.topUpRef, OriginalReferenceNo: rs.topUpRefNo, OriginalExternalID: rs.topUpExtID}
	rs.note("originalPartnerReferenceNo %s", rs.topUpRef)
	var st *ovoclient.StatusResponse
	for i := 0; ; i++ {
		purpose := "the scenario's status"
		if i > 0 {
			purpose = fmt.Sprintf("the status again (%d), the last one was not final", i)
		}
		err := rs.do(purpose, func() (err error) {
			st, err = rs.client.TopUpStatus(ctx, req)
			return err
		})
		if err != nil {
			_, text := answer(err)
			return outcome{Fail, text, "expected responseCode 2003900 with latestTransactionStatus 00, got " + text}
		}
		if ovo.StatusFinal(st.LatestTransactionStatus) || i+1 >= rs.p.StatusPolls {
			break
		}
		select {
		case <-ctx.Done():
			return outcome{Fail, statusText(st), "interrupted while the status was not final: " + ctx.Err().Error()}
		case <-time.After(rs.p.StatusInterval):
		}
	}
	got := statusText(st)
	if st.LatestTransactionStatus != ovo.StatusSuccess {
		return outcome{Fail, got, "expected latestTransactionStatus 00 (Success), got " + st.LatestTransactionStatus + " " + statusDesc(st)}
	}
	return outcome{verdict: Pass, got: got}
}

func statusText(st *ovoclient.StatusResponse) string {
	return st.ResponseCode + " / " + st.LatestTransactionStatus + " " + statusDesc(st)
}

func statusDesc(st *ovoclient.StatusResponse) string {
	if st.TransactionStatusDesc != "" {
		return st.TransactionStatusDesc
	}
	return ovo.StatusDesc(st.LatestTransactionStatus)
}

func statusNegative(ctx context.Context, rs *runState) outcome {
	ref := rs.newReference(6)
	rs.note("originalPartnerReferenceNo %s was never sent", ref)
	var st *ovoclient.StatusResponse
	err := rs.do("the scenario's status", func() (err error) {
		st, err = rs.client.TopUpStatus(ctx, ovoclient.StatusRequest{OriginalPartnerReferenceNo: ref})
		return err
	})
	if err != nil {
		code, text := answer(err)
		if c, ok := ovo.ParseCode(code); ok && c.HTTPStatus == http.StatusNotFound && c.Case == "01" {
			rs.note("OVO refused the unknown reference with %s (SNAP's Transaction Not Found)", code)
			return outcome{verdict: Pass, got: text}
		}
		return outcome{Fail, text, "expected 4043901 Transaction Not Found or latestTransactionStatus 07, got " + text}
	}
	got := statusText(st)
	if st.LatestTransactionStatus == ovo.StatusNotFound {
		rs.note("OVO answered 2003900 with latestTransactionStatus 07 (Not found) rather than a 404 refusal")
		return outcome{verdict: Pass, got: got}
	}
	return outcome{Fail, got, "expected 4043901 Transaction Not Found or latestTransactionStatus 07, got " + got}
}

func aboveLimit(ctx context.Context, rs *runState) outcome {
	amount := rs.maxAmount + 1
	if rs.limitsFromOVO {
		rs.note("maximum per transaction stated by OVO's inquiry: %s", Rupiah(rs.maxAmount))
	} else {
		rs.note("no inquiry stated the maximum; assuming %s", Rupiah(rs.maxAmount))
	}
	fee, session, name, err := rs.quote(ctx, "inquiry before the top up (fee, sessionId)", rs.p.Phone, amount)
	if err != nil {
		return outcome{Fail, "no top up sent", err.Error()}
	}
	ref := rs.newReference(7)
	rs.note("partnerReferenceNo %s, amount %s, fee %s", ref, Rupiah(amount), Rupiah(fee))
	var r *ovoclient.TopUpResponse
	err = rs.do("the scenario's top up", func() (err error) {
		r, err = rs.client.TopUp(ctx, ovoclient.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: rs.p.Phone, CustomerName: name,
			Amount: ovoclient.IDR(amount), FeeAmount: ovoclient.IDR(fee), SessionID: session})
		return err
	})
	return expectCode("4033802", err, topUpSuccess(r))
}

func depositControl(ctx context.Context, rs *runState) outcome {
	var b *ovoclient.BalanceResponse
	err := rs.do("the merchant deposit", func() (err error) {
		b, err = rs.client.Balance(ctx)
		return err
	})
	if err != nil {
		_, text := answer(err)
		return outcome{Fail, text, "could not read the merchant deposit (expected 2001100): " + text}
	}
	dep, _ := b.Deposit()
	amount := max(dep+1, rs.minAmount)
	rs.note("merchant deposit read: %s; amount to send: %s", Rupiah(dep), Rupiah(amount))
	if amount > rs.maxAmount {
		return outcome{NotApplicable, "deposit " + Rupiah(dep),
			fmt.Sprintf("the deposit (%s) is above the per-transaction maximum (%s), so no single top up can exceed it; ask OVO to lower the staging deposit to show 4033814", Rupiah(dep), Rupiah(rs.maxAmount))}
	}
	fee, session, name, err := rs.quote(ctx, "inquiry before the top up (fee, sessionId)", rs.p.Phone, amount)
	if err != nil {
		return outcome{Fail, "no top up sent", err.Error()}
	}
	ref := rs.newReference(8)
	rs.note("partnerReferenceNo %s, amount %s, fee %s", ref, Rupiah(amount), Rupiah(fee))
	var r *ovoclient.TopUpResponse
	err = rs.do("the scenario's top up", func() (err error) {
		r, err = rs.client.TopUp(ctx, ovoclient.TopUpRequest{PartnerReferenceNo: ref, CustomerNumber: rs.p.Phone, CustomerName: name,
			Amount: ovoclient.IDR(amount), FeeAmount: ovoclient.IDR(fee), SessionID: session})
		return err
	})
	return expectCode("4033814", err, topUpSuccess(r))
}

// Rupiah formats an amount the Indonesian way: Rp10.000.
func Rupiah(v int64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-Rp" + b.String()
	}
	return "Rp" + b.String()
}
