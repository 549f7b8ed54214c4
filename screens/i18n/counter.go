package i18n

// The texts of the counter: amount entry, the repeat guard, outcome lines
// and quitting. They number from counterBase so that they never collide
// with the main catalog's keys, which other changes append to.
const counterBase Key = 10_000

// Counter texts.
const (
	AmountTypeLabel   Key = counterBase + iota // the label of the typed amount
	AmountEmptyEnter                           // Enter on an empty amount
	AmountEmptyTopUp                           // Enter on an empty top up amount
	PresetWhileTyping                          // F1–F6 while an amount is typed
	AmountNotWhole                             // ParseAmount: a fraction or stray separator
	AmountTooLarge                             // ParseAmount: too many digits
	AmountZero                                 // ParseAmount: zero
	RepeatOpenWarn                             // %s, %s, %s, %s: kind, amount, phone, reference
	RepeatSuccessWarn                          // %s, %s, %s, %s: kind, amount, time, receipt number
	KeySendAnyway                              // the key that sends a repeat anyway
	KnownRefusalHead                           // the banner over a refusal known before sending
	OutcomeSuccess                             // %s: the kind
	OutcomeFailed                              // %s, %s: the kind, the reason
	OutcomePending                             // %s: the kind
	OVOWords                                   // %s: OVO's own message, labelled as OVO's
	QuitUnsent                                 // the question on Ctrl+C with unsent input
	InFlightCountdown                          // %d: seconds until the deadline
	ChecksOVOSaid                              // %s: OVO's status words
	KeyPrintShort                              // the print key on failure and pending results
	FilteredQuery                              // %s: what the history was searched for
	StatusPickOne                              // several transactions match: pick one
	PhoneKeepTyping                            // %d: digits typed so far
	CLIRepeatAllow                             // how the command line sends a repeat deliberately
	ExitTxnLine                                // %s, %s, %s, %s: the outcome, amount, phone, reference

	counterEnd // not a text
)

var counterTexts = map[Key]pair{
	AmountTypeLabel:   {"Ketik nominal (Rp):", "Type the amount (Rp):"},
	AmountEmptyEnter:  {"Ketik nominalnya dulu, lalu Enter", "Type the amount first, then Enter"},
	AmountEmptyTopUp:  {"Ketik nominalnya, atau pilih nominal cepat dengan F1–F6, lalu Enter", "Type the amount, or pick a preset with F1–F6, then Enter"},
	PresetWhileTyping: {"Nominal sedang diketik: hapus dulu (Backspace) untuk memilih F1–F6", "An amount is being typed: clear it first (Backspace) to pick F1–F6"},
	AmountNotWhole:    {"Bukan nominal rupiah bulat: titik hanya pemisah ribuan (50.000), pecahan rupiah ditolak", "Not a whole rupiah amount: a dot only separates thousands (50.000); fractions of a rupiah are refused"},
	AmountTooLarge:    {"Nominal terlalu besar", "The amount is too large"},
	AmountZero:        {"Nominal harus lebih dari nol", "The amount must be more than zero"},
	RepeatOpenWarn:    {"AWAS: %[1]s %[2]s ke %[3]s sebelumnya belum pasti hasilnya (%[4]s). Mengirim lagi bisa membayar dua kali: cek statusnya dulu", "CAREFUL: an earlier %[1]s of %[2]s to %[3]s has no known outcome yet (%[4]s). Sending again may pay twice: check its status first"},
	RepeatSuccessWarn: {"AWAS: %[1]s %[2]s ke nomor ini sudah berhasil pukul %[3]s WIB, struk %[4]s. Ini kiriman kedua?", "CAREFUL: a %[1]s of %[2]s to this number already succeeded at %[3]s WIB, receipt %[4]s. Is this a second one?"},
	KeySendAnyway:     {"tetap kirim lagi", "send again anyway"},
	KnownRefusalHead:  {"TIDAK DAPAT DIKIRIM", "CANNOT BE SENT"},
	OutcomeSuccess:    {"%s berhasil", "%s succeeded"},
	OutcomeFailed:     {"%s gagal: %s", "%s failed: %s"},
	OutcomePending:    {"%s belum pasti: OVO sedang dicek; tidak akan dikirim ulang", "%s not known yet: checking with OVO; it will not be sent again"},
	OVOWords:          {"kata OVO: %q", "OVO said: %q"},
	QuitUnsent:        {"Ada isian yang belum dikirim. Keluar dan buang isian ini?", "There is input not yet sent. Quit and discard it?"},
	InFlightCountdown: {"Menunggu jawaban OVO, paling lama %d detik lagi…", "Waiting for OVO's answer, at most %d seconds more…"},
	ChecksOVOSaid:     {"status di OVO: %s", "status at OVO: %s"},
	KeyPrintShort:     {"cetak bukti", "print slip"},
	FilteredQuery:     {"Hasil cari: %s", "Found for: %s"},
	PhoneKeepTyping:   {"%d angka… (nomor HP 10–13 angka)", "%d digits… (a phone number has 10–13)"},
	CLIRepeatAllow:    {"untuk mengirim lagi dengan sengaja: --allow-repeat", "to send it again deliberately: --allow-repeat"},
	ExitTxnLine:       {"%s — %s ke %s, referensi %s", "%s — %s to %s, reference %s"},
	StatusPickOne:     {"Beberapa transaksi cocok: pilih satu dengan ↑/↓ lalu Enter", "Several transactions match: pick one with ↑/↓, then Enter"},
}

func init() {
	for k, p := range counterTexts {
		texts[k] = p
	}
}
