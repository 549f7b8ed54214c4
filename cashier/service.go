package cashier

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/receipts"
)

// OVO is the port the service speaks to OVO through, in the cashier's
// terms (package cashier/ovo, which says what an implementation promises).
// The SNAP BI client plugs in as ovoclient.Client.Port(); cmd/ovocashier and
// internal/testenv wire it.
type OVO = ovo.Port

// Defaults of Config.
const (
	DefaultCallTimeout      = 30 * time.Second
	DefaultCheckInterval    = 2 * time.Second
	DefaultCheckMaxInterval = time.Minute
	DefaultNotFoundGrace    = 30 * time.Second
	DefaultDepositInterval  = time.Minute
)

// Config wires a Service.
type Config struct {
	OVO    OVO
	Ledger Ledger
	// Outlet details, stored on transactions and printed on receipts.
	Merchant, Outlet, Address, Terminal string
	Footer                              string
	Printer                             receipts.Printer // nil: no printer
	ReceiptWidth                        int              // 32, 42 or 48; default 32
	ReceiptLang                         string           // "id" (default) or "en"
	// ReceiptHeader is up to receipts.MaxHeaderLines extra lines printed
	// under the address (NPWP, customer service).
	ReceiptHeader []string
	// Explain, when set, words the outcome of a failed or pending
	// transaction on its slip in a language ("id", "en"); the front ends
	// set it from their catalog so slip and screen say the same.
	Explain func(t ledger.Txn, lang string) string
	// CallTimeout bounds the top up call itself. Default DefaultCallTimeout.
	CallTimeout time.Duration
	// CheckInterval is the first wait before asking the status of an unknown
	// outcome; it doubles per check up to CheckMaxInterval.
	CheckInterval, CheckMaxInterval time.Duration
	// NotFoundGrace: status 07 (not found) settles a transaction as failed
	// only once this long has passed since the original request could last
	// have arrived (its call's deadline, or its unknown answer).
	NotFoundGrace time.Duration
	// Location is the outlet's time zone: slips, screens and the day
	// boundaries of History are in it. nil: Asia/Jakarta (WIB). What goes
	// to OVO stays in Asia/Jakarta as SNAP wants it, whatever this is.
	Location *time.Location
	// DepositInterval is how often the running service reads the deposit
	// from OVO; default DefaultDepositInterval, negative never (it is
	// still read at start, on demand and when the mirror is uncertain).
	DepositInterval time.Duration
	// DepositMinInterval rate-limits RefreshDeposit: an exact mirror read
	// less than this long ago is returned without a call. Zero: no limit.
	DepositMinInterval time.Duration
	// RepeatWindow is how long after a success the same kind, phone and
	// amount counts as a repeat (CheckRepeat). Default DefaultRepeatWindow.
	RepeatWindow time.Duration
	Now          func() time.Time
	Logger       *slog.Logger

	// Shifts refuses to send a transaction unless its operator has an open
	// shift on this terminal (see shift.go). Off: transactions are still
	// stamped with the operator's open shift when there is one.
	Shifts bool
	// LowDeposit is the low-deposit alert threshold in rupiah: below it
	// LowDeposit says so, the log says so once per crossing, and the X/Z
	// reports show it. 0: no alert.
	LowDeposit int64

	// Limits are the ceilings per role above which a top up or
	// disbursement waits for a supervisor's approval (approval.go); nil:
	// DefaultLimits. ApprovalExpiry is how long one waits before it is
	// released unsent (default DefaultApprovalExpiry).
	Limits         Limits
	ApprovalExpiry time.Duration
	// Operators is the local counter's operators file (PINs and roles);
	// nil or empty: roles are not in use at the counter.
	Operators *Operators
}

// Service is the cashier. It is safe for concurrent use by any number of
// sessions; Start runs its background reconciler, Close stops it after the
// transactions in flight have been recorded.
type Service struct {
	cfg Config
	ovo OVO
	db  Ledger
	log *slog.Logger
	now func() time.Time
	ids *ovo.ExternalIDs

	mu       sync.Mutex
	inflight map[string]bool // refs whose top up call is under way in this process
	closed   bool
	work     sync.WaitGroup // executions in flight
	subs     map[chan Event]struct{}

	// depMu guards the deposit reading under way (depCur) and the one
	// queued behind it (depNext); see RefreshDeposit.
	depMu           sync.Mutex
	depCur, depNext *depositFlight

	kick    chan struct{}
	refresh chan struct{}

	// days are the makers' day totals of a ledger this process holds
	// alone (nil for a shared one); dayLocks serialise a maker's checks on
	// a shared ledger without a MakerDayLocker (daytotal.go).
	days       *dayTotals
	dayLocksMu sync.Mutex
	dayLocks   map[dayKey]*sync.Mutex

	low  lowDeposit // the low-deposit alert's last side (lowdeposit.go)
	appr approvals  // approvals being dispatched (approval.go)

	// hooks let the crash tests stop the process at each step of the flow.
	hooks   struct{ afterPending, afterAnswer func(ref string) }
	stop    context.CancelFunc
	stopped chan struct{}
}

