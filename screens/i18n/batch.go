package i18n

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// BatchKey names one text of batch disbursement (the command line and the
// batches screen), kept apart from Key so that batches add no line to the
// main catalog.
type BatchKey int

// Texts of batches. Verbs are named in the comments.
const (
	BatchLoaded          BatchKey = iota // %s id, %d rows, %d valid, %d invalid, %s total
	BatchBadRow                          // %d line, %s reason
	BatchDupOf                           // %s earlier batch
	BatchLoadedHint                      // %s id: what to do next
	BatchAlready                         // %s earlier batch
	BatchSSHStdin                        // over SSH the file comes on stdin
	BatchNeedFile                        // FILE or - is needed
	BatchNeedID                          // an ID is needed
	BatchSummary                         // %s id (and name), %s state
	BatchCounts                          // %d ready, %s, %d waiting, %d open, %d succeeded, %d failed
	BatchPaid                            // %s paid, %s failed, %s open
	BatchApproveWhat                     // %d rows, %s total: give --rows and --total
	BatchApproved                        // %s id, %s approver, %d rows, %s total
	BatchShortfall                       // %s total, %s available, %s shortfall
	BatchSameOperator                    // %s loader
	BatchNotState                        // %s detail
	BatchCheckStopped                    // %s error
	BatchNone                            // no batches
	BatchTitle                           // screen title
	BatchListHeader                      // screen column header
	BatchScreenHint                      // screen keys
	BatchUnchecked                       // %d rows not checked yet
	BatchRunStopped                      // %s reason
	BatchOpenLeft                        // %d rows still unknown
	BatchColumns                         // BatchHeader's column names, separated by |
	BatchAlreadyApproved                 // %s id, %s approver
	BatchNotApproved                     // %s id
	BatchMismatch                        // %d rows, %s total given; %d rows, %s total of the batch
	BatchNotFound                        // %s id
	BatchCountsApproved                  // BatchCounts of an approved batch: %d approved, %s, …
	BatchInterrupted                     // why a check or run stopped: Ctrl+C (its context cancelled)
	BatchBadRate                         // --rate out of range
	BatchBadConcurrency                  // --concurrency out of range
	batchKeys
)

