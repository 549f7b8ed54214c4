package i18n

import (
	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Every operator-facing text of the cashier, Indonesian first, English
// second. Texts with verbs take the arguments named in their comment.
// Sentences that may be followed by OVO's code have no final full stop.
const (
	// The menu.
	MenuTitle Key = iota
	MenuTopUp
	MenuDisburse
	MenuStatus
	MenuDeposit
	MenuHistory
	MenuQuit
	MenuHint
	MenuBatches

	// Journeys and steps.
	TopUpTitle
	DisburseTitle
	StepPhone
	StepAmount
	StepCheckout
	StepConfirm
	StepResult
	KindTopUp
	KindDisburse
	KindTopUpShort
	KindDisburseShort

	// Phone numbers.
	PhoneLabel
	PhoneHint
	PhoneOK
	PhoneOKNormalized // %s: the number in 08… form
	PhoneDigitsOnly
	PhoneEmpty
	PhoneChars
	PhonePrefix
	PhoneShort // %d, %d: fewest and most digits
	PhoneLong  // %d, %d: fewest and most digits
	PhoneInvalid

	// Amounts.
	CustomAmount
	AmountHint
	AmountDigitsOnly
	DisburseAmountLabel
	AmountBelowMin // %s: the minimum
	AmountAboveMax // %s: the maximum
	LimitsLine     // %s, %s: minimum and maximum
	DepositLowWarn // %s: the available deposit
	DepositTooLow  // %s, %s: the amount and the available deposit
	DepositUnread  // %s: the amount

	// Details.
	Customer
	AccountName
	Phone
	Amount
	FeeDeducted
	CustomerReceives
	DepositAvailable
	OVOReference
	PartnerReference
	ReceiptNo
	Time
	Changes

	// Inquiry, checkout, processing, result.
	AskingOVO
	InquiryFailed
	OVOUnavailable
	CheckoutQuestion
	DisburseQuestion
	ConfirmSend
	Processing
	ProcessingNote
	SuccessBanner // %s: the kind of transaction
	FailedBanner  // %s: the kind of transaction
	PendingBanner
	PendingNote
	NoMoneyMoved
	NotSent
	NothingSent
	OVOStatusIs // %s, %s: the status with its words, OVO's description
	ServiceClosed
	ErrorGeneric // %s: the error
	ReasonEmpty

	// Receipts.
	ReceiptTitle
	Printing
	Saving
	PrintedOn   // %s: the printer
	SavedIn     // %s: the folder
	PrintFailed // %s: the error
	// Print failures, %s: the printer.
	PrintTimeout
	PrintBusy
	PrintCancelled
	PrintUnreachable
	PrintNoDevice
	PrintNotSaved
	PrintWrite
	Attempt // %d: the how-manieth try
	NoPrinter
	NoPrinterHint
	ReceiptLines // %d, %d, %d: first and last line shown, of how many

	// Status checks.
	StatusTitle
	RefLabel
	RecentPick
	OVOStatus
	OVOStatusLine // %s, %s: the status with its words, when it was asked
	Ledger
	NotInLedger
	JustUpdated
	CheckedAt
	Mismatch
	CheckFailed // %s: why
	CheckFailedBanner

	// Deposit.
	DepositTitle
	DepositBalance
	DepositReserved
	DepositReadAt
	DepositNote
	DepositRefreshFailed

	// History.
	HistoryTitle
	DetailTitle
	PageN // %d: the page number
	FilterLabel
	FilterHint
	FilteredPhone // %s: the phone number
	FilteredRef   // %s: the reference
	NoTransactions
	ColTime
	ColKind
	ColState
	ColAmount
	ColPhone
	ColName

	// The shell.
	AppName
	HeaderOperator
	HeaderDeposit
	DepositUnknown
	HeaderClockOff
	QuitInFlight
	Finishing
	FinishingNote
	ProdBanner
	ProdWarning
	ProdQuestion
	ProdWrong
	TooSmallTitle
	TooSmallNow  // %d, %d: columns and rows now
	TooSmallNeed // %d, %d: columns and rows needed
	TooSmallHint

	// Key help.
	KeyUp
	KeyDown
	KeyEnter
	KeyBack
	KeyQuit
	KeySuspend
	KeyConfirm
	KeyPresets
	KeyCustom
	KeySwitchField
	KeyChoose
	KeyPrint
	KeySave
	KeyView
	KeyNext
	KeyCheck
	KeyRefresh
	KeyFilter
	KeyClearFilter
	KeyNextPage
	KeyPrevPage
	KeyHistory
	KeyYes
	KeyNo
	KeyScroll
	KeyContinue
	KeyMenu
	KeyOpen
	KeyApply
	KeyCancel
	KeyPick

	// The command line (package commands): table labels, hints, refusals.
	CLIKindTopUp
	CLIKindDisburse
	CLIReference
	CLIOVOReference
	CLICustomer
	CLIAccountName
	CLIAmount
	CLIFee
	CLIReceives
	CLIReceipt
	CLIOVOSaid
	CLINoAnswer
	CLIReason
	CLIOperator
	CLITime
	CLILimitsLabel
	CLILimits       // %s, %s: the minimum and the maximum
	CLIPendingHint  // %s: the partner reference
	CLINote         // %s: the note
	CLIDepositStale // %s: why
	CLIDepositAtOVO // %s: the amount
	CLIDepositBalance
	CLIDepositReserved
	CLIDepositAvailable
	CLIReadAt
	CLIOVOStatus      // %s: the status with its words
	CLINotInLedger    // %s: the reference
	CLIMismatch       // %s, %s: the ledger's state, OVO's status
	CLIHistoryHeading // tab-separated column names
	CLINoTransactions
	CLIMore           // %s: the command line of the next page
	CLIReconciled     // %s, %s, %s: reference, state, OVO's status
	CLIReconcileTotal // %d, %d: checked, still open
	CLIReconcileHeld  // %s, %s: reference, state (another process holds it)
	CLIReceiptSent    // %s, %s: the reference, the printer
	CLIRequired       // %s: the flag
	CLILimitRange
	CLIBadDay        // %s: what was given
	CLINoTxn         // %s: the reference
	CLIUnexpectedArg // %s: the argument
	CLIBadFlags
	CLIReadingDeposit // %s: why
	CLINoSocket       // %s: the ledger file, %s: why
	CLILostProcess
	CLILocalOnly      // %s: the command
	CLINotOverSSH     // %s: the command
	CLIUnknownCommand // %s: the command
	CLIBadAmount      // %s: what was given
	CLIUnknownFlag    // %s: the flag
	CLIRemoteSetting  // %s: the flag
	CLIBadKind        // %s: what was given
	CLIOtherEnv       // %s, %s: the holder's environment, the caller's
	CLILedgerSound    // %s: the ledger file
	CLINotAFile       // check/backup on a ledger that is a database
	CLIOutcome
	CLIOVOStatusRow
	CLIFindAlone
	CLINegative      // %s, %s: the flag, its value
	CLIBackupWritten // %s, %s, %d: the ledger, the copy, its bytes
	CLINeedsTerminal // the cashier screen started without a terminal
	CLILedgerUpgrade // %s, %d, %d: the ledger, its schema, this program's
	// Print failures said by the printer itself, %s: the printer.
	PrintPaperOut
	PrintCoverOpen
	PrintPrinterError
	// Roles, approvals and the audit trail (roles.go has their words).
	RoleNeeds            // %s, %s, %s: what, the role needed, the operator's role
	ApprovalAwaiting     // %s, %s, %s: the approval, the amount, why
	ApprovalOwn          // a maker cannot approve their own
	ApprovalNotAwaiting  // %s: what it is now
	ApprovalSignHint     // %s, %s: the approval id, the namespace
	ApprovalBadSignature // %s: why
	ApprovalApproved     // %s, %s: the approval, the reference
	ApprovalRejected     // %s
	ApprovalNone
	ApprovalsHeading
	ApprovalNotFound // %s
	AuditOK          // %d
	AuditBroken      // %d, %s
	AuditNone
	PINWrong
	PINLocked     // %s, %s: operator, until
	PINNeeded     // %s: what
	OperatorSet   // %s, %s: name, role
	OperatorGone  // %s
	OperatorsNone // %s: the file
	LockTitle
	LockOperator
	LockPIN
	LockHint
	LockedBy // %s: operator
	LockIdle // %s: duration
	ApprovalsTitle
	ApprovalsHint
	ApprovePINPrompt // %s: the approval
	WhoDidIt         // %s: operator
	NoSignatureFile  // --signature FILE over SSH
	FilteredOperator // %s: the operator
	MenuApprovals

	// Shifts, the cash drawer and reports (issue 13).
	MenuShift
	NoShiftError
	CashFromCustomer
	CashNone
	HeaderLowDeposit // %s: the threshold
	ShiftTitle
	ShiftNone      // %s: the operator
	ShiftOpenSince // %s, %s: the shift id, when it opened
	ShiftFloatLabel
	ShiftCountedLabel
	ShiftNoteLabel
	ShiftNeedsNote
	ShiftAmountLabel
	ShiftReasonLabel
	ShiftActionOpen
	ShiftActionX
	ShiftActionClose
	ShiftActionPayIn
	ShiftActionPayOut
	ShiftActionPrint
	ShiftActionZ
	ShiftOpened   // %s: the shift id
	ShiftClosed   // %s: the shift id
	ShiftCashDone // %s: the amount
	ShiftReading
	ShiftReportPrinted // %s: the printer
	CLIShiftOpened     // %s, %s, %s: shift id, operator, float
	CLINoOpenShift     // %s: the operator
	CLIShiftIsOpen     // %s: the shift id
	CLICloseNote
	CLICashMoved     // %s, %s: the amount, the reason
	CLIChooseSub     // %s: the choices
	CLIExpectedCash  // %s: the amount
	CLINoSuchShift   // %s: the shift id
	CLINoClosedShift // %s, %s: the operator, the day
	CLIReportSent    // %s: the printer
	CLIJSONOrCSV
	CLIProvisional // %d: how many are not final
	CLIReconLine   // %s, %s, %s, %s: reference, state in the ledger, OVO's status, what it means
	CLIReconTotal  // %s, %d, %d, %d, %d, %d: day, transactions, confirmed, asked, disagreements, still open

	CLIPrintStdout
	CLIBadNumber // %s, %s: the flag, what was given
	ShiftExpected
	ShiftCounted
	ShiftCashDiff
	ShiftDepositDiff
	ShiftFinal
	ShiftProvisional // %d: how many are not final
	ShiftNote
	ShiftFloat
	ShiftAlreadyOpen // %s: the shift id
	ShiftScroll

	numKeys // not a text: the number of keys
)

var texts = map[Key]pair{
	MenuTitle:    {"Menu kasir", "Cashier menu"},
	MenuTopUp:    {"Top up OVO Cash", "Top up OVO Cash"},
	MenuDisburse: {"Pencairan ke akun OVO", "Disburse to an OVO account"},
	MenuStatus:   {"Cek status transaksi", "Check a transaction's status"},
	MenuDeposit:  {"Deposit merchant", "Merchant deposit"},
	MenuHistory:  {"Riwayat transaksi", "Transaction history"},
	MenuQuit:     {"Keluar", "Quit"},
	MenuHint:     {"Tekan angka pilihan, atau ↑/↓ lalu Enter.", "Press the number of a choice, or ↑/↓ then Enter."},
	MenuBatches:  {"Batch pembayaran (supervisor)", "Batch payouts (supervisors)"},

	TopUpTitle:        {"Top up OVO Cash", "Top up OVO Cash"},
	DisburseTitle:     {"Pencairan ke akun OVO", "Disburse to an OVO account"},
	StepPhone:         {"Nomor HP", "Phone number"},
	StepAmount:        {"Nominal", "Amount"},
	StepCheckout:      {"Periksa ulang", "Checkout"},
	StepConfirm:       {"Konfirmasi", "Confirm"},
	StepResult:        {"Hasil", "Result"},
	KindTopUp:         {"Top up OVO Cash", "Top up OVO Cash"},
	KindDisburse:      {"Pencairan", "Disbursement"},
	KindTopUpShort:    {"Top up", "Top up"},
	KindDisburseShort: {"Pencairan", "Disburse"},

	PhoneLabel:        {"Nomor HP OVO pelanggan (08…):", "Customer's OVO phone number (08…):"},
	PhoneHint:         {"Ketik nomor yang diawali 08, 10–13 angka.", "Type the number starting with 08, 10–13 digits."},
	PhoneOK:           {"Nomor valid. Enter untuk lanjut.", "Valid number. Enter to go on."},
	PhoneOKNormalized: {"Nomor valid, dipakai sebagai %s. Enter untuk lanjut.", "Valid number, used as %s. Enter to go on."},
	PhoneDigitsOnly:   {"Hanya angka yang diterima", "Only digits are accepted"},
	PhoneEmpty:        {"Nomor HP masih kosong", "The phone number is empty"},
	PhoneChars:        {"Nomor HP hanya boleh berisi angka", "A phone number may contain only digits"},
	PhonePrefix:       {"Nomor HP harus diawali 08", "The phone number must start with 08"},
	PhoneShort:        {"Nomor HP terlalu pendek: harus %d–%d angka", "The phone number is too short: it needs %d–%d digits"},
	PhoneLong:         {"Nomor HP terlalu panjang: paling banyak %[2]d angka (minimal %[1]d)", "The phone number is too long: at most %[2]d digits (at least %[1]d)"},
	PhoneInvalid:      {"Nomor HP tidak valid", "The phone number is not valid"},

	CustomAmount:        {"Nominal lain", "Other amount"},
	AmountHint:          {"Ketik nominal dalam rupiah, mis. 250000 atau 250.000.", "Type the amount in rupiah, e.g. 250000 or 250.000."},
	AmountDigitsOnly:    {"Nominal hanya boleh berisi angka", "The amount may contain only digits"},
	DisburseAmountLabel: {"Nominal pencairan (Rp):", "Amount to disburse (Rp):"},
	AmountBelowMin:      {"Nominal di bawah minimum OVO %s per transaksi", "The amount is below OVO's minimum of %s per transaction"},
	AmountAboveMax:      {"Nominal di atas batas OVO %s per transaksi", "The amount is above OVO's limit of %s per transaction"},
	LimitsLine:          {"Batas OVO per transaksi: %s – %s", "OVO's limits per transaction: %s – %s"},
	DepositLowWarn:      {"Deposit tersedia hanya %s: transaksi ini akan ditolak", "Only %s of deposit is available: this transaction will be refused"},
	DepositTooLow:       {"Deposit merchant tidak cukup: dibutuhkan %s, tersedia %s", "The merchant deposit is too low: %s needed, %s available"},
	DepositUnread:       {"Deposit merchant belum terbaca dari OVO, jadi %s belum bisa dipesan: periksa koneksi lalu perbarui deposit", "The merchant deposit could not be read from OVO yet, so %s cannot be reserved: check the connection, then refresh the deposit"},

	Customer:         {"Pelanggan", "Customer"},
	AccountName:      {"Nama akun OVO", "OVO account name"},
	Phone:            {"Nomor HP", "Phone number"},
	Amount:           {"Nominal", "Amount"},
	FeeDeducted:      {"Biaya admin (dipotong)", "Admin fee (deducted)"},
	CustomerReceives: {"Diterima pelanggan", "Customer receives"},
	DepositAvailable: {"Deposit tersedia", "Deposit available"},
	OVOReference:     {"Referensi OVO", "OVO reference"},
	PartnerReference: {"Referensi kasir", "Cashier reference"},
	ReceiptNo:        {"No. struk", "Receipt no."},
	Time:             {"Waktu", "Time"},
	Changes:          {"Riwayat status", "State changes"},

	AskingOVO:        {"Menghubungi OVO…", "Asking OVO…"},
	InquiryFailed:    {"OVO menolak", "OVO refused"},
	OVOUnavailable:   {"OVO tidak dapat dihubungi", "OVO unreachable"},
	CheckoutQuestion: {"Bacakan nama dan nominal kepada pelanggan. Sudah benar?", "Read the name and the amount back to the customer. Is it right?"},
	DisburseQuestion: {"Nama akun OVO di atas sesuai dengan penerima?", "Does the OVO account name above match the recipient?"},
	ConfirmSend:      {"Ya, kirim sekarang", "Yes, send it now"},
	Processing:       {"MEMPROSES", "PROCESSING"},
	ProcessingNote:   {"Mengirim ke OVO. Jangan tutup aplikasi; transaksi ini tidak perlu dikirim ulang.", "Sending to OVO. Do not close the app; this transaction needs no second send."},
	SuccessBanner:    {"BERHASIL · %s", "SUCCESS · %s"},
	FailedBanner:     {"GAGAL · %s", "FAILED · %s"},
	PendingBanner:    {"MENUNGGU · sedang dicek ke OVO", "PENDING · checking with OVO"},
	PendingNote:      {"Transaksi ini TIDAK akan dikirim ulang. Layar ini berubah sendiri saat OVO memberi kepastian; Anda boleh pergi dan melihatnya nanti di riwayat.", "This transaction will NOT be sent again. The screen updates itself once OVO settles it; you may leave and find it later in the history."},
	NoMoneyMoved:     {"Tidak ada uang yang berpindah; deposit tidak berkurang.", "No money moved; the deposit is unchanged."},
	NotSent:          {"TIDAK DIKIRIM", "NOT SENT"},
	NothingSent:      {"Tidak ada yang dikirim ke OVO.", "Nothing was sent to OVO."},
	OVOStatusIs:      {"status OVO %s: %s", "OVO status %s: %s"},
	ServiceClosed:    {"Kasir sedang ditutup; tidak ada yang dikirim", "The cashier is shutting down; nothing was sent"},
	ErrorGeneric:     {"Terjadi kesalahan: %s", "Something went wrong: %s"},
	ReasonEmpty:      {"Alasan tidak diketahui", "Reason unknown"},

	ReceiptTitle: {"Struk", "Receipt"},
	Printing:     {"Mencetak struk…", "Printing the receipt…"},
	Saving:       {"Menyimpan struk…", "Saving the receipt…"},
	PrintedOn:    {"Struk tercetak di %s.", "Receipt printed on %s."},
	SavedIn:      {"Struk disimpan di folder %s.", "Receipt saved in folder %s."},
	PrintFailed:  {"Gagal mencetak: %s. Transaksi tetap tercatat; tekan p untuk mencoba lagi.", "Printing failed: %s. The transaction stays recorded; press p to try again."},
	Attempt:      {"(percobaan ke-%d)", "(try %d)"},

	PrintTimeout:     {"printer %s tidak menjawab tepat waktu (mati, macet, atau kertas habis?)", "printer %s did not answer in time (off, jammed or out of paper?)"},
	PrintBusy:        {"printer %s masih sibuk dengan struk sebelumnya", "printer %s is still busy with an earlier receipt"},
	PrintCancelled:   {"pencetakan di %s dibatalkan", "printing on %s was cancelled"},
	PrintUnreachable: {"printer %s tidak dapat dihubungi (mati, alamat salah, atau kabel/jaringan lepas?)", "printer %s cannot be reached (off, wrong address, or cable/network unplugged?)"},
	PrintNoDevice:    {"perangkat printer %s tidak dapat dibuka (terpasang? izin?)", "the printer device %s cannot be opened (plugged in? permissions?)"},
	PrintNotSaved:    {"struk tidak dapat disimpan di %s (folder ada? boleh ditulis?)", "the receipt could not be saved in %s (does the folder exist? is it writable?)"},
	PrintWrite:       {"printer %s berhenti menerima di tengah struk", "printer %s stopped taking the receipt part way"},
	NoPrinter:        {"Tidak ada printer yang diatur.", "No printer is configured."},
	NoPrinterHint:    {"Struk ditampilkan di layar. Untuk mencetak, jalankan dengan --printer tcp://HOST:9100 atau device:/dev/usb/lp0; untuk menyimpan ke file, --printer file:FOLDER.", "The receipt is shown on screen. To print, start with --printer tcp://HOST:9100 or device:/dev/usb/lp0; to save files, --printer file:FOLDER."},
	ReceiptLines:     {"baris %d–%d dari %d", "lines %d–%d of %d"},

	StatusTitle:       {"Cek status transaksi", "Check a transaction's status"},
	RefLabel:          {"Referensi, Referensi OVO, no. struk, HP atau nama (atau pilih dengan ↑/↓):", "Reference, OVO reference, receipt no., phone or name (or pick with ↑/↓):"},
	RecentPick:        {"Transaksi terakhir:", "Recent transactions:"},
	OVOStatus:         {"Status di OVO", "Status at OVO"},
	OVOStatusLine:     {"Status di OVO: %s (dicek %s)", "Status at OVO: %s (checked %s)"},
	Ledger:            {"Di buku kasir", "In the ledger"},
	NotInLedger:       {"tidak ada di buku kasir ini", "not in this ledger"},
	JustUpdated:       {"(baru diperbarui)", "(just updated)"},
	CheckedAt:         {"Dicek pada", "Checked at"},
	Mismatch:          {"PERHATIAN: buku kasir dan OVO tidak sama. Hubungi OVO sebelum melakukan apa pun.", "WARNING: the ledger and OVO disagree. Contact OVO before doing anything."},
	CheckFailed:       {"Gagal menanyakan status: %s", "Could not ask the status: %s"},
	CheckFailedBanner: {"STATUS TIDAK DIDAPAT", "NO STATUS"},

	DepositTitle:         {"Deposit merchant", "Merchant deposit"},
	DepositBalance:       {"Saldo di OVO", "Balance at OVO"},
	DepositReserved:      {"Sedang diproses", "Reserved (in flight)"},
	DepositReadAt:        {"Dibaca dari OVO", "Read from OVO"},
	DepositNote:          {"Tersedia = saldo di OVO dikurangi transaksi yang belum pasti. Tekan r untuk membaca ulang dari OVO.", "Available = the balance at OVO less the transactions not yet settled. Press r to read it again from OVO."},
	DepositRefreshFailed: {"GAGAL MEMBACA DEPOSIT", "DEPOSIT NOT READ"},

	HistoryTitle:   {"Riwayat transaksi", "Transaction history"},
	DetailTitle:    {"Detail transaksi", "Transaction details"},
	PageN:          {"halaman %d", "page %d"},
	FilterLabel:    {"Cari (HP/4 angka akhir, nama, referensi, no. struk):", "Find (phone/last 4 digits, name, reference, receipt):"},
	FilterHint:     {"Terbaru di atas. / untuk mencari apa saja yang tertulis di struk.", "Newest first. / to find by anything printed on the slip."},
	FilteredPhone:  {"Nomor HP %s", "Phone %s"},
	FilteredRef:    {"Referensi %s", "Reference %s"},
	NoTransactions: {"Tidak ada transaksi.", "No transactions."},
	ColTime:        {"Waktu (%s)", "Time (%s)"},
	ColKind:        {"Jenis", "Kind"},
	ColState:       {"Status", "State"},
	ColAmount:      {"Nominal", "Amount"},
	ColPhone:       {"Nomor HP", "Phone"},
	ColName:        {"Nama", "Name"},

	AppName:        {"OVO Kasir", "OVO Cashier"},
	HeaderOperator: {"Kasir", "Operator"},
	HeaderDeposit:  {"Deposit tersedia", "Deposit available"},
	DepositUnknown: {"belum dibaca", "not read yet"},
	HeaderClockOff: {"JAM SELISIH DGN OVO", "CLOCK OFF FROM OVO"},
	QuitInFlight:   {"Ada transaksi yang sedang dikirim ke OVO. Keluar setelah transaksi itu tercatat?", "A transaction is being sent to OVO. Quit once it is recorded?"},
	Finishing:      {"Menyelesaikan transaksi yang sedang berjalan…", "Finishing the transaction in flight…"},
	FinishingNote:  {"Aplikasi akan tertutup sendiri setelah hasilnya tercatat. Jangan matikan komputer.", "The app closes by itself once its outcome is recorded. Do not switch the computer off."},
	ProdBanner:     {"OVO PRODUCTION · UANG SUNGGUHAN", "OVO PRODUCTION · REAL MONEY"},
	ProdWarning:    {"Anda terhubung ke OVO PRODUCTION: setiap top up dan pencairan memindahkan uang sungguhan dari deposit merchant.", "You are on OVO PRODUCTION: every top up and disbursement moves real money out of the merchant deposit."},
	ProdQuestion:   {"Ketik YES (atau y) lalu Enter untuk lanjut, Esc untuk keluar:", "Type YES (or y) then Enter to continue, Esc to quit:"},
	ProdWrong:      {"Ketik YES untuk lanjut, atau Esc untuk keluar", "Type YES to continue, or Esc to quit"},
	TooSmallTitle:  {"Layar terminal terlalu kecil", "The terminal is too small"},
	TooSmallNow:    {"Sekarang %d×%d", "Now %d×%d"},
	TooSmallNeed:   {"Perlu minimal %d×%d", "Needs at least %d×%d"},
	TooSmallHint:   {"Perbesar jendela.", "Enlarge the window."},

	KeyUp:          {"naik", "up"},
	KeyDown:        {"turun", "down"},
	KeyEnter:       {"pilih", "choose"},
	KeyBack:        {"kembali", "back"},
	KeyQuit:        {"keluar", "quit"},
	KeySuspend:     {"jeda", "suspend"},
	KeyConfirm:     {"konfirmasi & kirim", "confirm & send"},
	KeyPresets:     {"nominal cepat", "presets"},
	KeyCustom:      {"nominal lain", "other amount"},
	KeySwitchField: {"pindah kolom", "next field"},
	KeyChoose:      {"pilih menu", "choose"},
	KeyPrint:       {"cetak struk", "print receipt"},
	KeySave:        {"simpan", "save"},
	KeyView:        {"lihat struk", "view"},
	KeyNext:        {"pelanggan baru", "next customer"},
	KeyCheck:       {"cek status", "check status"},
	KeyRefresh:     {"baca ulang", "refresh"},
	KeyFilter:      {"cari", "find"},
	KeyClearFilter: {"hapus filter", "clear filter"},
	KeyNextPage:    {"halaman berikut", "next page"},
	KeyPrevPage:    {"halaman sebelum", "previous page"},
	KeyHistory:     {"riwayat", "history"},
	KeyYes:         {"ya", "yes"},
	KeyNo:          {"tidak", "no"},
	KeyScroll:      {"gulir", "scroll"},
	KeyContinue:    {"lanjut", "continue"},
	KeyMenu:        {"menu", "menu"},
	KeyOpen:        {"buka", "open"},
	KeyApply:       {"cari", "find"},
	KeyCancel:      {"batal", "cancel"},
	KeyPick:        {"pilih", "pick"},

	CLIKindTopUp:        {"TOP UP OVO CASH", "TOP UP OVO CASH"},
	CLIKindDisburse:     {"PENCAIRAN", "DISBURSEMENT"},
	CLIReference:        {"referensi", "reference"},
	CLIOVOReference:     {"referensi OVO", "OVO reference"},
	CLICustomer:         {"pelanggan", "customer"},
	CLIAccountName:      {"nama akun OVO", "OVO account name"},
	CLIAmount:           {"nominal", "amount"},
	CLIFee:              {"biaya admin (dipotong)", "admin fee (deducted)"},
	CLIReceives:         {"diterima pelanggan", "customer receives"},
	CLIReceipt:          {"no. struk", "receipt"},
	CLIOVOSaid:          {"jawaban OVO", "OVO said"},
	CLINoAnswer:         {"tanpa jawaban", "no answer"},
	CLIReason:           {"alasan", "reason"},
	CLIOperator:         {"operator", "operator"},
	CLITime:             {"waktu", "time"},
	CLILimitsLabel:      {"batas", "limits"},
	CLILimits:           {"%s – %s per transaksi", "%s – %s per transaction"},
	CLIPendingHint:      {"hasil belum diketahui: tidak ada yang dikirim ulang; cek dengan `ovocashier status --ref %s` atau `ovocashier reconcile`", "outcome not known yet: nothing will be sent again; check with `ovocashier status --ref %s` or `ovocashier reconcile`"},
	CLINote:             {"catatan: %s", "note: %s"},
	CLIDepositStale:     {"peringatan: deposit tidak dibaca ulang dari OVO (%s); memakai yang terakhir diketahui", "warning: deposit not refreshed from OVO (%s); using the last known one"},
	CLIDepositAtOVO:     {"deposit tersedia di OVO: %s", "deposit available at OVO: %s"},
	CLIDepositBalance:   {"deposit di OVO", "deposit at OVO"},
	CLIDepositReserved:  {"dicadangkan (sedang diproses)", "reserved (in flight)"},
	CLIDepositAvailable: {"tersedia", "available"},
	CLIReadAt:           {"dibaca pada", "read at"},
	CLIOVOStatus:        {"status OVO: %s", "OVO status: %s"},
	CLINotInLedger:      {"%s tidak ada di buku kas ini", "%s is not in this ledger"},
	CLIMismatch:         {"PERINGATAN: buku kas mencatat %s tetapi OVO menyatakan %s: cek dengan OVO", "WARNING: the ledger says %s but OVO says %s: check with OVO"},
	CLIHistoryHeading:   {"WAKTU (%s)\tREFERENSI\tJENIS\tSTATUS\tNOMINAL\tTELEPON\tNAMA\tSTRUK", "TIME (%s)\tREFERENCE\tKIND\tSTATE\tAMOUNT\tPHONE\tNAME\tRECEIPT"},
	CLINoTransactions:   {"(tidak ada transaksi)", "(no transactions)"},
	CLIMore:             {"berikutnya: %s", "more: %s"},
	CLIReconciled:       {"%s  %-8s  status OVO %s", "%s  %-8s  OVO status %s"},
	CLIReconcileTotal:   {"%d dicek, %d masih terbuka", "%d checked, %d still open"},
	CLIReconcileHeld:    {"%s  %-8s  tidak dicek sekarang: sedang ditangani proses lain yang masih berjalan (panggilannya belum selesai, atau sedang mengecek); dicek lagi nanti", "%s  %-8s  not checked now: another running process holds it (its call not finished yet, or checking it); checked later"},
	CLIReceiptSent:      {"struk %s dikirim ke %s", "receipt of %s sent to %s"},
	CLIRequired:         {"%s wajib diisi", "%s is required"},
	CLILimitRange:       {"--limit harus 1 sampai 500", "--limit must be 1 to 500"},
	CLIBadDay:           {"--day %q bukan YYYY-MM-DD", "--day %q is not YYYY-MM-DD"},
	CLINoTxn:            {"tidak ada transaksi %s di buku kas ini", "no transaction %s in this ledger"},
	CLIUnexpectedArg:    {"argumen tak terduga %q", "unexpected argument %q"},
	CLIBadFlags:         {"flag salah (lihat pesan di stderr)", "bad flags (see the message on stderr)"},
	CLIReadingDeposit:   {"membaca deposit dari OVO: %s", "reading the deposit from OVO: %s"},
	CLINoSocket:         {"buku kas %s sedang dipakai proses ovocashier lain yang tidak menjawab di soket kendalinya (%s)", "ledger %s is in use by another ovocashier process that does not answer on its control socket (%s)"},
	CLILostProcess:      {"hubungan dengan proses kasir terputus sebelum perintah selesai: hasilnya tidak diketahui; cek dengan `ovocashier history` atau `ovocashier reconcile`", "the connection to the cashier process ended before the command finished: its outcome is unknown; check with `ovocashier history` or `ovocashier reconcile`"},
	CLINotOverSSH:       {"%s tidak tersedia lewat SSH (menyangkut berkas di server): jalankan di mesin itu sendiri", "%s is not offered over SSH (it concerns files on the server): run it on the machine itself"},
	CLILocalOnly:        {"%s hanya berjalan di mesin ini sendiri, tidak lewat SSH atau soket kendali", "%s runs only on the machine itself, not over SSH or the control socket"},
	CLIBadAmount:        {"--amount %q: tulis bilangan bulat rupiah di atas nol, mis. 50000 atau 50.000 (tanpa pecahan rupiah)", "--amount %q: give a whole number of rupiah above zero, e.g. 50000 or 50.000 (no fraction of a rupiah)"},
	CLIBadKind:          {"--kind %q: pilih topup atau disburse", "--kind %q: use topup or disburse"},
	CLIRemoteSetting:    {"%s tidak bisa diubah lewat SSH: pengaturan server yang berlaku (hanya --lang dan --width boleh diberikan)", "%s cannot be set over SSH: the server's settings apply (only --lang and --width may be given)"},
	CLIOtherEnv:         {"buku kas ini terbuka di proses ovocashier pada %s, tetapi pengaturan Anda menyebut %s: tidak ada yang dikirim; samakan pengaturannya", "this ledger is open in an ovocashier process on %s, but your settings say %s: nothing was sent; make the settings agree"},
	CLINegative:         {"%s tidak boleh negatif (%s)", "%s must not be negative (%s)"},
	CLIOutcome:          {"hasil", "outcome"},
	CLIOVOStatusRow:     {"status OVO", "OVO status"},
	CLIFindAlone:        {"--find tidak bisa digabung dengan --day atau --phone", "--find cannot be combined with --day or --phone"},
	CLILedgerSound:      {"buku kas %s utuh", "ledger %s is sound"},
	CLINotAFile:         {"buku kas ini sebuah basis data, bukan berkas: periksa dan cadangkan dengan alat basis datanya (pg_dump)", "this ledger is a database, not a file: check and back it up with the database's own tools (pg_dump)"},
	CLIBackupWritten:    {"buku kas %s disalin ke %s (%d byte); baca README sebelum memulihkannya", "ledger %s copied to %s (%d bytes); see the README before restoring it"},
	CLIUnknownFlag:      {"flag tidak dikenal: %s (lihat `ovocashier PERINTAH -h`)", "unknown flag: %s (see `ovocashier COMMAND -h`)"},
	CLILedgerUpgrade:    {"buku kas %s ditulis oleh ovocashier yang lebih lama (skema %d; versi ini membaca %d): buka sekali dengan layar kasir, serve, atau perintah yang menulis (misalnya `ovocashier deposit`) untuk memperbaruinya; check dan backup membacanya apa adanya, tanpa menulis", "ledger %s was written by an older ovocashier (schema %d; this one reads %d): open it once with the cashier screen, serve or a command that writes (such as `ovocashier deposit`) to upgrade it; check and backup read a file as it is and never write it"},
	CLINeedsTerminal:    {"layar kasir memerlukan terminal pada stdin dan stdout; skrip memakai perintah-perintahnya (ovocashier help)", "the cashier screen needs a terminal on stdin and stdout; scripts use the commands instead (ovocashier help)"},
	CLIUnknownCommand:   {"perintah tidak dikenal %q (lihat `ovocashier help`)", "unknown command %q (see `ovocashier help`)"},
	PrintPaperOut:       {"kertas printer %s habis (pasang gulungan baru)", "printer %s is out of paper (load a new roll)"},
	PrintCoverOpen:      {"tutup printer %s terbuka (tutup dulu)", "the cover of printer %s is open (close it)"},
	PrintPrinterError:   {"printer %s melaporkan offline atau galat (kertas macet, pemotong, kepala cetak?)", "printer %s reports it is offline or in error (paper jam, cutter, print head?)"},

	MenuShift:          {"Shift & laporan (X/Z)", "Shift & reports (X/Z)"},
	NoShiftError:       {"Belum ada shift terbuka: buka dulu di menu, [6] Shift & laporan, atau dengan `ovocashier shift open --float N`; tidak ada yang dikirim", "No open shift: open one on the menu, [6] Shift & reports, or with `ovocashier shift open --float N`; nothing was sent"},
	CashFromCustomer:   {"Tunai dari pelanggan", "Cash from the customer"},
	CashNone:           {"tidak ada (dibayar dari deposit)", "none (paid from the deposit)"},
	HeaderLowDeposit:   {"DEPOSIT RENDAH (< %s)", "LOW DEPOSIT (< %s)"},
	ShiftTitle:         {"Shift & laporan", "Shift & reports"},
	ShiftNone:          {"%s belum membuka shift di terminal ini.", "%s has no open shift on this terminal."},
	ShiftOpenSince:     {"Shift %s terbuka sejak %s.", "Shift %s open since %s."},
	ShiftFloatLabel:    {"Modal awal di laci (Rp):", "Float in the drawer (Rp):"},
	ShiftCountedLabel:  {"Tunai dihitung di laci (Rp):", "Cash counted in the drawer (Rp):"},
	ShiftNoteLabel:     {"Catatan:", "Note:"},
	ShiftNeedsNote:     {"Ada selisih: tulis catatan alasannya, lalu Enter. Belum ada yang ditutup.", "There is a difference: type a note saying why, then Enter. Nothing is closed yet."},
	ShiftAmountLabel:   {"Nominal (Rp):", "Amount (Rp):"},
	ShiftReasonLabel:   {"Alasan:", "Reason:"},
	ShiftActionOpen:    {"buka shift", "open the shift"},
	ShiftActionX:       {"laporan X", "X report"},
	ShiftActionClose:   {"tutup shift", "close the shift"},
	ShiftActionPayIn:   {"kas masuk", "pay-in"},
	ShiftActionPayOut:  {"kas keluar", "pay-out"},
	ShiftActionPrint:   {"cetak laporan", "print the report"},
	ShiftActionZ:       {"cetak ulang Z terakhir", "reprint the last Z"},
	ShiftOpened:        {"Shift %s dibuka.", "Shift %s opened."},
	ShiftClosed:        {"Shift %s ditutup.", "Shift %s closed."},
	ShiftCashDone:      {"Tercatat: %s.", "Recorded: %s."},
	ShiftReading:       {"Membaca deposit dari OVO…", "Reading the deposit from OVO…"},
	ShiftReportPrinted: {"Laporan tercetak di %s.", "Report printed on %s."},
	CLIShiftOpened:     {"shift %s dibuka untuk %s, modal awal %s", "shift %s opened for %s with a float of %s"},
	CLINoOpenShift:     {"%s belum membuka shift di terminal ini: buka dengan `ovocashier shift open --float N`", "%s has no open shift on this terminal: open one with `ovocashier shift open --float N`"},
	CLIShiftIsOpen:     {"shift %s masih terbuka: tutup dulu dengan `ovocashier shift close --counted N`", "shift %s is still open: close it first with `ovocashier shift close --counted N`"},
	CLICloseNote:       {"ada selisih yang tidak dijelaskan transaksi menunggu: beri --note berisi alasannya; belum ada yang ditutup", "the close has a difference the pending transactions do not explain: give --note saying why; nothing was closed"},
	CLICashMoved:       {"tercatat %s (%s)", "recorded %s (%s)"},
	CLIPrintStdout:     {"--print ke stdout tidak bisa bersama --json atau --csv: atur --printer (file:DIR, tcp://…, device:…)", "--print to stdout cannot go with --json or --csv: set --printer (file:DIR, tcp://…, device:…)"},
	CLIBadNumber:       {"%s %s: harus bilangan di atas nol", "%s %s: must be a number above zero"},
	ShiftExpected:      {"Seharusnya di laci", "Drawer should hold"},
	ShiftCounted:       {"Dihitung", "Counted"},
	ShiftCashDiff:      {"Selisih kas", "Cash difference"},
	ShiftDepositDiff:   {"Selisih deposit OVO", "OVO deposit difference"},
	ShiftFinal:         {"FINAL", "FINAL"},
	ShiftProvisional:   {"SEMENTARA: %d transaksi belum final; cetak ulang Z setelah selesai", "PROVISIONAL: %d transactions not final; reprint the Z once they settle"},
	ShiftNote:          {"Catatan", "Note"},
	ShiftFloat:         {"Modal awal", "Float"},
	ShiftAlreadyOpen:   {"Shift %s sudah terbuka.", "Shift %s is already open."},
	ShiftScroll:        {"gulir laporan", "scroll the report"},
	CLIChooseSub:       {"pilih salah satu: %s", "choose one of: %s"},
	CLINoSuchShift:     {"tidak ada shift %s di buku kas ini", "no shift %s in this ledger"},
	CLIExpectedCash:    {"seharusnya di laci: %s", "the drawer should hold: %s"},
	CLINoClosedShift:   {"tidak ada shift %s yang ditutup pada %s (pakai --shift ID atau --day)", "no closed shift of %s on %s (use --shift ID or --day)"},
	CLIReportSent:      {"laporan dikirim ke %s", "report sent to %s"},
	CLIJSONOrCSV:       {"pilih salah satu: --json atau --csv", "choose one: --json or --csv"},
	CLIProvisional:     {"sementara: %d transaksi belum final; cetak ulang laporan Z setelah selesai", "provisional: %d transactions not final; print the Z report again once they settle"},
	CLIReconLine:       {"%s: buku kas %s, OVO %s: %s", "%s: ledger %s, OVO %s: %s"},
	CLIReconTotal:      {"%s: %d transaksi, %d dikonfirmasi OVO, %d ditanya sekarang, %d berbeda, %d masih terbuka", "%s: %d transactions, %d confirmed by OVO, %d asked now, %d disagree, %d still open"},
}

// reasons says what each OVO response means, for the cashier.
var reasons = map[ovo.Reason]pair{
	ovo.ReasonSuccess:               {"Berhasil", "Successful"},
	ovo.ReasonInProgress:            {"OVO masih memproses transaksi ini; statusnya sedang dicek", "OVO is still processing this transaction; checking its status"},
	ovo.ReasonBadRequest:            {"OVO tidak dapat membaca permintaan (kesalahan aplikasi; hubungi dukungan)", "OVO could not read the request (a fault in the app; call support)"},
	ovo.ReasonInvalidFieldFormat:    {"OVO menolak format salah satu data permintaan", "OVO refused a field of the request as badly formatted"},
	ovo.ReasonMissingField:          {"OVO menyatakan ada data wajib yang kosong", "OVO says a required field is missing"},
	ovo.ReasonUnauthorized:          {"OVO menolak kredensial merchant (tanda tangan, client id atau kunci); periksa konfigurasi", "OVO refused the merchant credentials (signature, client id or key); check the configuration"},
	ovo.ReasonInvalidToken:          {"Token akses OVO kedaluwarsa atau tidak dikenal", "OVO's access token expired or is unknown"},
	ovo.ReasonInvalidCustomerToken:  {"OVO menolak token pelanggan", "OVO refused the customer token"},
	ovo.ReasonTokenNotFound:         {"OVO tidak menemukan token akses", "OVO did not find the access token"},
	ovo.ReasonTransactionExpired:    {"Transaksi sudah kedaluwarsa di OVO", "The transaction expired at OVO"},
	ovo.ReasonFeatureNotAllowed:     {"Merchant ini tidak diizinkan memakai fitur ini di OVO", "This merchant may not use this feature at OVO"},
	ovo.ReasonAmountLimit:           {"Nominal di atas batas per transaksi OVO", "The amount is above OVO's per-transaction limit"},
	ovo.ReasonSuspectedFraud:        {"OVO menolak transaksi karena dicurigai penipuan", "OVO refused the transaction as suspected fraud"},
	ovo.ReasonActivityLimit:         {"Pelanggan sudah terlalu sering bertransaksi; coba lagi nanti", "The customer has made too many transactions; try again later"},
	ovo.ReasonDoNotHonor:            {"OVO menolak: akun pelanggan sedang tidak dapat menerima dana (do not honor)", "OVO declined: the customer's account cannot receive money now (do not honor)"},
	ovo.ReasonNotAllowedNow:         {"OVO tidak mengizinkan transaksi ini saat ini", "OVO does not allow this transaction at this time"},
	ovo.ReasonAccountBlocked:        {"Akun OVO pelanggan diblokir", "The customer's OVO account is blocked"},
	ovo.ReasonAccountExpired:        {"Akun OVO pelanggan sudah kedaluwarsa", "The customer's OVO account has expired"},
	ovo.ReasonDormantAccount:        {"Akun OVO pelanggan tidak aktif lama (dormant)", "The customer's OVO account is dormant"},
	ovo.ReasonInsufficientFunds:     {"Deposit merchant di OVO tidak cukup untuk nominal ini", "The merchant deposit at OVO is too low for this amount"},
	ovo.ReasonTransactionNotAllowed: {"OVO tidak mengizinkan transaksi ini", "OVO does not permit this transaction"},
	ovo.ReasonSuspended:             {"OVO menangguhkan transaksi ini", "OVO has suspended this transaction"},
	ovo.ReasonInactiveAccount:       {"Akun OVO pelanggan tidak aktif", "The customer's OVO account is inactive"},
	ovo.ReasonMerchantBlacklisted:   {"OVO memblokir merchant ini", "OVO has blocked this merchant"},
	ovo.ReasonMerchantLimit:         {"Batas merchant di OVO sudah tercapai", "The merchant's limit at OVO has been reached"},
	ovo.ReasonAccountLimit:          {"Saldo atau batas top up bulanan akun OVO pelanggan akan terlampaui", "The customer's OVO balance or monthly top up limit would be exceeded"},
	ovo.ReasonForbidden:             {"OVO menolak transaksi ini", "OVO refused the transaction"},
	ovo.ReasonInvalidStatus:         {"OVO menyatakan status transaksi tidak valid", "OVO says the transaction status is invalid"},
	ovo.ReasonTransactionNotFound:   {"OVO tidak mengenal transaksi ini (permintaan tidak pernah sampai)", "OVO does not know this transaction (the request never arrived)"},
	ovo.ReasonInvalidRouting:        {"OVO tidak dapat meneruskan permintaan", "OVO could not route the request"},
	ovo.ReasonTransactionCancelled:  {"Transaksi dibatalkan atau gagal di OVO", "The transaction was cancelled or failed at OVO"},
	ovo.ReasonInvalidMerchant:       {"OVO tidak mengenal merchant ini", "OVO does not recognise this merchant"},
	ovo.ReasonInvalidAccount:        {"Nomor ini tidak terdaftar sebagai akun OVO", "This number has no OVO account"},
	ovo.ReasonInvalidAmount:         {"OVO menolak nominal ini (di bawah minimum atau tidak diizinkan)", "OVO refused the amount (below the minimum or not allowed)"},
	ovo.ReasonPartnerNotFound:       {"OVO tidak mengenal partner id ini", "OVO does not know this partner id"},
	ovo.ReasonInvalidTerminal:       {"OVO tidak mengenal terminal/kanal ini", "OVO does not recognise this terminal/channel"},
	ovo.ReasonInconsistentRequest:   {"OVO menilai permintaan tidak sesuai dengan permintaan sebelumnya", "OVO found the request inconsistent with an earlier one"},
	ovo.ReasonNotFound:              {"OVO tidak menemukan yang diminta", "OVO could not find what was asked for"},
	ovo.ReasonNotSupported:          {"OVO tidak mendukung permintaan ini", "OVO does not support this request"},
	ovo.ReasonConflict:              {"OVO sudah menerima nomor permintaan ini hari ini (konflik)", "OVO saw this request id already today (conflict)"},
	ovo.ReasonDuplicateReference:    {"OVO sudah menerima transaksi ini; statusnya sedang dicek", "OVO already received this transaction; checking its status"},
	ovo.ReasonTooManyRequests:       {"OVO menerima terlalu banyak permintaan; tunggu sebentar lalu coba lagi", "OVO is receiving too many requests; wait a moment and try again"},
	ovo.ReasonGeneralError:          {"OVO mengalami gangguan; hasil belum pasti, statusnya sedang dicek", "OVO had an error; the outcome is not known yet, checking its status"},
	ovo.ReasonInternalError:         {"OVO mengalami gangguan internal; hasil belum pasti, statusnya sedang dicek", "OVO had an internal error; the outcome is not known yet, checking its status"},
	ovo.ReasonExternalError:         {"Sistem di belakang OVO mengalami gangguan; hasil belum pasti, statusnya sedang dicek", "A system behind OVO had an error; the outcome is not known yet, checking its status"},
	ovo.ReasonTimeout:               {"OVO tidak menjawab tepat waktu; hasil belum pasti, statusnya sedang dicek", "OVO did not answer in time; the outcome is not known yet, checking its status"},
	ovo.ReasonNetwork:               {"Tidak dapat terhubung ke OVO (jaringan); hasil belum pasti", "Could not reach OVO (network); the outcome is not known yet"},
	ovo.ReasonBadResponse:           {"Jawaban OVO tidak dapat dibaca; hasil belum pasti", "OVO's answer could not be read; the outcome is not known yet"},
	ovo.ReasonUnavailable:           {"OVO tidak dapat dihubungi atau tidak menjawab dengan benar; tidak ada yang dikirim. Coba lagi sebentar lagi", "OVO could not be reached or did not answer properly; nothing was sent. Try again in a moment"},
	ovo.ReasonUnknownCode:           {"OVO menjawab dengan kode yang tidak dikenal aplikasi", "OVO answered with a code the app does not know"},
}

// statuses are the words of topup-status's latestTransactionStatus.
var statuses = map[string]pair{
	ovo.StatusSuccess:   {"Berhasil", "Success"},
	ovo.StatusInitiated: {"Dimulai", "Initiated"},
	ovo.StatusPaying:    {"Sedang dibayar", "Paying"},
	ovo.StatusPending:   {"Menunggu", "Pending"},
	ovo.StatusRefunded:  {"Dikembalikan", "Refunded"},
	ovo.StatusCanceled:  {"Dibatalkan", "Canceled"},
	ovo.StatusFailed:    {"Gagal", "Failed"},
	ovo.StatusNotFound:  {"Tidak ditemukan", "Not found"},
}

// states are the words of a transaction's state in the ledger.
var states = map[cashier.State]pair{
	cashier.StatePending: {"Dikirim", "Sending"},
	cashier.StateSuccess: {"Berhasil", "Success"},
	cashier.StateFailed:  {"Gagal", "Failed"},
	cashier.StateUnknown: {"Menunggu", "Pending"},
}