// Event tells subscribers that a transaction or the deposit changed.
type Event struct {
	Txn     *ledger.Txn     // the transaction as now stored, if one changed
	Deposit *ledger.Deposit // the deposit, if it changed
}

// New checks cfg and returns a service; call Start to run the reconciler.
func New(cfg Config) (*Service, error) {
	if cfg.OVO == nil || cfg.Ledger == nil {
		return nil, errors.New("cashier: OVO client and ledger are required")
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = DefaultCallTimeout
	}
	if cfg.CheckInterval <= 0 {
		cfg.CheckInterval = DefaultCheckInterval
	}
	if cfg.CheckMaxInterval < cfg.CheckInterval {
		cfg.CheckMaxInterval = max(DefaultCheckMaxInterval, cfg.CheckInterval)
	}
	if cfg.DepositInterval == 0 {
		cfg.DepositInterval = DefaultDepositInterval
	}
	if cfg.NotFoundGrace <= 0 {
		cfg.NotFoundGrace = DefaultNotFoundGrace
	}
	if cfg.RepeatWindow <= 0 {
		cfg.RepeatWindow = DefaultRepeatWindow
	}
	if cfg.ReceiptWidth == 0 {
		cfg.ReceiptWidth = 32
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = receipts.WIB
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Limits == nil {
		cfg.Limits = DefaultLimits()
	}
	if cfg.ApprovalExpiry <= 0 {
		cfg.ApprovalExpiry = DefaultApprovalExpiry
	}
	var days *dayTotals
	if _, shared := cfg.Ledger.(ledger.Leaser); !shared {
		days = &dayTotals{}
	}
	return &Service{
		cfg: cfg, ovo: cfg.OVO, db: cfg.Ledger, log: cfg.Logger, now: cfg.Now, days: days,
		ids:      ovo.NewExternalIDs(),
		inflight: map[string]bool{},
		subs:     map[chan Event]struct{}{},
		kick:     make(chan struct{}, 1),
		refresh:  make(chan struct{}, 1),
	}, nil
}

// Config returns the configuration the service runs with (defaults filled in).
func (s *Service) Config() Config { return s.cfg }

// Start runs the reconciler in the background until Close: it settles every
// pending or unknown transaction the ledger holds (those of an earlier run
// first) and each new unknown outcome. It also reads the deposit from OVO:
// at start, every DepositInterval, and when the mirror is uncertain.
func (s *Service) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.stop = cancel
	s.stopped = make(chan struct{})
	go func() {
		defer close(s.stopped)
		// A mirror read exactly moments ago (the caller just refreshed it)
		// is not read again: a reading overlapping the first top ups would
		// only make the mirror uncertain.
		if d, err := s.db.Deposit(); err != nil || d.Uncertain > 0 || d.RefreshedAt.IsZero() || s.now().Sub(d.RefreshedAt) >= startFresh {
			if _, err := s.readDeposit(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("deposit refresh at start failed", "err", err)
			}
		}
		go s.approvalLoop(ctx) // approved ones left by a crash are sent; expired ones released
		s.reconcileLoop(ctx)
	}()
}

// startFresh is how recent an exact mirror must be for Start not to read
// the deposit again.
const startFresh = 5 * time.Second

// Close refuses new executions, waits (bounded by ctx) until those in flight
// are recorded, then stops the reconciler.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.work.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("cashier: transactions still in flight at shutdown: %w", ctx.Err())
	}
	if s.stop != nil {
		s.stop()
		<-s.stopped
	}
	return err
}

// InFlight is the number of top up calls under way in this process.
func (s *Service) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.inflight)
}

// Subscribe returns a channel of events and a function that ends the
// subscription. Events are dropped for a subscriber that does not keep up
// (it can always re-read the ledger).
func (s *Service) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 32)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}
}

func (s *Service) publish(ev Event) {
	s.watchLowDeposit()
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

func (s *Service) publishTxn(t ledger.Txn) { s.publish(Event{Txn: &t}) }

// Get returns one transaction from the ledger.
func (s *Service) Get(ref string) (ledger.Txn, error) { return s.db.Get(ref) }

// History returns a page of the ledger, newest first.
func (s *Service) History(q ledger.Query) (ledger.Page, error) {
	if q.Location == nil {
		q.Location = s.cfg.Location
	}
	return s.db.History(q)
}

// Location is the outlet's time zone (Config.Location), never nil.
func (s *Service) Location() *time.Location { return s.cfg.Location }

// Ledger is the ledger the service writes.
func (s *Service) Ledger() Ledger { return s.db }