var batchTexts = map[BatchKey]pair{
	BatchNotFound:        {"tidak ada batch %q (lihat batch list)", "there is no batch %q (see batch list)"},
	BatchInterrupted:     {"dihentikan (Ctrl+C)", "interrupted (Ctrl+C)"},
	BatchBadRate:         {"--rate harus ≥ 0 (0: tanpa batas)", "--rate must be ≥ 0 (0: unbounded)"},
	BatchBadConcurrency:  {"--concurrency harus 1…64", "--concurrency must be 1…64"},
	BatchAlreadyApproved: {"batch %s sudah disetujui oleh %s", "batch %s was already approved by %s"},
	BatchNotApproved:     {"batch %s belum disetujui; tidak ada yang dikirim", "batch %s is not approved; nothing was sent"},
	BatchMismatch:        {"yang disetujui (%d baris, %s) bukan isi batch (%d baris, %s); tidak disetujui", "what you approve (%d rows, %s) is not what the batch holds (%d rows, %s); not approved"},
	BatchLoaded:          {"Batch %s dimuat: %d baris, %d sah, %d ditolak, total %s. Belum ada yang dikirim.", "Batch %s loaded: %d rows, %d valid, %d refused, total %s. Nothing was sent."},
	BatchBadRow:          {"baris %d: %s", "line %d: %s"},
	BatchDupOf:           {"Berkas yang sama sudah dimuat sebagai batch %s (dimuat lagi dengan --again).", "The same file was already loaded as batch %s (loaded again with --again)."},
	BatchLoadedHint:      {"Berikutnya: batch check %s, lalu seorang supervisor lain menjalankan batch approve.", "Next: batch check %s, then another operator (a supervisor) runs batch approve."},
	BatchAlready:         {"berkas yang sama sudah dimuat sebagai batch %s; tidak dimuat lagi (pakai --again bila memang disengaja)", "the same file was already loaded as batch %s; not loaded again (use --again if this is intended)"},
	BatchSSHStdin:        {"lewat SSH berkas dikirim di standard input: batch load - < berkas.csv", "over SSH the file comes on standard input: batch load - < file.csv"},
	BatchNeedFile:        {"sebutkan BERKAS atau - (standard input)", "name a FILE or - (standard input)"},
	BatchNeedID:          {"sebutkan ID batch (lihat batch list)", "name a batch ID (see batch list)"},
	BatchSummary:         {"Batch %s: %s", "Batch %s: %s"},
	BatchCounts:          {"%d siap (%s), %d menunggu, %d belum pasti, %d berhasil, %d gagal", "%d ready (%s), %d waiting, %d unknown, %d succeeded, %d failed"},
	BatchPaid:            {"Dibayar %s, gagal %s, belum pasti %s", "Paid %s, failed %s, unknown %s"},
	BatchApproveWhat:     {"batch ini akan membayar %d baris, total %s: setujui dengan --rows dan --total yang sama", "this batch would pay %d rows for a total of %s: approve with the same --rows and --total"},
	BatchApproved:        {"Batch %s disetujui oleh %s: %d baris, total %s dicadangkan dari deposit.", "Batch %s approved by %s: %d rows, total %s reserved from the deposit."},
	BatchShortfall:       {"deposit tidak cukup untuk batch ini: total %s, tersedia %s, kurang %s", "the deposit is too low for this batch: total %s, available %s, short by %s"},
	BatchSameOperator:    {"%s memuat batch ini; operator lain (supervisor) harus menyetujuinya", "%s loaded this batch; another operator (a supervisor) must approve it"},
	BatchNotState:        {"batch tidak dalam keadaan yang memungkinkan ini: %s", "the batch is not in a state that allows this: %s"},
	BatchCheckStopped:    {"pemeriksaan berhenti (jalankan lagi untuk melanjutkan): %s", "the check stopped (run it again to resume): %s"},
	BatchNone:            {"belum ada batch", "no batches yet"},
	BatchTitle:           {"Batch pembayaran", "Batch payouts"},
	BatchListHeader:      {"Batch", "Batches"},
	BatchScreenHint:      {"↑/↓ pilih · r segarkan · esc kembali", "↑/↓ select · r refresh · esc back"},
	BatchUnchecked:       {"%d baris belum diperiksa", "%d rows not checked yet"},
	BatchRunStopped:      {"pengiriman berhenti, baris yang tersisa menunggu (jalankan batch run lagi): %s", "sending stopped, the remaining rows wait (run batch run again): %s"},
	BatchOpenLeft:        {"%d baris belum pasti; rekonsiliasi akan menyelesaikannya (atau jalankan batch run lagi)", "%d rows still unknown; the reconciler settles them (or run batch run again)"},
	BatchColumns:         {"ID|Nama|Status|Baris|Selesai|Dibayar", "ID|Name|State|Rows|Final|Paid"},
	BatchCountsApproved:  {"%d disetujui (%s), %d menunggu, %d belum pasti, %d berhasil, %d gagal", "%d approved (%s), %d waiting, %d unknown, %d succeeded, %d failed"},
}

// B is the text of a batch key.
func (c *Catalog) B(k BatchKey) string {
	p, ok := batchTexts[k]
	if !ok {
		return fmt.Sprintf("?b%d", int(k))
	}
	return p.in(c.Lang())
}

// BF formats the text of a batch key with args.
func (c *Catalog) BF(k BatchKey, args ...any) string { return fmt.Sprintf(c.B(k), args...) }

// batchLine lays out one batch of BatchLine (and the header).
const batchLine = "%-8s %-20s %-10s %5s  %-11s %s"

// BatchHeader names the columns of BatchLine.
func (c *Catalog) BatchHeader() string {
	w := strings.Split(c.B(BatchColumns), "|")
	args := make([]any, 6)
	for i := range args {
		if i < len(w) {
			args[i] = w[i]
		}
	}
	return strings.TrimRight(fmt.Sprintf(batchLine, args...), " ")
}

// BatchLine is one batch with its progress (cashier.BatchView.Progress):
// the batches screen's line and `batch list`'s, the same words.
func (c *Catalog) BatchLine(v cashier.BatchView) string {
	done, of := v.Progress()
	return fmt.Sprintf(batchLine, v.ID, clip(v.Name, 20), clip(c.BatchState(v.State), 10), strconv.Itoa(v.Batch.Rows),
		fmt.Sprintf("%d/%d", done, of), cashier.Rupiah(v.Paid))
}

