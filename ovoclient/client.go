package ovoclient

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Defaults of Config.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultTokenMargin = 60 * time.Second
	DefaultRetries     = 2
	DefaultChannelID   = "95221" // assumed: SNAP's mobile channel; OVO assigns the real one
	maxResponseBytes   = 1 << 20
)

// Config is everything the client needs to speak to OVO.
type Config struct {
	BaseURL      string          // e.g. https://apigw.ovo.id; no trailing path
	ClientID     string          // X-CLIENT-KEY, and X-PARTNER-ID unless PartnerID is set
	ClientSecret string          // HMAC key: its raw bytes
	PrivateKey   *rsa.PrivateKey // signs the token request
	PartnerID    string          // X-PARTNER-ID; defaults to ClientID
	ChannelID    string          // CHANNEL-ID, at most 5 characters; defaults to DefaultChannelID
	Origin       string          // optional ORIGIN header
	// Timeout bounds each HTTP exchange (one attempt). Default DefaultTimeout.
	Timeout time.Duration
	// TokenMargin: a token is replaced this long before it expires (at most a
	// quarter of its lifetime). Default DefaultTokenMargin.
	TokenMargin time.Duration
	// Retries is how many times a read-only call (token, inquiry, status,
	// balance) is repeated after a retryable failure. A top up never is.
	// Default DefaultRetries; negative means none.
	Retries     int
	HTTPClient  *http.Client         // default: a client of its own; a given one is copied, and never follows redirects
	Now         func() time.Time     // default time.Now
	ExternalIDs ovo.ExternalIDSource // default ovo.NewExternalIDs()
	Logger      *slog.Logger         // default: discard
	// Trace, when set, receives every HTTP exchange with its exact bytes, for
	// UAT evidence. It sees secrets (the token in headers): redact before storing.
	Trace func(Exchange)
}

// Exchange is one HTTP round trip as it happened, for Config.Trace.
type Exchange struct {
	Op             string
	Method, URL    string
	RequestHeader  http.Header
	RequestBody    []byte
	StringToSign   string
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	Started, Ended time.Time
	TransportErr   error
}

// Missing lists the settings a real OVO connection needs that are empty, by
// their environment variable names, so a front end can say exactly what is missing.
func (c Config) Missing() []string {
	var m []string
	if c.BaseURL == "" {
		m = append(m, "OVO_BASE_URL")
	}
	if c.ClientID == "" {
		m = append(m, "OVO_CLIENT_ID")
	}
	if c.ClientSecret == "" {
		m = append(m, "OVO_CLIENT_SECRET")
	}
	if c.PrivateKey == nil {
		m = append(m, "OVO_PRIVATE_KEY_FILE")
	}
	return m
}

// Client speaks SNAP BI to OVO. It is safe for concurrent use; all callers
// share one access token.
type Client struct {
	cfg    Config
	base   string
	prefix string // the base URL's path, part of every relative URL signed
	http   *http.Client
	tokens *tokenCache
	ids    ovo.ExternalIDSource
	log    *slog.Logger
	now    func() time.Time

	// skew is our clock minus OVO's (its Date header) at the last answer
	// that carried one, in nanoseconds; skewKnown says one was seen.
	skew      atomic.Int64
	skewKnown atomic.Bool
	skewBad   atomic.Bool // the last skew was beyond MaxClockSkew (logged once per change)
}

// New checks cfg and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if m := cfg.Missing(); len(m) > 0 {
		return nil, fmt.Errorf("ovoclient: missing %s", strings.Join(m, ", "))
	}
	if !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
		return nil, fmt.Errorf("ovoclient: base URL %q must start with https:// (or http:// for a local sandbox)", cfg.BaseURL)
	}
	if cfg.PartnerID == "" {
		cfg.PartnerID = cfg.ClientID
	}
	if cfg.ChannelID == "" {
		cfg.ChannelID = DefaultChannelID
	}
	if len(cfg.ChannelID) > 5 {
		return nil, fmt.Errorf("ovoclient: channel id %q is longer than 5 characters", cfg.ChannelID)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.TokenMargin <= 0 {
		cfg.TokenMargin = DefaultTokenMargin
	}
	if cfg.Retries == 0 {
		cfg.Retries = DefaultRetries
	} else if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("ovoclient: base URL %q must be scheme://host[:port][/prefix]", cfg.BaseURL)
	}
	c := &Client{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), prefix: strings.TrimRight(u.EscapedPath(), "/"),
		http: cfg.HTTPClient, ids: cfg.ExternalIDs, log: cfg.Logger, now: cfg.Now}
	if c.http == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// Every call goes to one host: keep a connection for each session
		// sending at once (Go's default keeps 2, so busy counters dialled,
		// and shook hands, again for most calls).
		t.MaxIdleConnsPerHost = 64
		c.http = &http.Client{Transport: t}
	} else {
		hc := *c.http // the caller's client stays as it was
		c.http = &hc
	}
	// Never follow a redirect: the request carries the token and the
	// signature, and a top up's answer must come from the configured host.
	// A 3xx comes back as the answer itself (see roundTrip).
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if c.ids == nil {
		c.ids = ovo.NewExternalIDs()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.tokens = &tokenCache{fetch: c.fetchToken, now: c.now, margin: cfg.TokenMargin}
	return c, nil
}

