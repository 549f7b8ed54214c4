package cashier

import (
	"context"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The deposit mirror.
//
// The ledger keeps the mirror of the merchant deposit exact between
// readings: each success is debited once, when it is recorded, and nothing
// else changes it. A reading from OVO is reconciled with the transactions
// open while it was taken (ledger.Deposit states the rule): the debits
// recorded while it was under way are subtracted from it, and a transaction
// that may already be in it is still debited when it succeeds but counted
// as Uncertain (the mirror may then understate OVO's deposit by that much,
// never overstate it). A positive Uncertain is resolved by reading again:
// the service asks for a reading in the background when such a success is
// recorded (at once, then at most one a second: under a steady stream of
// top ups every reading overlaps one), and at once before it refuses an
// amount as above the deposit.
//
// OVO is read at start, on a schedule (Config.DepositInterval), on demand
// (RefreshDeposit: the deposit screen's `r`, the deposit command), after
// OVO's 4033814 and when the mirror is uncertain, never after every
// transaction. Concurrent readers share readings (see RefreshDeposit).

// depositFlight is one reading of the deposit that callers wait for.
type depositFlight struct {
	done chan struct{}
	d    ledger.Deposit
	err  error
}

// Deposit is the local deposit mirror: OVO's last balance, what in-flight
// transactions reserve, and what is available.
func (s *Service) Deposit() (ledger.Deposit, error) { return s.db.Deposit() }

// RefreshDeposit reads the merchant deposit from OVO into the mirror and
// returns the mirror. Readings are coalesced across callers: a caller that
// arrives while a reading is under way waits for the next one, which starts
// when that one ends and serves every caller that arrived meanwhile, so
// each caller gets a reading asked after it called and a crowd of callers
// costs at most two calls. With Config.DepositMinInterval, a mirror that is
// exact (Uncertain zero) and was read less than that long ago is returned
// without a call. On error the mirror is returned as it stands.
func (s *Service) RefreshDeposit(ctx context.Context) (ledger.Deposit, error) {
	if iv := s.cfg.DepositMinInterval; iv > 0 {
		d, err := s.db.Deposit()
		if err == nil && d.Uncertain == 0 && !d.RefreshedAt.IsZero() && s.now().Sub(d.RefreshedAt) < iv {
			return d, nil
		}
	}
	return s.readDeposit(ctx)
}

// DepositForSend is the mirror a front end that is about to send (the
// topup and disburse commands) decides with: it is read from OVO only when
// it is not fit to decide on — never read, Uncertain, or older than
// Config.DepositInterval (a negative interval: read each time, as
// RefreshDeposit) — and returned as it stands otherwise. On a ledger many
// processes share, the mirror is theirs in common and kept exact by their
// recorded outcomes: a process that read OVO before each send would take
// its reading while other processes' top ups are in flight, and OVO's
// balance may already include those while the mirror still reserves them,
// so the reading would count them twice and understate what is available
// (30 command-line top ups against a deposit covering 17, OVO answering in
// 2 s: 12 succeeded). Execute still reads before it refuses an amount
// against a mirror not read just now, so a deposit funded since is seen.
func (s *Service) DepositForSend(ctx context.Context) (ledger.Deposit, error) {
	d, err := s.db.Deposit()
	if err == nil && d.Uncertain == 0 && !d.RefreshedAt.IsZero() && s.cfg.DepositInterval > 0 && s.now().Sub(d.RefreshedAt) < s.cfg.DepositInterval {
		return d, nil
	}
	return s.RefreshDeposit(ctx)
}

// depositReadJustNow reports whether the mirror was read from OVO less than
// Config.DepositMinInterval ago (never, without a minimum interval).
func (s *Service) depositReadJustNow() bool {
	d, err := s.db.Deposit()
	return err == nil && !d.RefreshedAt.IsZero() && s.now().Sub(d.RefreshedAt) < s.cfg.DepositMinInterval
}

// readDeposit waits for a reading asked after it was called (see
// RefreshDeposit), without the rate limit.
func (s *Service) readDeposit(ctx context.Context) (ledger.Deposit, error) {
	s.depMu.Lock()
	var f *depositFlight
	if s.depCur == nil {
		f = &depositFlight{done: make(chan struct{})}
		s.depCur = f
		go s.fly(f)
	} else {
		if s.depNext == nil {
			s.depNext = &depositFlight{done: make(chan struct{})}
		}
		f = s.depNext
	}
	s.depMu.Unlock()
	select {
	case <-f.done:
		return f.d, f.err
	case <-ctx.Done():
		d, _ := s.db.Deposit()
		return d, ctx.Err()
	}
}

// fly takes reading f, then the one queued behind it, until none is.
func (s *Service) fly(f *depositFlight) {
	for f != nil {
		f.d, f.err = s.readOnce()
		close(f.done)
		s.depMu.Lock()
		f, s.depCur, s.depNext = s.depNext, s.depNext, nil
		s.depMu.Unlock()
	}
}

// readOnce asks OVO the balance and records it by the rule of
// ledger.Deposit. The call belongs to no caller (one caller leaving does
// not cancel it for the others); the OVO client's own timeout bounds it,
// and DefaultCallTimeout (or CallTimeout, if longer) backs that up.
func (s *Service) readOnce() (ledger.Deposit, error) {
	start, err := s.db.ReadingStart(s.now())
	if err != nil {
		return ledger.Deposit{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), max(s.cfg.CallTimeout, DefaultCallTimeout))
	res, err := s.ovo.Balance(ctx)
	cancel()
	if err != nil {
		d, _ := s.db.Deposit()
		return d, err
	}
	d, err := s.db.RecordReading(res.Deposit, start)
	if err != nil {
		return d, err
	}
	s.publish(Event{Deposit: &d})
	return d, nil
}

// depositDoubtful reports whether the mirror may understate what OVO
// holds: never read, or Uncertain.
func (s *Service) depositDoubtful() bool {
	d, err := s.db.Deposit()
	return err == nil && (d.RefreshedAt.IsZero() || d.Uncertain > 0)
}

// depositUnread reports whether the mirror has never been read from OVO.
func (s *Service) depositUnread() bool {
	d, err := s.db.Deposit()
	return err == nil && d.RefreshedAt.IsZero()
}

// settle records an outcome in the ledger. A success that leaves the mirror
// uncertain asks for a reading in the background.
func (s *Service) settle(ref string, o ledger.Outcome) (ledger.Txn, error) {
	t, err := s.db.Settle(ref, o)
	if err == nil {
		s.noteDay(&t, nil)
	}
	if err == nil && t.State == ledger.StateSuccess {
		if d, derr := s.db.Deposit(); derr == nil && d.Uncertain > 0 {
			s.refreshSoon()
		}
	}
	return t, err
}