// BatchTotals are the counts and sums of batch v, one per line: what
// `batch status` prints under the batch and the batches screen under the
// selected one. An approved batch counts its approved rows (not "ready":
// --json's ready is 0 then) and says what was paid.
func (c *Catalog) BatchTotals(v cashier.BatchView) []string {
	ready, readyTotal, counts := v.Ready, v.ReadyTotal, BatchCounts
	if v.Approved() {
		ready, readyTotal, counts = v.ApprovedRows, v.ApprovedTotal, BatchCountsApproved
	}
	out := []string{c.BF(counts, ready, cashier.Rupiah(readyTotal), v.Waiting, v.Open, v.Succeeded, v.Failed)}
	if v.Approved() {
		out = append(out, c.BF(BatchPaid, cashier.Rupiah(v.Paid), cashier.Rupiah(v.FailedTotal), cashier.Rupiah(v.OpenTotal)))
	}
	if v.Unchecked > 0 {
		out = append(out, c.BF(BatchUnchecked, v.Unchecked))
	}
	return out
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if n <= 0 || len(r) <= n {
		return s
	}
	return string(r[:n])
}

// batchStates words the states of rows.
var batchStates = map[string]pair{
	string(cashier.RowInvalid):   {"ditolak", "refused"},
	string(cashier.RowDuplicate): {"duplikat", "duplicate"},
	string(cashier.RowLoaded):    {"belum diperiksa", "not checked"},
	string(cashier.RowReady):     {"siap", "ready"},
	string(cashier.RowSuspected): {"DICURIGAI", "SUSPECTED"},
	string(cashier.RowMissing):   {"akun tidak ada", "no account"},
	string(cashier.RowBlocked):   {"akun diblokir", "account blocked"},
	string(cashier.RowRefused):   {"ditolak OVO", "refused by OVO"},
	string(cashier.RowApproved):  {"menunggu kirim", "waiting to send"},
	string(cashier.StatePending): {"diproses", "pending"},
	string(cashier.StateUnknown): {"belum pasti", "unknown"},
	string(cashier.StateSuccess): {"berhasil", "success"},
	string(cashier.StateFailed):  {"gagal", "failed"},
}

// RowState words a row's state (a sent row's is its transaction's).
func (c *Catalog) RowState(s string) string {
	if p, ok := batchStates[s]; ok {
		return p.in(c.Lang())
	}
	return s
}

var batchWholeStates = map[string]pair{
	cashier.BatchLoaded:   {"dimuat", "loaded"},
	cashier.BatchChecked:  {"diperiksa", "checked"},
	cashier.BatchApproved: {"disetujui", "approved"},
	cashier.BatchRunning:  {"berjalan", "running"},
	cashier.BatchDone:     {"selesai", "done"},
}

// BatchState words a batch's state (cashier.BatchLoaded…).
func (c *Catalog) BatchState(s string) string {
	if p, ok := batchWholeStates[s]; ok {
		return p.in(c.Lang())
	}
	return s
}

// batchReasons words the reasons of rows; %s is the row's ReasonArg.
var batchReasons = map[string]pair{
	cashier.ReasonRowColumns:   {"jumlah kolom salah (%s kolom)", "wrong number of columns (%s fields)"},
	cashier.ReasonRowPhone:     {"nomor HP %q tidak sah (08…, 10–13 angka)", "phone %q is not valid (08…, 10–13 digits)"},
	cashier.ReasonRowAmount:    {"jumlah %q tidak sah (rupiah utuh, mis. 50000 atau 50.000)", "amount %q is not valid (whole rupiah, e.g. 50000 or 50.000)"},
	cashier.ReasonRowTooLong:   {"kolom %s terlalu panjang", "column %s is too long"},
	cashier.ReasonRowDuplicate: {"HP dan jumlah sama dengan baris %s", "same phone and amount as line %s"},
	cashier.ReasonRowDupRef:    {"referensi sama dengan baris %s", "same reference as line %s"},
	cashier.ReasonRowNoAccount: {"nomor ini tidak punya akun OVO", "this number has no OVO account"},
	cashier.ReasonRowBlocked:   {"akun OVO tidak dapat menerima (%s)", "the OVO account cannot receive money (%s)"},
	cashier.ReasonRowRefused:   {"OVO menolak (%s)", "OVO refused (%s)"},
	cashier.ReasonRowLimit:     {"jumlah di luar batas OVO (%s)", "amount outside OVO's limits (%s)"},
	cashier.ReasonRowAboveMax:  {"jumlah di atas batas OVO per transaksi (%s)", "amount above OVO's per-transaction maximum (%s)"},
	cashier.ReasonRowMakerTxn:  {"di atas batas %s per transaksi: dikirim hanya dengan persetujuan batch ini oleh supervisor", "above the limit of %s per transaction: sent only with this batch's approval by a supervisor"},
	cashier.ReasonRowMakerDay:  {"melewati batas harian %s: dikirim hanya dengan persetujuan batch ini oleh supervisor", "over the daily limit of %s: sent only with this batch's approval by a supervisor"},
	cashier.ReasonRowName:      {"nama di OVO %q berbeda dengan nama yang diharapkan", "OVO's name %q differs from the expected name"},
	cashier.ReasonRowCheckFail: {"pemeriksaan gagal (%s)", "the check failed (%s)"},
}