// BaseURL is the base URL the client talks to.
func (c *Client) BaseURL() string { return c.base }

// Token returns a valid access token, fetching one only when none is cached
// or the cached one is within the margin of its expiry. Concurrent callers
// share one fetch.
func (c *Client) Token(ctx context.Context) (string, error) { return c.tokens.get(ctx) }

// CallOption adjusts one call.
type CallOption func(*callOptions)

type callOptions struct{ externalID string }

// WithExternalID sends the first attempt with this X-EXTERNAL-ID (the one the
// ledger recorded). A repeat after an expired token uses a fresh one.
func WithExternalID(id string) CallOption { return func(o *callOptions) { o.externalID = id } }

// Inquiry asks OVO whether the customer exists: name, fee and limits for the
// amount. TransactionDate defaults to now. It is read-only and retried on
// retryable failures.
func (c *Client) Inquiry(ctx context.Context, req InquiryRequest, opts ...CallOption) (*InquiryResponse, error) {
	phone, err := ovo.NormalizePhone(req.CustomerNumber)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ovo.ErrInvalidRequest, err)
	}
	req.CustomerNumber = phone
	if req.Amount.Value <= 0 {
		return nil, fmt.Errorf("%w: amount must be more than zero", ovo.ErrInvalidRequest)
	}
	if req.TransactionDate == "" {
		req.TransactionDate = FormatTransactionDate(c.now())
	}
	var out InquiryResponse
	_, err = c.call(ctx, op{name: "inquiry", method: http.MethodPost, path: PathInquiry, body: req, out: &out, readOnly: true}, opts)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// TopUp moves Amount from the merchant deposit to the customer's OVO Cash
// (top up and disburse alike). It is never repeated automatically, except
// once, with the same partnerReferenceNo and a new X-EXTERNAL-ID, when OVO
// says the token was invalid (the request was then refused unprocessed). An
// error with Unknown set means the money may have moved: ask TopUpStatus with
// the same reference; never send it again under a new one.
func (c *Client) TopUp(ctx context.Context, req TopUpRequest, opts ...CallOption) (*TopUpResponse, error) {
	if req.PartnerReferenceNo == "" || len(req.PartnerReferenceNo) > 64 {
		return nil, fmt.Errorf("%w: partnerReferenceNo must be 1 to 64 characters", ovo.ErrInvalidRequest)
	}
	phone, err := ovo.NormalizePhone(req.CustomerNumber)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ovo.ErrInvalidRequest, err)
	}
	req.CustomerNumber = phone
	if req.Amount.Value <= 0 {
		return nil, fmt.Errorf("%w: amount must be more than zero", ovo.ErrInvalidRequest)
	}
	if req.FeeAmount.Value < 0 {
		return nil, fmt.Errorf("%w: fee must not be negative", ovo.ErrInvalidRequest)
	}
	if req.TransactionDate == "" {
		req.TransactionDate = FormatTransactionDate(c.now())
	}
	var out TopUpResponse
	ext, err := c.call(ctx, op{name: "topup", method: http.MethodPost, path: PathTopUp, body: req, out: &out}, opts)
	if err != nil {
		return nil, err
	}
	out.ExternalID = ext
	if out.PartnerReferenceNo != "" && out.PartnerReferenceNo != req.PartnerReferenceNo {
		return nil, &ovo.Error{Op: "topup", HTTPStatus: http.StatusOK, Code: out.ResponseCode, Message: out.ResponseMessage,
			Reason: ovo.ReasonBadResponse, Unknown: true, ExternalID: ext,
			Err: fmt.Errorf("answer names partnerReferenceNo %q, sent %q", out.PartnerReferenceNo, req.PartnerReferenceNo)}
	}
	if strings.TrimSpace(out.ReferenceNo) == "" {
		// A success must name OVO's reference: without it the answer is not
		// proof that OVO applied the top up. Ask the status.
		return nil, &ovo.Error{Op: "topup", HTTPStatus: http.StatusOK, Code: out.ResponseCode, Message: out.ResponseMessage,
			Reason: ovo.ReasonBadResponse, Unknown: true, ExternalID: ext, Err: errors.New("success answer without referenceNo")}
	}
	return &out, nil
}

