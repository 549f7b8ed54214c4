package cashier

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Batch disbursement: a CSV file of payouts is loaded (every row validated,
// nothing sent), checked (account inquiry per row), approved as a whole by
// another operator (the total reserved against the deposit), and run (each
// row an ordinary disbursement through the money-safe flow, linked to its
// row in the commit of its pending record). See batch_check.go,
// batch_approve.go and batch_run.go.

// Limits of a batch file.
const (
	MaxBatchBytes = 8 << 20 // a larger file is refused
	MaxBatchRows  = 20_000  // rows besides the header
	// MaxTxnAmount is OVO's per-transaction maximum for a disbursement
	// as OVO documents it (SNAP.md: above it OVO answers 4033802 "Exceeds
	// Transaction Amount Limit"; the UAT's "disburse above limit 10 mio"):
	// the one per-transaction limit known without asking OVO, so a batch
	// row above it is refused at load. OVO's per-account limits (its
	// minimum, the account's monthly cash-in) come from the inquiry and
	// are checked by `batch check`.
	MaxTxnAmount = 10_000_000
	maxNoteLen   = 100
	maxNameLen   = 100
	maxRefLen    = 64
)

// Reason codes of batch rows (BatchRow.Reason); the catalog words them in
// both languages, with BatchRow.ReasonArg as their detail.
const (
	ReasonRowColumns   = "columns"       // arg: the number of fields found
	ReasonRowPhone     = "phone"         // arg: the phone as written
	ReasonRowAmount    = "amount"        // arg: the amount as written
	ReasonRowTooLong   = "too_long"      // arg: the column
	ReasonRowDuplicate = "duplicate"     // arg: the earlier line
	ReasonRowDupRef    = "duplicate_ref" // arg: the earlier line
	ReasonRowNoAccount = "no_account"    // arg: OVO's reason
	ReasonRowBlocked   = "blocked"       // arg: OVO's reason
	ReasonRowRefused   = "refused"       // arg: OVO's reason
	ReasonRowLimit     = "limit"         // arg: "min-max"
	ReasonRowAboveMax  = "above_max"     // arg: MaxTxnAmount (refused at load)
	ReasonRowMakerTxn  = "maker_txn"     // arg: "role:limit" (a notice, see BatchNotices)
	ReasonRowMakerDay  = "maker_day"     // arg: "role:limit" (a notice, see BatchNotices)
	ReasonRowName      = "name_mismatch" // arg: OVO's name
	ReasonRowCheckFail = "check_failed"  // arg: OVO's reason (the row stays unchecked)
	ReasonRowTxn       = "txn"           // arg: the transaction's reason (ovo.Reason)
)

// BatchFileError is a file refused as a whole (not a CSV ovocashier reads);
// Code says why, for the catalog: "size", "encoding", "utf16", "binary",
// "separator", "header", "column", "empty", "rows", "quote" (Arg: the
// line), "csv"; Arg the detail.
type BatchFileError struct{ Code, Arg string }

func (e *BatchFileError) Error() string {
	return fmt.Sprintf("batch file refused: %s %s", e.Code, e.Arg)
}

// Is makes a BatchFileError bad input (exit 2).
func (e *BatchFileError) Is(t error) bool { return t == ErrInvalidInput }

// ParsedBatch is a file read into rows, before it is stored.
type ParsedBatch struct {
	Hash string
	Rows []ledger.BatchRow
}

// ParseBatch reads a batch file: a header row naming the columns phone,
// amount and optionally note, reference and name (any order, any case),
// then one payout per row. UTF-8 (with or without a BOM), ',' or ';'
// separators and CRLF line ends are read; UTF-16, other encodings, tabs,
// unknown or repeated columns are refused as a whole with a
// *BatchFileError. Every row is validated (phone, amount with ParseAmount,
// lengths); a bad row is kept as RowInvalid with its line and reason, a
// row repeating an earlier row's phone and amount (or its reference) as
// RowDuplicate.
func ParseBatch(data []byte) (ParsedBatch, error) {
	if len(data) > MaxBatchBytes {
		return ParsedBatch{}, &BatchFileError{"size", strconv.Itoa(MaxBatchBytes)}
	}
	sum := sha256.Sum256(data)
	p := ParsedBatch{Hash: hex.EncodeToString(sum[:])}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return p, &BatchFileError{"utf16", ""}
	case bytes.IndexByte(data, 0) >= 0:
		return p, &BatchFileError{"binary", ""}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return p, &BatchFileError{"encoding", ""}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return p, &BatchFileError{"empty", ""}
	}
	header, _, _ := bytes.Cut(data, []byte("\n"))
	var sep rune
	switch {
	case bytes.ContainsRune(header, '\t'):
		return p, &BatchFileError{"separator", "tab"}
	case bytes.ContainsRune(header, ';') && !bytes.ContainsRune(header, ','):
		sep = ';'
	case bytes.ContainsRune(header, ','):
		sep = ','
	case bytes.ContainsRune(header, '|'):
		return p, &BatchFileError{"separator", "|"}
	default:
		sep = ',' // one column only: the header check says which is missing
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.ReuseRecord = sep, -1, false
	head, err := r.Read()
	if err != nil {
		return p, csvError(err)
	}
	col := map[string]int{}
	for i, h := range head {
		name := strings.ToLower(strings.TrimSpace(h))
		switch name {
		case "phone", "amount", "note", "reference", "name":
		default:
			return p, &BatchFileError{"column", strings.TrimSpace(h)}
		}
		if _, dup := col[name]; dup {
			return p, &BatchFileError{"column", name}
		}
		col[name] = i
	}
	for _, need := range []string{"phone", "amount"} {
		if _, ok := col[need]; !ok {
			return p, &BatchFileError{"header", need}
		}
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	seen := map[string]int{}    // phone|amount → line
	seenRef := map[string]int{} // reference → line
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote: where the file stops making sense is not
			// guessed past (FieldsPerRecord is -1: no field-count errors).
			return p, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if len(p.Rows) >= MaxBatchRows {
			return p, &BatchFileError{"rows", strconv.Itoa(MaxBatchRows)}
		}
		row := ledger.BatchRow{Line: line, State: ledger.RowLoaded}
		bad := func(reason, arg string) { row.State, row.Reason, row.ReasonArg = ledger.RowInvalid, reason, arg }
		row.Note, row.Reference, row.ExpectedName = field(rec, "note"), field(rec, "reference"), field(rec, "name")
		rawPhone, rawAmount := field(rec, "phone"), field(rec, "amount")
		row.Phone = rawPhone
		if len(rec) != len(head) {
			bad(ReasonRowColumns, strconv.Itoa(len(rec)))
		} else if ph, err := NormalizePhone(rawPhone); err != nil {
			row.Amount, _ = ParseAmount(rawAmount) // shown with the bad row
			bad(ReasonRowPhone, rawPhone)
		} else if amt, err := ParseAmount(rawAmount); err != nil {
			row.Phone = ph
			bad(ReasonRowAmount, rawAmount)
		} else {
			row.Phone, row.Amount = ph, amt
			switch {
			case amt > MaxTxnAmount:
				bad(ReasonRowAboveMax, strconv.Itoa(MaxTxnAmount))
			case utf8.RuneCountInString(row.Note) > maxNoteLen:
				bad(ReasonRowTooLong, "note")
			case utf8.RuneCountInString(row.ExpectedName) > maxNameLen:
				bad(ReasonRowTooLong, "name")
			case utf8.RuneCountInString(row.Reference) > maxRefLen:
				bad(ReasonRowTooLong, "reference")
			}
		}
		if row.State == ledger.RowLoaded {
			key := row.Phone + "|" + strconv.FormatInt(row.Amount, 10)
			if first, ok := seen[key]; ok {
				row.State, row.Reason, row.ReasonArg = ledger.RowDuplicate, ReasonRowDuplicate, strconv.Itoa(first)
			} else if first, ok := seenRef[row.Reference]; ok && row.Reference != "" {
				row.State, row.Reason, row.ReasonArg = ledger.RowDuplicate, ReasonRowDupRef, strconv.Itoa(first)
			} else {
				seen[key] = line
				if row.Reference != "" {
					seenRef[row.Reference] = line
				}
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if len(p.Rows) == 0 {
		return p, &BatchFileError{"empty", ""}
	}
	return p, nil
}

// csvError is a file the CSV reader gave up on: a broken quote is code
// "quote" with the line where its record starts (the catalog words it in
// both languages); anything else "csv" with the reader's own words.
func csvError(err error) *BatchFileError {
	var pe *csv.ParseError
	if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)) {
		return &BatchFileError{"quote", strconv.Itoa(pe.StartLine)}
	}
	return &BatchFileError{"csv", err.Error()}
}

// LoadBatch parses data and stores it as a new batch named name, loaded by
// operator; nothing is sent. A file without a single valid row is refused
// (a *BatchFileError, bad input) and not stored; so is a file loaded
// before (a *ledger.BatchLoadedError naming the first batch) unless again
// is true. The stored batch and its rows are returned, bad rows included.
func (s *Service) LoadBatch(data []byte, name, operator string, again bool) (ledger.Batch, []ledger.BatchRow, error) {
	p, err := ParseBatch(data)
	if err != nil {
		return ledger.Batch{}, nil, err
	}
	b := ledger.Batch{Name: strings.TrimSpace(name), Hash: p.Hash, LoadedBy: operator, Rows: len(p.Rows)}
	if utf8.RuneCountInString(b.Name) > maxNameLen {
		return ledger.Batch{}, nil, invalid("batch name is longer than %d characters", maxNameLen)
	}
	for _, r := range p.Rows {
		if r.State == ledger.RowLoaded {
			b.Valid++
			b.Total += r.Amount
		} else {
			b.Invalid++
		}
	}
	if b.Valid == 0 {
		return b, p.Rows, &BatchFileError{"novalid", strconv.Itoa(b.Invalid)}
	}
	b, err = s.db.CreateBatch(b, p.Rows, again)
	if err != nil {
		return ledger.Batch{}, nil, err
	}
	s.log.Info("batch loaded", "batch", b.ID, "rows", b.Rows, "valid", b.Valid, "total", b.Total, "operator", operator)
	return b, p.Rows, nil
}

// RowNotice is a valid row that a limit concerns without refusing it:
// Reason (ReasonRowMakerTxn, ReasonRowMakerDay) and Arg ("role:limit")
// are worded by the catalog like a row's reason.
type RowNotice struct {
	Line        int
	Phone       string
	Amount      int64
	Reason, Arg string
}

// BatchNotices lists the valid rows of a batch loaded by by that are above
// their maker's approval limits (Config.Limits of by.Role for a
// disbursement): above the per-transaction limit, or taking the maker's
// disbursements of the day (sent or held, plus the batch's rows before
// it) above the per-day limit. Sent alone such a row would wait for a
// supervisor's approval; in a batch, the batch's approval by a supervisor
// who did not load it is that approval, so the rows stay valid and are
// listed at load for the approver's eye. Nothing for a role without
// limits (supervisors, owners, roles not in use).
func (s *Service) BatchNotices(rows []ledger.BatchRow, by Actor) ([]RowNotice, error) {
	if by.Role == "" {
		return nil, nil
	}
	lim := s.cfg.Limits[by.Role][ledger.KindDisburse]
	if lim.PerTxn <= 0 && lim.PerDay <= 0 {
		return nil, nil
	}
	var day int64
	if lim.PerDay > 0 {
		var err error
		if day, err = s.makerDayTotal(by.Name, ledger.KindDisburse); err != nil {
			return nil, err
		}
	}
	var out []RowNotice
	for _, r := range rows {
		if r.State != ledger.RowLoaded {
			continue
		}
		day += r.Amount
		switch {
		case lim.PerTxn > 0 && r.Amount > lim.PerTxn:
			out = append(out, RowNotice{r.Line, r.Phone, r.Amount, ReasonRowMakerTxn, fmt.Sprintf("%s:%d", by.Role, lim.PerTxn)})
		case lim.PerDay > 0 && day > lim.PerDay:
			out = append(out, RowNotice{r.Line, r.Phone, r.Amount, ReasonRowMakerDay, fmt.Sprintf("%s:%d", by.Role, lim.PerDay)})
		}
	}
	return out, nil
}