// BatchReason words a row's reason code with its detail; a transaction's
// reason (cashier.ReasonRowTxn) is OVO's reason in words.
func (c *Catalog) BatchReason(code, arg string) string {
	if code == "" {
		return ""
	}
	if code == cashier.ReasonRowTxn {
		return c.Reason(ovo.Reason(arg))
	}
	p, ok := batchReasons[code]
	if !ok {
		return code
	}
	if (code == cashier.ReasonRowBlocked || code == cashier.ReasonRowRefused) && arg != "" {
		arg = c.Reason(ovo.Reason(arg))
	}
	switch code {
	case cashier.ReasonRowAboveMax:
		n, _ := strconv.ParseInt(arg, 10, 64)
		arg = cashier.Rupiah(n)
	case cashier.ReasonRowMakerTxn, cashier.ReasonRowMakerDay:
		// "role:limit" in words: "a cashier (Rp1.000.000)".
		role, lim, _ := strings.Cut(arg, ":")
		n, _ := strconv.ParseInt(lim, 10, 64)
		arg = c.Role(cashier.Role(role)) + " (" + cashier.Rupiah(n) + ")"
	}
	if code == cashier.ReasonRowLimit {
		if lo, hi, ok := strings.Cut(arg, "-"); ok {
			a, _ := strconv.ParseInt(lo, 10, 64)
			b, _ := strconv.ParseInt(hi, 10, 64)
			arg = cashier.Rupiah(a) + "–" + cashier.Rupiah(b)
		}
	}
	if strings.Contains(p.in(c.Lang()), "%") {
		return fmt.Sprintf(p.in(c.Lang()), arg)
	}
	return p.in(c.Lang())
}

// batchFileTexts words a file refused as a whole (cashier.BatchFileError).
var batchFileTexts = map[string]pair{
	"size":      {"berkas lebih besar dari %s byte", "the file is larger than %s bytes"},
	"encoding":  {"berkas bukan UTF-8 (simpan sebagai \"CSV UTF-8\")", "the file is not UTF-8 (save it as \"CSV UTF-8\")"},
	"utf16":     {"berkas UTF-16 tidak dibaca (simpan sebagai \"CSV UTF-8\")", "UTF-16 files are not read (save it as \"CSV UTF-8\")"},
	"binary":    {"ini bukan berkas teks CSV", "this is not a CSV text file"},
	"separator": {"pemisah %q tidak dibaca: pakai koma atau titik koma", "separator %q is not read: use commas or semicolons"},
	"header":    {"baris judul tidak punya kolom %s (kolom: phone,amount[,note][,reference][,name])", "the header row has no %s column (columns: phone,amount[,note][,reference][,name])"},
	"column":    {"kolom %q tidak dikenal atau berulang (kolom: phone,amount[,note][,reference][,name])", "column %q is unknown or repeated (columns: phone,amount[,note][,reference][,name])"},
	"empty":     {"berkas tidak berisi baris pembayaran", "the file holds no payout rows"},
	"rows":      {"berkas lebih dari %s baris", "the file has more than %s rows"},
	"csv":       {"berkas tidak terbaca sebagai CSV: %s", "the file cannot be read as CSV: %s"},
	// Not the parser's: commands could not open or read the file (Arg: its name).
	"missing":    {"berkas %q tidak ada", "there is no file %q"},
	"unreadable": {"berkas %q tidak dapat dibaca (izin, atau sebuah folder)", "the file %q cannot be read (permissions, or a folder)"},
	"quote": {"baris %s: tanda kutip tidak tertutup atau ada di tengah kolom (apit seluruh kolom dengan kutip dan gandakan kutip di dalamnya)",
		"line %s: a quote is not closed or stands inside a field (put the whole field in quotes and double every quote inside it)"},
	"novalid": {"tidak ada baris yang sah (%s ditolak); tidak ada yang dimuat", "no valid row (%s refused); nothing was loaded"},
}

// BatchFile words a file refused as a whole.
func (c *Catalog) BatchFile(e *cashier.BatchFileError) string {
	p, ok := batchFileTexts[e.Code]
	if !ok {
		return e.Error()
	}
	if strings.Contains(p.in(c.Lang()), "%") {
		return fmt.Sprintf(p.in(c.Lang()), e.Arg)
	}
	return p.in(c.Lang())
}