// TopUpStatus asks the latest status of an earlier top up. ServiceCode
// defaults to "38". It is read-only and retried on retryable failures.
func (c *Client) TopUpStatus(ctx context.Context, req StatusRequest, opts ...CallOption) (*StatusResponse, error) {
	if req.OriginalPartnerReferenceNo == "" {
		return nil, fmt.Errorf("%w: originalPartnerReferenceNo is required", ovo.ErrInvalidRequest)
	}
	if req.ServiceCode == "" {
		req.ServiceCode = ServiceTopUp
	}
	var out StatusResponse
	ext, err := c.call(ctx, op{name: "status", method: http.MethodPost, path: PathTopUpStatus, body: req, out: &out, readOnly: true}, opts)
	if err != nil {
		return nil, err
	}
	if out.OriginalPartnerReferenceNo != "" && out.OriginalPartnerReferenceNo != req.OriginalPartnerReferenceNo {
		return nil, &ovo.Error{Op: "status", HTTPStatus: http.StatusOK, Code: out.ResponseCode, Message: out.ResponseMessage,
			Reason: ovo.ReasonBadResponse, ExternalID: ext,
			Err: fmt.Errorf("answer is about originalPartnerReferenceNo %q, asked %q", out.OriginalPartnerReferenceNo, req.OriginalPartnerReferenceNo)}
	}
	return &out, nil
}

// Balance reads the merchant's remaining deposit. It is read-only and retried
// on retryable failures.
func (c *Client) Balance(ctx context.Context, opts ...CallOption) (*BalanceResponse, error) {
	var out BalanceResponse
	if _, err := c.call(ctx, op{name: "balance", method: http.MethodGet, path: PathBalance, out: &out, readOnly: true}, opts); err != nil {
		return nil, err
	}
	if _, ok := out.Deposit(); !ok {
		return nil, &ovo.Error{Op: "balance", HTTPStatus: http.StatusOK, Code: out.ResponseCode, Message: out.ResponseMessage,
			Reason: ovo.ReasonBadResponse, Err: errors.New("answer has no deposit balance")}
	}
	return &out, nil
}

// op describes one SNAP call.
type op struct {
	name, method, path string
	body               any // nil: no body (GET)
	out                any // where a successful answer is decoded
	readOnly           bool
}

// call sends a transactional (symmetric-signature) request, handling the
// token, one refresh on 401xx01, and retries of read-only calls. It returns
// the X-EXTERNAL-ID of the last attempt.
func (c *Client) call(ctx context.Context, o op, opts []CallOption) (string, error) {
	var co callOptions
	for _, f := range opts {
		f(&co)
	}
	var body []byte
	if o.body != nil {
		b, err := MarshalBody(o.body)
		if err != nil {
			return "", fmt.Errorf("%w: %v", ovo.ErrInvalidRequest, err)
		}
		body = b
	}
	// Timeout bounds the whole call: the token, every attempt, every retry.
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	extID := co.externalID
	refreshed := false
	for attempt := 0; ; attempt++ {
		token, err := c.tokens.get(ctx)
		if err != nil {
			// Nothing of this call was sent: its outcome is definite.
			e := &ovo.Error{Op: o.name, Reason: ovo.ReasonOf(err), Err: err}
			if te, ok := ovo.AsError(err); ok {
				e.HTTPStatus, e.Code, e.Message = te.HTTPStatus, te.Code, te.Message
				if te.Unknown || te.Retryable() {
					e.Reason = ovo.ReasonUnavailable
				}
			}
			if e.Reason == "" {
				e.Reason = ovo.ReasonUnavailable
			}
			return "", e
		}
		if extID == "" {
			extID = c.ids.Next(c.now())
		}
		err = c.exchange(ctx, o, body, token, extID)
		if err == nil {
			return extID, nil
		}
		e, ok := ovo.AsError(err)
		if !ok {
			return extID, err
		}
		e.ExternalID = extID
		// Only a definite token refusal is repeated: one whose HTTP status
		// disagrees with its code may have been applied.
		if (e.Reason == ovo.ReasonInvalidToken || e.Reason == ovo.ReasonTokenNotFound) && !e.Unknown && !refreshed {
			c.tokens.invalidate(token)
			refreshed, extID = true, ""
			c.log.Info("ovo token refused; fetching a new one and repeating once", "op", o.name, "code", e.Code)
			continue
		}
		if o.readOnly && e.Retryable() && attempt < c.cfg.Retries {
			if werr := sleepCtx(ctx, backoff(attempt)); werr == nil {
				extID = ""
				continue
			}
		}
		if o.readOnly && e.Unknown {
			// A read moves no money: what is unknown is only its answer.
			e.Unknown, e.Reason = false, ovo.ReasonUnavailable
		}
		return extID, e
	}
}

