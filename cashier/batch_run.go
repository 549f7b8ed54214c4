package cashier

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Defaults of BatchRunOptions.
const (
	DefaultBatchConcurrency = 4
	DefaultBatchWait        = 2 * time.Minute
	// MaxBatchRetries is how many times one row is sent again after OVO
	// definitely refused it as too many requests (429); then it stays failed.
	MaxBatchRetries = 5
	// batchBackoff is the first pause of every sender after a 429; it
	// doubles up to batchBackoffMax while OVO keeps refusing.
	batchBackoff    = time.Second
	batchBackoffMax = 30 * time.Second
)

// BatchRunOptions tune RunBatch.
type BatchRunOptions struct {
	// Concurrency is the most rows in flight at once; 0 means
	// DefaultBatchConcurrency.
	Concurrency int
	// Wait bounds how long, once every row is sent, RunBatch keeps asking
	// OVO the status of the batch's open (unknown) rows; 0 means
	// DefaultBatchWait. Rows still open afterwards are settled by the
	// reconciler, or by running the batch again.
	Wait time.Duration
	// Progress, if set, is called (from several goroutines, one call at a
	// time) each time a row's transaction is recorded or settled.
	Progress func(ledger.BatchRow, ledger.Txn)
}

// RunBatch sends the approved rows of batch id not sent yet, each as an
// ordinary disbursement by operator through the money-safe flow: the
// row's link to its transaction is written in the same commit as the
// transaction's pending record, before anything is sent, so a crash at any
// point resumes with RunBatch again and no row is ever sent twice. At most
// opt.Concurrency rows are in flight; OVO's 429 (too many requests, a
// definite refusal) pauses every sender with a doubling back-off and the
// row is sent again under a new reference. Rows whose outcome is unknown
// are asked OVO's status until final or opt.Wait passes. A cancelled ctx
// stops new rows from being sent; rows in flight are still recorded.
//
// It returns the batch as it now is; the error says why rows are left
// waiting (the deposit, the service closing, ctx) — rows' own refusals are
// in the view, not the error.
func (s *Service) RunBatch(ctx context.Context, id, operator string, opt BatchRunOptions) (BatchView, error) {
	b, err := s.db.GetBatch(id)
	if err != nil {
		return BatchView{}, batchErr(err)
	}
	if !b.Approved() {
		return BatchView{}, fmt.Errorf("%w: batch %s is not approved", ErrBatchState, id)
	}
	conc := opt.Concurrency
	if conc <= 0 {
		conc = DefaultBatchConcurrency
	}
	wait := opt.Wait
	if wait <= 0 {
		wait = DefaultBatchWait
	}
	r := &batchRunner{s: s, id: id, operator: operator, progress: opt.Progress, backoff: batchBackoff}
	var deadline time.Time
	for round := 0; round <= MaxBatchRetries+1; round++ {
		n, err := r.load()
		if err != nil {
			return BatchView{}, err
		}
		if n == 0 && round > 0 {
			break
		}
		var wg sync.WaitGroup
		for range min(conc, max(n, 1)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.work(ctx)
			}()
		}
		wg.Wait()
		if r.err != nil || ctx.Err() != nil {
			break
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(wait)
		}
		if !r.settleOpen(ctx, deadline) {
			break // rows still open: the reconciler (or the next run) settles them
		}
	}
	v, err := s.BatchStatus(id)
	if err != nil {
		return v, err
	}
	if r.err == nil && ctx.Err() != nil && v.Waiting > 0 {
		r.err = ctx.Err()
	}
	return v, r.err
}

// batchRunner is one run of a batch: a queue of rows and the senders'
// shared back-off.
type batchRunner struct {
	s        *Service
	id       string
	operator string
	progress func(ledger.BatchRow, ledger.Txn)

	mu         sync.Mutex
	queue      []ledger.BatchRow
	pauseUntil time.Time
	backoff    time.Duration
	err        error // the first reason the run stopped sending
	progMu     sync.Mutex
}

func (r *batchRunner) retryable(row ledger.BatchRow, t ledger.Txn) bool {
	why := TxnReason(t)
	return t.State == ledger.StateFailed && len(row.Tried) < MaxBatchRetries &&
		(why == ovo.ReasonTooManyRequests || why == ovo.ReasonTransactionNotFound)
}

