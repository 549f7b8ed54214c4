package cashier

import (
	"errors"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Batch states, as BatchView.State says them: derived from the rows and
// their transactions, never stored, so they never contradict the ledger.
const (
	BatchLoaded   = "loaded"   // some valid rows not checked yet
	BatchChecked  = "checked"  // every row checked; waiting for approval
	BatchApproved = "approved" // approved; nothing sent yet
	BatchRunning  = "running"  // some rows sent, some waiting or still open
	BatchDone     = "done"     // every approved row final (success or failed)
)

// BatchRowView is one row with its outcome: for a sent row, State is its
// transaction's state (pending, unknown, success, failed) with OVO's
// reference and the receipt number; otherwise the row's own state.
type BatchRowView struct {
	ledger.BatchRow
	State       string // row or transaction state
	ReferenceNo string // OVO's reference (success)
	ReceiptNo   string // receipt number (success)
	Txn         *ledger.Txn
}

// BatchView is a batch with every row and the totals of its outcome.
type BatchView struct {
	ledger.Batch
	State string
	Rows  []BatchRowView
	// Counts and sums of the approved rows by outcome.
	Waiting, Open, Succeeded, Failed int   // rows: not sent yet, pending/unknown, success, failed
	Paid, FailedTotal, OpenTotal     int64 // rupiah
	// Ready and ReadyTotal: rows a check found ready to send (before approval).
	Ready      int
	ReadyTotal int64
	Unchecked  int
}

// Progress is how far batch v is, the one count the batches screen and
// `batch list` show: done is the rows whose payout is final (succeeded or
// failed), of the rows the batch pays or would pay — the approved rows
// once approved, before that the rows a check found ready plus those not
// checked yet. A done batch is of/of, failed rows included (they are
// final: Succeeded and Failed say how they ended).
func (v BatchView) Progress() (done, of int) {
	if v.Approved() {
		return v.Succeeded + v.Failed, v.ApprovedRows
	}
	return 0, v.Ready + v.Unchecked
}

// Batches lists every batch of the ledger, newest first.
func (s *Service) Batches() ([]ledger.Batch, error) { return s.db.Batches() }

// BatchStatus reads batch id with every row and its transaction.
func (s *Service) BatchStatus(id string) (BatchView, error) {
	b, err := s.db.GetBatch(id)
	if err != nil {
		return BatchView{}, batchErr(err)
	}
	rows, err := s.db.BatchRows(id)
	if err != nil {
		return BatchView{}, batchErr(err)
	}
	v := BatchView{Batch: b, Rows: make([]BatchRowView, len(rows))}
	sent := 0
	for i, r := range rows {
		rv := BatchRowView{BatchRow: r, State: string(r.State)}
		switch r.State {
		case ledger.RowLoaded:
			v.Unchecked++
		case ledger.RowReady:
			v.Ready++
			v.ReadyTotal += r.Amount
		case ledger.RowApproved:
			v.Waiting++
		case ledger.RowSent:
			sent++
			t, err := s.db.Get(r.Ref)
			if err != nil {
				return BatchView{}, err
			}
			rv.Txn, rv.State, rv.ReferenceNo, rv.ReceiptNo = &t, string(t.State), t.ReferenceNo, t.ReceiptNo
			if rv.Reason == "" {
				if why := TxnReason(t); why != "" && t.State != ledger.StateSuccess {
					rv.Reason, rv.ReasonArg = ReasonRowTxn, string(why)
				}
			}
			switch t.State {
			case ledger.StateSuccess:
				v.Succeeded++
				v.Paid += t.Amount
			case ledger.StateFailed:
				v.Failed++
				v.FailedTotal += t.Amount
			default:
				v.Open++
				v.OpenTotal += t.Amount
			}
		}
		v.Rows[i] = rv
	}
	switch {
	case !b.Approved() && v.Unchecked > 0:
		v.State = BatchLoaded
	case !b.Approved():
		v.State = BatchChecked
	case v.Waiting == 0 && v.Open == 0:
		v.State = BatchDone
	case sent == 0:
		v.State = BatchApproved
	default:
		v.State = BatchRunning
	}
	return v, nil
}

// batchErr marks an unknown batch id as bad input.
func batchErr(err error) error {
	if errors.Is(err, ledger.ErrBatchNotFound) {
		return InputError(err)
	}
	return err
}

// BatchProgress is every batch with its state and totals (without rows),
// newest first: what the batches screen and `batch list` show.
func (s *Service) BatchProgress() ([]BatchView, error) {
	bs, err := s.db.Batches()
	if err != nil {
		return nil, err
	}
	out := make([]BatchView, 0, len(bs))
	for _, b := range bs {
		v, err := s.BatchStatus(b.ID)
		if err != nil {
			return nil, err
		}
		v.Rows = nil
		out = append(out, v)
	}
	return out, nil
}