// exchange performs one signed HTTP round trip and decodes the answer.
func (c *Client) exchange(ctx context.Context, o op, body []byte, token, extID string) error {
	ts := FormatTimestamp(c.now())
	relURL := c.prefix + o.path // the path as sent
	// As h.Set would make it, without canonicalising each name again.
	h := http.Header{
		keyContentType:   {"application/json"}, // on every call, the GET included (ASPI: mandatory)
		keyAuthorization: {"Bearer " + token},
		keyTimestamp:     {ts},
		keySignature:     {SignSymmetric([]byte(c.cfg.ClientSecret), o.method, relURL, token, body, ts)},
		keyPartnerID:     {c.cfg.PartnerID},
		keyExternalID:    {extID},
		keyChannelID:     {c.cfg.ChannelID},
	}
	if c.cfg.Origin != "" {
		h[keyOrigin] = []string{c.cfg.Origin}
	}
	sts := ""
	if c.cfg.Trace != nil {
		sts = SymmetricStringToSign(o.method, relURL, token, body, ts)
	}
	return c.roundTrip(ctx, o.name, o.method, o.path, h, body, sts, o.out)
}

// roundTrip sends one request and turns the answer into out or an *Error.
func (c *Client) roundTrip(ctx context.Context, opName, method, path string, h http.Header, body []byte, stringToSign string, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("%w: %v", ovo.ErrInvalidRequest, err)
	}
	req.Header = h
	var ex Exchange // only when traced: its header copy is a cost of every call
	if c.cfg.Trace != nil {
		ex = Exchange{Op: opName, Method: method, URL: c.base + path, RequestHeader: h.Clone(), RequestBody: body, StringToSign: stringToSign, Started: c.now()}
	}
	start := time.Now()
	status, header, data, err := c.do(req)
	if c.cfg.Trace != nil {
		ex.Status, ex.ResponseHeader, ex.ResponseBody, ex.TransportErr, ex.Ended = status, header, data, err, c.now()
		c.cfg.Trace(ex)
	}
	if err != nil {
		reason := ovo.ReasonNetwork
		if errors.Is(err, context.DeadlineExceeded) {
			reason = ovo.ReasonTimeout
		}
		c.log.Warn("ovo call failed", "op", opName, "path", path, "err", err, "elapsed", time.Since(start))
		return &ovo.Error{Op: opName, HTTPStatus: status, Reason: reason, Unknown: true, Err: err}
	}
	if status >= 300 && status <= 399 {
		// Never followed (see New): the configured host answered with a
		// redirect, which says nothing about the request's outcome.
		loc := truncate(header.Get("Location"), 200)
		c.log.Warn("ovo answered with a redirect; not followed", "op", opName, "path", path, "status", status, "location", loc)
		return &ovo.Error{Op: opName, HTTPStatus: status, Reason: ovo.ReasonBadResponse, Unknown: true,
			Err: fmt.Errorf("HTTP %d redirect to %q not followed", status, loc)}
	}
	code, err := decode(opName, status, data, out)
	c.log.Info("ovo call", "op", opName, "path", path, "status", status, "code", code, "elapsed", time.Since(start))
	return err
}