// next takes the next row, waiting out a back-off; ok false when there is
// none or the run stops.
func (r *batchRunner) next(ctx context.Context) (ledger.BatchRow, bool) {
	for {
		r.mu.Lock()
		if r.err != nil || len(r.queue) == 0 || ctx.Err() != nil {
			r.mu.Unlock()
			return ledger.BatchRow{}, false
		}
		if w := time.Until(r.pauseUntil); w > 0 {
			r.mu.Unlock()
			if !sleepCtx(ctx, w) {
				return ledger.BatchRow{}, false
			}
			continue
		}
		row := r.queue[0]
		r.queue = r.queue[1:]
		r.mu.Unlock()
		return row, true
	}
}

func (r *batchRunner) stop(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
	}
}

func (r *batchRunner) report(row ledger.BatchRow, t ledger.Txn) {
	if r.progress == nil {
		return
	}
	r.progMu.Lock()
	defer r.progMu.Unlock()
	r.progress(row, t)
}

// work sends rows until the queue is empty or the run stops.
func (r *batchRunner) work(ctx context.Context) {
	for {
		row, ok := r.next(ctx)
		if !ok {
			return
		}
		q := Quote{Kind: ledger.KindDisburse, Phone: row.Phone, Name: row.AccountName, Amount: row.Amount, Fee: row.Fee, SessionID: row.SessionID}
		line := row.Line
		res, err := r.s.execute(ctx, Order{Quote: q, Operator: r.operator}, func(n ledger.NewTxn) (ledger.Txn, error) {
			return r.s.db.BeginBatchRow(r.id, line, n)
		})
		switch {
		case errors.Is(err, ledger.ErrBatchState):
			continue // begun meanwhile by another run: that run sends it
		case err != nil:
			r.stop(err)
			return
		}
		t := res.Txn
		r.report(row, t)
		if ovo.ReasonOf(res.Err) != ovo.ReasonTooManyRequests {
			r.mu.Lock()
			if t.State == ledger.StateSuccess {
				r.backoff = batchBackoff
			}
			r.mu.Unlock()
			continue
		}
		r.mu.Lock()
		r.pauseUntil = time.Now().Add(r.backoff)
		r.backoff = min(2*r.backoff, batchBackoffMax)
		r.mu.Unlock()
		row.State, row.Ref = ledger.RowSent, t.PartnerReferenceNo
		if !r.retryable(row, t) {
			continue
		}
		again, err := r.s.db.RequeueBatchRow(r.id, line, t.PartnerReferenceNo)
		if err != nil {
			r.stop(err)
			return
		}
		r.mu.Lock()
		r.queue = append(r.queue, again)
		r.mu.Unlock()
	}
}

// load queues the rows to send: approved rows not begun, and rows whose
// transaction OVO definitely did not apply (refused as too many requests,
// or unknown to OVO after a crash before the send) set aside to be sent
// again. It returns how many were queued.
func (r *batchRunner) load() (int, error) {
	rows, err := r.s.db.BatchRows(r.id)
	if err != nil {
		return 0, err
	}
	r.queue = r.queue[:0]
	for _, row := range rows {
		if row.State == ledger.RowSent {
			if t, err := r.s.db.Get(row.Ref); err == nil && r.retryable(row, t) {
				if row, err = r.s.db.RequeueBatchRow(r.id, row.Line, row.Ref); err != nil {
					return 0, err
				}
			}
		}
		if row.State == ledger.RowApproved {
			r.queue = append(r.queue, row)
		}
	}
	return len(r.queue), nil
}

// settleOpen asks OVO the status of the batch's open rows until none is
// open (true) or the deadline passes (false).
func (r *batchRunner) settleOpen(ctx context.Context, deadline time.Time) bool {
	pace := r.s.checkPace(deadline)
	for {
		rows, err := r.s.db.BatchRows(r.id)
		if err != nil {
			return false
		}
		open := 0
		for _, row := range rows {
			if row.State != ledger.RowSent {
				continue
			}
			t, err := r.s.db.Get(row.Ref)
			if err != nil || t.State.Final() {
				continue
			}
			open++
			if r.s.isInflight(row.Ref) {
				continue
			}
			if c, err := r.s.CheckStatus(ctx, row.Ref); err == nil && c.Txn.State.Final() {
				r.report(row, c.Txn)
				open--
			}
		}
		if open == 0 {
			return true
		}
		// The pause ends at the deadline at the latest: --wait bounds
		// the run, not the run plus a status interval.
		if !pace.wait(ctx) {
			return false
		}
	}
}
