package ovosim

import (
	"crypto/rsa"
	"errors"
	"log/slog"
	"time"
)

// Defaults of Config. The limits marked assumed are not published by OVO.
const (
	DefaultDeposit         int64 = 50_000_000
	DefaultTokenTTL              = 15 * time.Minute
	DefaultPendingFor            = 5 * time.Second
	DefaultHangMax               = 2 * time.Minute
	DefaultTimestampWindow       = 5 * time.Minute
	DefaultMinAmount       int64 = 10_000
	DefaultMaxAmount       int64 = 10_000_000
	// DefaultFee is the flat admin fee per top up in rupiah.
	DefaultFee int64 = 1_000
	// DefaultBalanceCap is the most an OVO Cash balance may hold (assumed).
	DefaultBalanceCap int64 = 20_000_000
	// DefaultMonthlyInLimit is the most an OVO Cash account may be credited
	// per Jakarta calendar month (assumed).
	DefaultMonthlyInLimit int64 = 20_000_000
	// MaxBodyBytes bounds a request body; a longer one is answered 400xx00.
	MaxBodyBytes = 64 << 10
)

// Config is everything a sandbox needs. ClientID, ClientSecret and
// PartnerPublicKey are required; every other zero value means its default.
type Config struct {
	ClientID         string         // the one partner this sandbox knows (X-CLIENT-KEY, X-PARTNER-ID)
	ClientSecret     string         // HMAC key of transactional calls: its raw bytes
	PartnerPublicKey *rsa.PublicKey // verifies the token call's signature

	// Deposit is the merchant deposit in rupiah when the state is new (an
	// existing state file keeps its own). 0 means DefaultDeposit; use
	// SetDeposit for an empty deposit.
	Deposit int64
	// StatePath is the bbolt file holding the state; "" keeps it in memory.
	// The file is opened with mode 0600 and a one-second lock timeout, so a
	// second process gets an error instead of a hang.
	StatePath string
	// TokenTTL is the lifetime of an access token. Default DefaultTokenTTL.
	TokenTTL time.Duration
	// Latency delays every answer of the top up path (real time, not Now).
	// If the client goes away meanwhile, nothing is written; what was applied
	// stays applied.
	Latency time.Duration
	// PendingFor is how long the 081100000202/206 top ups stay "03" on the
	// sandbox clock (Now). Default DefaultPendingFor.
	PendingFor time.Duration
	// HangMax bounds a hanging answer (the 081100000504 number, Fault.Hang)
	// if the client never gives up (real time); then it answers 504xx00.
	// Default DefaultHangMax.
	HangMax time.Duration
	// TimestampWindow is how far X-TIMESTAMP may be from Now, either way.
	// Default DefaultTimestampWindow.
	TimestampWindow time.Duration
	// MinAmount and MaxAmount are the per-transaction limits in rupiah.
	// Defaults DefaultMinAmount and DefaultMaxAmount.
	MinAmount, MaxAmount int64
	// BalanceCap and MonthlyInLimit bound a customer's OVO Cash (assumed
	// limits). Defaults DefaultBalanceCap and DefaultMonthlyInLimit.
	BalanceCap, MonthlyInLimit int64
	// Fee is the admin fee for an amount, deducted from what the customer
	// receives. Default FlatFee(DefaultFee); see FeeSchedule for tiers.
	Fee func(amount int64) int64
	// Now is the sandbox clock for timestamps, token expiry, external-id days
	// and pending statuses. Default time.Now.
	Now func() time.Time
	// Logger gets one Info line per request (method, path, HTTP status,
	// responseCode, duration) and errors; never secrets or tokens. Default:
	// discard.
	Logger *slog.Logger
}

// withDefaults checks cfg and fills in its defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.ClientID == "" || cfg.ClientSecret == "" || cfg.PartnerPublicKey == nil {
		return cfg, errors.New("ovosim: ClientID, ClientSecret and PartnerPublicKey are required")
	}
	if cfg.Deposit < 0 || cfg.MinAmount < 0 || cfg.MaxAmount < 0 || cfg.BalanceCap < 0 || cfg.MonthlyInLimit < 0 {
		return cfg, errors.New("ovosim: deposit and limits must not be negative")
	}
	def64 := func(v *int64, d int64) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def64(&cfg.Deposit, DefaultDeposit)
	def64(&cfg.MinAmount, DefaultMinAmount)
	def64(&cfg.MaxAmount, DefaultMaxAmount)
	def64(&cfg.BalanceCap, DefaultBalanceCap)
	def64(&cfg.MonthlyInLimit, DefaultMonthlyInLimit)
	defDur(&cfg.TokenTTL, DefaultTokenTTL)
	defDur(&cfg.PendingFor, DefaultPendingFor)
	defDur(&cfg.HangMax, DefaultHangMax)
	defDur(&cfg.TimestampWindow, DefaultTimestampWindow)
	if cfg.Latency < 0 {
		cfg.Latency = 0
	}
	if cfg.MinAmount > cfg.MaxAmount {
		return cfg, errors.New("ovosim: MinAmount is above MaxAmount")
	}
	if cfg.Fee == nil {
		cfg.Fee = FlatFee(DefaultFee)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, nil
}
