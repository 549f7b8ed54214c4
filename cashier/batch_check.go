package cashier

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// DefaultCheckRate is how many account inquiries a batch check makes per
// second unless told otherwise.
const DefaultCheckRate = 20

// BatchCheckOptions tune CheckBatch.
type BatchCheckOptions struct {
	// Rate is the most inquiries per second; 0 means DefaultCheckRate and
	// Unbounded (+Inf) no pacing at all — OVO's 429 answers still back off.
	Rate float64
	// Progress, if set, is called after each row with the rows checked so
	// far (this run) and the rows this run set out to check.
	Progress func(done, total int)
}

// Unbounded is BatchCheckOptions.Rate without pacing (`batch check --rate 0`).
var Unbounded = math.Inf(1)

// checkFlush is how many results are stored per commit (a crash loses at
// most these inquiries, which moved no money: they are asked again).
const checkFlush = 50

// CheckBatch runs the account inquiry for every row of batch id not
// checked yet, at most opt.Rate a second, and records for each OVO's
// account name and fee: ready, suspected (the expected name column differs
// from OVO's name), missing (no OVO account), blocked (inactive, dormant,
// do not honor…) or refused (limits, other refusals). An inquiry that could
// not be answered (network, 5xx, 429) leaves its row unchecked and backs
// off; after several in a row the check stops with the error, and running
// it again resumes where it stopped. Nothing is sent.
func (s *Service) CheckBatch(ctx context.Context, id string, opt BatchCheckOptions) (BatchView, error) {
	b, err := s.db.GetBatch(id)
	if err != nil {
		return BatchView{}, batchErr(err)
	}
	if b.Approved() {
		return BatchView{}, invalid("batch %s is already approved; its check is closed", id)
	}
	rows, err := s.db.BatchRows(id)
	if err != nil {
		return BatchView{}, err
	}
	var todo []ledger.BatchRow
	for _, r := range rows {
		if r.State == ledger.RowLoaded {
			todo = append(todo, r)
		}
	}
	rate := opt.Rate
	if rate <= 0 {
		rate = DefaultCheckRate
	}
	gap := time.Duration(float64(time.Second) / rate) // 0 when unbounded
	var pending []ledger.RowCheck
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		_, err := s.db.RecordChecks(id, pending)
		pending = pending[:0]
		return err
	}
	var last time.Time
	fails, backoff := 0, time.Second
	var stopErr error
	for i := 0; i < len(todo); {
		if w := gap - time.Since(last); !last.IsZero() && w > 0 {
			if !sleepCtx(ctx, w) {
				stopErr = ctx.Err()
				break
			}
		}
		last = time.Now()
		r := todo[i]
		q, err := s.Inquiry(ctx, ledger.KindDisburse, r.Phone, r.Amount)
		if ctx.Err() != nil {
			stopErr = ctx.Err()
			break
		}
		ch, retry := checkResult(r, q, err)
		if retry {
			fails++
			if fails >= 5 {
				stopErr = fmt.Errorf("batch %s: the check stopped at line %d (run it again to resume): %w", id, r.Line, err)
				break
			}
			if !sleepCtx(ctx, backoff) {
				stopErr = ctx.Err()
				break
			}
			backoff = min(2*backoff, 30*time.Second)
			continue
		}
		fails, backoff = 0, time.Second
		pending = append(pending, ch)
		if len(pending) >= checkFlush {
			if err := flush(); err != nil {
				return BatchView{}, err
			}
		}
		i++
		if opt.Progress != nil {
			opt.Progress(i, len(todo))
		}
	}
	if err := flush(); err != nil {
		return BatchView{}, err
	}
	v, err := s.BatchStatus(id)
	if err != nil {
		return v, err
	}
	return v, stopErr
}

// checkResult classifies one inquiry's answer for a row; retry means the
// answer was no answer (the row stays unchecked).
func checkResult(r ledger.BatchRow, q Quote, err error) (ch ledger.RowCheck, retry bool) {
	ch = ledger.RowCheck{Line: r.Line}
	if err != nil {
		e, ok := ovo.AsError(err)
		switch {
		case errors.Is(err, ErrInvalidInput):
			ch.State, ch.Reason, ch.ReasonArg = ledger.RowRefused, ReasonRowRefused, string(ovo.ReasonInvalidFieldFormat)
		case !ok || e.Retryable() || e.Unknown:
			return ch, true
		}
		if ok {
			switch e.Reason {
			case ovo.ReasonInvalidAccount, ovo.ReasonNotFound:
				ch.State, ch.Reason = ledger.RowMissing, ReasonRowNoAccount
			case ovo.ReasonAccountBlocked, ovo.ReasonInactiveAccount, ovo.ReasonDormantAccount,
				ovo.ReasonAccountExpired, ovo.ReasonDoNotHonor, ovo.ReasonSuspectedFraud:
				ch.State, ch.Reason = ledger.RowBlocked, ReasonRowBlocked
			default:
				ch.State, ch.Reason = ledger.RowRefused, ReasonRowRefused
			}
			ch.ReasonArg = string(e.Reason)
		}
		return ch, false
	}
	ch.AccountName, ch.Fee, ch.SessionID = q.Name, q.Fee, q.SessionID
	switch {
	case q.CheckLimits(r.Amount) != nil:
		ch.State, ch.Reason, ch.ReasonArg = ledger.RowRefused, ReasonRowLimit, fmt.Sprintf("%d-%d", q.Min, q.Max)
	case r.ExpectedName != "" && !SameName(r.ExpectedName, q.Name):
		ch.State, ch.Reason, ch.ReasonArg = ledger.RowSuspected, ReasonRowName, q.Name
	default:
		ch.State = ledger.RowReady
	}
	return ch, false
}

// SameName reports whether an expected name matches OVO's account name:
// equal ignoring case, punctuation and spacing. OVO may mask a name with
// '*': a masked letter matches any letter.
func SameName(expected, ovo string) bool {
	a, b := nameKey(expected), nameKey(ovo)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && a[i] != '*' && b[i] != '*' {
			return false
		}
	}
	return true
}

func nameKey(s string) []rune {
	var out []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '*' {
			out = append(out, r)
		}
	}
	return out
}

// sleepCtx waits d or until ctx ends; false when ctx ended.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