// do runs the request and reads the whole answer (bounded).
func (c *Client) do(req *http.Request) (int, http.Header, []byte, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	c.noteDate(resp.Header.Get("Date"))
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return resp.StatusCode, resp.Header, nil, fmt.Errorf("reading answer: %w", err)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// decode interprets one answer: success fills out; anything else is an
// *Error that says whether the outcome is unknown. An answer that cannot be
// read is always unknown. code is the answer's responseCode ("" when it is
// not SNAP JSON).
//
// An out that carries the Envelope (every answer type embeds it) is read
// once: the envelope is taken from it. Only when that fails is the answer
// read again, envelope alone, so that what it says is judged exactly as if
// the envelope had been read first (a refusal whose other fields do not
// decode is still a refusal; a success whose fields do not decode is not
// a success).
func decode(opName string, status int, data []byte, out any) (code string, err error) {
	var env Envelope
	decoded := false
	if o, ok := out.(enveloped); ok && (decodeFlat(data, out) || json.Unmarshal(data, out) == nil) {
		env, decoded = *o.envelope(), true
	} else if err := json.Unmarshal(data, &env); err != nil {
		return "", &ovo.Error{Op: opName, HTTPStatus: status, Reason: ovo.ReasonBadResponse, Unknown: true,
			Err: fmt.Errorf("answer is not SNAP JSON: %v", err)}
	}
	c, ok := ovo.ParseCode(env.ResponseCode)
	if !ok {
		return env.ResponseCode, &ovo.Error{Op: opName, HTTPStatus: status, Code: env.ResponseCode, Message: env.ResponseMessage,
			Reason: ovo.ReasonBadResponse, Unknown: true, Err: fmt.Errorf("responseCode %q is not 7 digits", env.ResponseCode)}
	}
	if status == http.StatusOK && c.HTTPStatus == http.StatusOK && c.Case == "00" {
		if !decoded {
			if err := json.Unmarshal(data, out); err != nil {
				return env.ResponseCode, &ovo.Error{Op: opName, HTTPStatus: status, Code: env.ResponseCode, Message: env.ResponseMessage,
					Reason: ovo.ReasonBadResponse, Unknown: true, Err: fmt.Errorf("successful answer does not decode: %v", err)}
			}
		}
		return env.ResponseCode, nil
	}
	reason, unknown := classify(status, c)
	if reason == ovo.ReasonSuccess { // a success code under a non-200 status
		reason, unknown = ovo.ReasonBadResponse, true
	}
	return env.ResponseCode, &ovo.Error{Op: opName, HTTPStatus: status, Code: env.ResponseCode, Message: env.ResponseMessage, Reason: reason, Unknown: unknown}
}

// enveloped is an answer type that carries the Envelope.
type enveloped interface{ envelope() *Envelope }

func (e *Envelope) envelope() *Envelope { return e }

// fetchToken performs the B2B token call (service 73) and returns the token
// with its expiry.
func (c *Client) fetchToken(ctx context.Context) (string, time.Time, error) {
	var lastErr error
	for attempt := 0; attempt <= c.cfg.Retries; attempt++ {
		if attempt > 0 {
			if err := sleepCtx(ctx, backoff(attempt-1)); err != nil {
				return "", time.Time{}, lastErr
			}
		}
		tok, exp, err := c.tokenOnce(ctx)
		if err == nil {
			return tok, exp, nil
		}
		lastErr = err
		if e, ok := ovo.AsError(err); !ok || !e.Retryable() {
			return "", time.Time{}, err
		}
	}
	return "", time.Time{}, lastErr
}

func (c *Client) tokenOnce(ctx context.Context) (string, time.Time, error) {
	now := c.now()
	ts := FormatTimestamp(now)
	sig, err := SignAsymmetric(c.cfg.PrivateKey, c.cfg.ClientID, ts)
	if err != nil {
		return "", time.Time{}, err
	}
	body, _ := MarshalBody(TokenRequest{GrantType: "client_credentials"})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderClientKey, c.cfg.ClientID)
	h.Set(HeaderSignature, sig)
	var out TokenResponse
	sts := ""
	if c.cfg.Trace != nil {
		sts = AsymmetricStringToSign(c.cfg.ClientID, ts)
	}
	if err := c.roundTrip(ctx, "token", http.MethodPost, PathToken, h, body, sts, &out); err != nil {
		return "", time.Time{}, err
	}
	secs, perr := parseSeconds(string(out.ExpiresIn))
	if out.AccessToken == "" || perr != nil {
		return "", time.Time{}, &ovo.Error{Op: "token", HTTPStatus: http.StatusOK, Code: out.ResponseCode, Message: out.ResponseMessage,
			Reason: ovo.ReasonBadResponse, Err: fmt.Errorf("token answer without accessToken or with expiresIn %q", out.ExpiresIn)}
	}
	return out.AccessToken, now.Add(time.Duration(secs) * time.Second), nil
}

func parseSeconds(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 9 || !allDigits(s) {
		return 0, fmt.Errorf("bad seconds %q", s)
	}
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	if n == 0 {
		return 0, errors.New("zero lifetime")
	}
	return n, nil
}

func backoff(attempt int) time.Duration {
	return time.Duration(200<<attempt) * time.Millisecond
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
