package i18n

import "strings"

// The help a person reads (`ovocashier <command> --help`, man pages and
// completion descriptions): the command definitions carry the English, which
// is the key; helpID gives the Indonesian words for it. A command or flag
// added without its Indonesian words fails the commands' help test.

// Help is the help text en in lang: en itself in English, its Indonesian
// words in Indonesian, or en when the table has none (the test catches it).
func Help(lang, en string) string {
	if lang == EN || en == "" {
		return en
	}
	if id, ok := helpID[en]; ok {
		return id
	}
	if base, env, ok := cutEnv(en); ok {
		if id, ok := helpID[base]; ok {
			return id + env
		}
	}
	return en
}

// cutEnv splits a settings flag's usage into its words and the
// " (env OVO_…)" the settings add, which reads the same in both languages.
func cutEnv(en string) (base, env string, ok bool) {
	i := strings.LastIndex(en, " (env OVO_")
	if i < 0 || !strings.HasSuffix(en, ")") {
		return en, "", false
	}
	return en[:i], en[i:], true
}

// HasHelp says whether en has Indonesian words in the table.
func HasHelp(en string) bool {
	if _, ok := helpID[en]; ok {
		return true
	}
	base, _, ok := cutEnv(en)
	_, has := helpID[base]
	return ok && has
}

// HelpFor is cobra's usage of the -h flag of the command named name.
func HelpFor(lang, name string) string {
	if lang == EN {
		return "help for " + name
	}
	return "bantuan untuk " + name
}

// UsageTemplate is cobra's usage template in lang ("" for English: cobra's
// own, left untouched so the English help stays as it is).
func UsageTemplate(lang string) string {
	if lang == EN {
		return ""
	}
	return usageTemplateID
}

// HelpTemplateFuncs are the functions UsageTemplate's Indonesian template
// uses (cobra.AddTemplateFuncs): pflag's "(default …)" and cobra's
// "[flags]" in Indonesian.
var HelpTemplateFuncs = map[string]any{
	"helpFlagsID": func(s string) string { return strings.ReplaceAll(s, " (default ", " (bawaan ") },
	"helpUseID":   func(s string) string { return strings.ReplaceAll(s, " [flags]", " [opsi]") },
}

const usageTemplateID = `Cara pakai:{{if .Runnable}}
  {{.UseLine | helpUseID}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [perintah]{{end}}{{if gt (len .Aliases) 0}}

Nama lain:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Contoh:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

Perintah yang tersedia:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

Perintah lain:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Opsi:
{{.LocalFlags.FlagUsages | helpFlagsID | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Opsi umum:
{{.InheritedFlags.FlagUsages | helpFlagsID | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Topik bantuan lain:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Pakai "{{.CommandPath}} [perintah] --help" untuk keterangan sebuah perintah.{{end}}
`

// helpID is the Indonesian of every command's one-line description and
// every flag's usage line, keyed by the English of the definitions.
var helpID = map[string]string{
	"a terminal cashier for OVO Cash top ups and disbursements":                                                                  "kasir terminal untuk top up dan pencairan OVO Cash",
	"the transactions awaiting a supervisor's approval; approvals ID: that one, decided or not, with its signature (supervisor)": "transaksi yang menunggu persetujuan supervisor; approvals ID: transaksi itu, sudah diputuskan atau belum, dengan tanda tangannya (supervisor)",
	"your PIN, when the operators file lists operators (default $OVO_PIN)":                                                       "PIN Anda, bila berkas operator berisi operator (bawaan $OVO_PIN)",
	"print one JSON object (an array for history and reconcile) on stdout":                                                       "cetak satu objek JSON (larik untuk history dan reconcile) ke stdout",
	"outlet address on receipts":                                                                                    "alamat outlet di struk",
	"a transaction awaiting approval this long is released, never sent":                                             "transaksi yang menunggu persetujuan selama ini dilepas, tidak pernah dikirim",
	"a cashier's disbursement above this many rupiah waits for a supervisor's approval (0: never)":                  "pencairan kasir di atas jumlah rupiah ini menunggu persetujuan supervisor (0: tidak pernah)",
	"once a cashier's disbursements of the day would pass this many rupiah, the next waits for approval (0: never)": "begitu pencairan kasir hari itu akan melewati jumlah rupiah ini, yang berikutnya menunggu persetujuan (0: tidak pernah)",
	"a cashier's top up above this many rupiah waits for a supervisor's approval (0: never)":                        "top up kasir di atas jumlah rupiah ini menunggu persetujuan supervisor (0: tidak pernah)",
	"once a cashier's top ups of the day would pass this many rupiah, the next waits for approval (0: never)":       "begitu top up kasir hari itu akan melewati jumlah rupiah ini, yang berikutnya menunggu persetujuan (0: tidak pernah)",
	"cashier screens: print the customer's and the merchant's copy of every success":                                "layar kasir: cetak salinan pelanggan dan salinan merchant setiap transaksi berhasil",
	"OVO base URL, overrides the environment's":                                                                     "URL dasar OVO, menggantikan URL lingkungan",
	"rows of a batch run in flight at once (1 to 64); batch run --concurrency overrides it":                         "baris batch yang diproses bersamaan (1 sampai 64); batch run --concurrency menggantikannya",
	"CHANNEL-ID, at most 5 characters":                                                                              "CHANNEL-ID, paling banyak 5 karakter",
	"first wait before asking OVO the status of an unknown outcome; it doubles per check up to 1m":                  "jeda pertama sebelum menanyakan status hasil yang belum diketahui ke OVO; berlipat dua tiap pengecekan hingga 1m",
	"OVO client id": "client id OVO",
	"OVO client secret (prefer the variable or the config file: flags show in ps)":                                        "client secret OVO (lebih baik lewat variabel atau berkas konfigurasi: opsi terlihat di ps)",
	"config file (TOML, keys named as the flags)":                                                                         "berkas konfigurasi (TOML, kunci bernama seperti opsi)",
	"ledger: a file (bbolt, this process alone) or a postgres://… URL (PostgreSQL, shared by many processes and outlets)": "buku besar: sebuah berkas (bbolt, hanya proses ini) atau URL postgres://… (PostgreSQL, dipakai bersama banyak proses dan outlet)",
	"open the cash drawer after a successful top up's slip on tcp and device printers":                                    "buka laci kas setelah struk top up berhasil di printer tcp dan device",
	"environment: sandbox (built in), staging, production, or empty to decide from the base URL":                          "lingkungan: sandbox (bawaan), staging, production, atau kosong untuk ditentukan dari URL dasar",
	"receipt footer line": "baris kaki struk",
	"up to 3 extra receipt header lines separated by |, e.g. \"NPWP 01.234.567.8-901.000|CS 1500-696\"":                                      "hingga 3 baris kepala struk tambahan dipisah |, mis. \"NPWP 01.234.567.8-901.000|CS 1500-696\"",
	"the counter locks after this long without a key, when the operators file lists operators (0: never)":                                    "konter terkunci setelah selama ini tanpa tombol, bila berkas operator berisi operator (0: tidak pernah)",
	"language: id or en (default from the locale)":                                                                                           "bahasa: id atau en (bawaan dari locale)",
	"log file of the cashier screen and the commands (serve logs to stderr)":                                                                 "berkas log layar kasir dan perintah (serve menulis log ke stderr)",
	"log format: text (key=value) or json (for log shippers)":                                                                                "format log: text (key=value) atau json (untuk pengirim log)",
	"low-deposit alert threshold in rupiah: below it the header warns, the log says so once per crossing, the X/Z reports show it (0: none)": "ambang peringatan deposit rendah dalam rupiah: di bawahnya kepala layar memperingatkan, log mencatatnya sekali tiap terlewati, laporan X/Z menampilkannya (0: tidak ada)",
	"merchant name on receipts":                                  "nama merchant di struk",
	"operator name stored on transactions (default the OS user)": "nama operator yang disimpan pada transaksi (bawaan pengguna OS)",
	"the counter's operators file: names, roles and bcrypt-hashed PINs (managed with `ovocashier operators`)":                               "berkas operator konter: nama, peran, dan PIN ber-hash bcrypt (dikelola dengan `ovocashier operators`)",
	"outlet name on receipts; with a PostgreSQL ledger also the outlet's id in the database: history, reports and shifts are this outlet's": "nama outlet di struk; dengan buku besar PostgreSQL juga id outlet di basis data: riwayat, laporan, dan shift milik outlet ini",
	"X-PARTNER-ID, default the client id":                                                                                                 "X-PARTNER-ID, bawaan client id",
	"how long an operator is locked after 3 wrong PINs":                                                                                   "lama operator terkunci setelah 3 kali PIN salah",
	"receipt printer: none, stdout, file:DIR, tcp://HOST:PORT, device:PATH":                                                               "printer struk: none, stdout, file:DIR, tcp://HOST:PORT, device:PATH",
	"partner RSA private key, PEM PKCS#1 or PKCS#8":                                                                                       "kunci privat RSA partner, PEM PKCS#1 atau PKCS#8",
	"print the partner reference as a QR code on tcp and device printers, for a scanner at the status screen":                             "cetak referensi partner sebagai kode QR di printer tcp dan device, untuk pemindai di layar status",
	"a success of the same kind, phone and amount this recent makes a new one a repeat that needs a deliberate key or --allow-repeat":     "transaksi berhasil dengan jenis, nomor, dan jumlah yang sama dalam rentang ini menjadikan yang baru pengulangan yang perlu tombol khusus atau --allow-repeat",
	"on: a top up or disbursement needs its operator's open shift (`ovocashier shift open`); off for outlets without shifts":              "on: top up atau pencairan perlu shift operator yang terbuka (`ovocashier shift open`); off untuk outlet tanpa shift",
	"a supervisor's own top up or disbursement above this waits for another supervisor or the owner (0: never)":                           "top up atau pencairan supervisor sendiri di atas jumlah ini menunggu supervisor lain atau pemilik (0: tidak pernah)",
	"terminal name on receipts (default the host name)":                                                                                   "nama terminal di struk (bawaan nama host)",
	"deadline of each OVO call, a Go duration":                                                                                            "batas waktu tiap panggilan ke OVO, durasi Go",
	"the outlet's IANA time zone (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT) for screens, slips, history days and the log":  "zona waktu IANA outlet (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT) untuk layar, struk, hari riwayat, dan log",
	"receipt width in columns: 32, 42 or 48":                                                                                              "lebar struk dalam kolom: 32, 42 atau 48",
	"approve a transaction awaiting approval: approve ID [--signature FILE|-] (supervisor, not its maker)":                                "setujui transaksi yang menunggu persetujuan: approve ID [--signature FILE|-] (supervisor, bukan pembuatnya)",
	"the SSHSIG signature of the bytes `approve ID` printed: a file, or - for stdin (over SSH: -)":                                        "tanda tangan SSHSIG atas bita yang dicetak `approve ID`: sebuah berkas, atau - untuk stdin (lewat SSH: -)",
	"the audit trail: audit verify | audit export --day YYYY-MM-DD (supervisor)":                                                          "jejak audit: audit verify | audit export --day YYYY-MM-DD (supervisor)",
	"export: the day, YYYY-MM-DD, in the outlet's zone (--tz)":                                                                            "export: hari, YYYY-MM-DD, di zona outlet (--tz)",
	"verify: an anchor kept outside the ledger, N:HASH (the Z or day slip, an earlier verify); the chain must still hold it (repeatable)": "verify: jangkar yang disimpan di luar buku besar, N:HASH (struk Z atau harian, verify sebelumnya); rantai harus masih memuatnya (boleh berulang)",
	"write a consistent, verified copy of the ledger (backup --out FILE; never over a file)":                                              "tulis salinan buku besar yang konsisten dan terverifikasi (backup --out FILE; tidak pernah menimpa berkas)",
	"the new file to write the copy to (never overwritten)":                                                                               "berkas baru tempat salinan ditulis (tidak pernah ditimpa)",
	"batch disbursement from a CSV file: load, check, approve, run, status, export, list":                                                 "pencairan massal dari berkas CSV: load, check, approve, run, status, export, list",
	"approve a checked batch as a whole (another operator than the loader)":                                                               "setujui batch yang sudah dicek secara utuh (operator selain yang memuat)",
	"the number of rows you approve (as batch status shows them)":                                                                         "jumlah baris yang Anda setujui (seperti ditampilkan batch status)",
	"the total you approve, in rupiah":                                                                                                    "total yang Anda setujui, dalam rupiah",
	"check every row's OVO account (name, blocked, missing, expected name)":                                                               "cek akun OVO setiap baris (nama, diblokir, tidak ada, nama yang diharapkan)",
	"account inquiries per second at most; 0 unbounded (OVO's 429 answers still back off)":                                                "paling banyak sekian cek akun per detik; 0 tanpa batas (jawaban 429 OVO tetap membuat mundur)",
	"every row's final state as CSV":                                                                                                      "status akhir setiap baris sebagai CSV",
	"CSV on stdout (the only export format; --json prints the rows as JSON)":                                                              "CSV ke stdout (satu-satunya format ekspor; --json mencetak baris sebagai JSON)",
	"every batch and its progress":                                                                                                        "setiap batch dan kemajuannya",
	"load a CSV of disbursements (FILE, or - for standard input); nothing is sent":                                                        "muat CSV pencairan (FILE, atau - untuk input standar); tidak ada yang dikirim",
	"a name for the batch": "nama untuk batch",
	"load a file even though the same content was loaded before (flagged as a duplicate batch)":           "muat berkas meski isi yang sama pernah dimuat (ditandai sebagai batch ganda)",
	"send the approved rows, each once; run again to resume":                                              "kirim baris yang disetujui, masing-masing sekali; jalankan lagi untuk melanjutkan",
	"rows in flight at once at most (default: the batch-concurrency setting, 4)":                          "paling banyak sekian baris diproses bersamaan (bawaan: pengaturan batch-concurrency, 4)",
	"once every row is sent, keep asking OVO the status of unknown rows for up to this long":              "setelah semua baris terkirim, terus tanyakan status baris yang belum diketahui ke OVO hingga selama ini",
	"a batch and every row's state, OVO reference, receipt and reason":                                    "sebuah batch dan status, referensi OVO, struk, serta alasan setiap barisnya",
	"check the whole ledger file (read-only): every value, bbolt's pages, the ledger's invariants":        "periksa seluruh berkas buku besar (hanya baca): setiap nilai, halaman bbolt, invarian buku besar",
	"Generate the autocompletion script for the specified shell":                                          "buat skrip pelengkapan otomatis untuk shell yang disebut",
	"Generate the autocompletion script for bash":                                                         "buat skrip pelengkapan otomatis untuk bash",
	"disable completion descriptions":                                                                     "matikan keterangan pelengkapan",
	"Generate the autocompletion script for fish":                                                         "buat skrip pelengkapan otomatis untuk fish",
	"Generate the autocompletion script for powershell":                                                   "buat skrip pelengkapan otomatis untuk powershell",
	"Generate the autocompletion script for zsh":                                                          "buat skrip pelengkapan otomatis untuk zsh",
	"every setting's effective value and its source (flag, OVO_* variable, config file, default)":         "nilai berlaku setiap pengaturan dan sumbernya (opsi, variabel OVO_*, berkas konfigurasi, bawaan)",
	"the merchant deposit (refreshed from OVO)":                                                           "deposit merchant (diperbarui dari OVO)",
	"disburse to an OVO account":                                                                          "cairkan ke akun OVO",
	"customer's phone number, 08…":                                                                        "nomor HP pelanggan, 08…",
	"amount in rupiah":                                                                                    "jumlah dalam rupiah",
	"when the outcome is unknown, keep asking OVO's status for up to this long":                           "bila hasilnya belum diketahui, terus tanyakan status ke OVO hingga selama ini",
	"send even when the phone has a transaction not yet settled, or the same success in the last minutes": "tetap kirim meski nomor itu punya transaksi yang belum tuntas, atau transaksi berhasil yang sama dalam beberapa menit terakhir",
	"every outlet of the shared ledger: the day's totals, open shifts, awaiting approval, not final; the merchant's deposit on top (supervisor)": "setiap outlet di buku besar bersama: total hari itu, shift terbuka, menunggu persetujuan, belum final; deposit merchant di atas (supervisor)",
	"the day, YYYY-MM-DD in the outlet's zone (--tz); default today":                                                                             "hari, YYYY-MM-DD di zona outlet (--tz); bawaan hari ini",
	"Help about any command":                                    "bantuan tentang perintah apa pun",
	"transactions, newest first":                                "transaksi, terbaru lebih dulu",
	"only this day, YYYY-MM-DD, in the outlet's zone (--tz)":    "hanya hari ini, YYYY-MM-DD, di zona outlet (--tz)",
	"only this customer's phone number":                         "hanya nomor HP pelanggan ini",
	"at most this many transactions (1–500)":                    "paling banyak sekian transaksi (1–500)",
	"continue after this cursor (printed by the previous page)": "lanjutkan setelah kursor ini (dicetak halaman sebelumnya)",
	"anything on the slip: OVO reference, reference, receipt no., phone or its last 4+ digits, part of the name": "apa saja di struk: referensi OVO, referensi, no. struk, nomor HP atau 4+ digit terakhirnya, sebagian nama",
	"only this operator's transactions (a cashier sees only their own)":                                          "hanya transaksi operator ini (kasir hanya melihat miliknya sendiri)",
	"look up an OVO account: name, fee, limits":                                                                  "cek akun OVO: nama, biaya, batas",
	"topup or disburse": "topup atau disburse",
	"generate the RSA key pair OVO asks for (keys generate --out DIR)":                                                                        "buat pasangan kunci RSA yang diminta OVO (keys generate --out DIR)",
	"the manual page, from the command definitions (ovocashier man > ovocashier.1; man -l ovocashier.1)":                                      "halaman manual, dari definisi perintah (ovocashier man > ovocashier.1; man -l ovocashier.1)",
	"write one page per command into this directory instead":                                                                                  "tulis satu halaman per perintah ke direktori ini",
	"copy a bbolt ledger into the shared PostgreSQL ledger as one outlet, and verify it: migrate --from FILE --to postgres://… [--outlet ID]": "salin buku besar bbolt ke buku besar PostgreSQL bersama sebagai satu outlet, lalu verifikasi: migrate --from FILE --to postgres://… [--outlet ID]",
	"the counter's operators: operators [list] | set NAME --role R [--new-pin P] | remove NAME (owner)":                                       "operator konter: operators [list] | set NAME --role R [--new-pin P] | remove NAME (pemilik)",
	"set: cashier, supervisor or owner":                                                                                                       "set: cashier, supervisor atau owner",
	"set: the operator's new PIN, 4–12 digits (default: the first line of stdin)":                                                             "set: PIN baru operator, 4–12 digit (bawaan: baris pertama stdin)",
	"print or reprint a receipt":                                                                  "cetak atau cetak ulang struk",
	"partnerReferenceNo or receipt number of the transaction":                                     "partnerReferenceNo atau nomor struk transaksi",
	"ignored: a slip says REPRINT (CETAK ULANG) when one was printed before":                      "diabaikan: struk bertuliskan CETAK ULANG (REPRINT) bila pernah dicetak",
	"ask OVO the status of a day's transactions and report any disagreement":                      "tanyakan ke OVO status transaksi satu hari dan laporkan setiap perbedaan",
	"the day, YYYY-MM-DD in the outlet's zone (--tz); required":                                   "hari, YYYY-MM-DD di zona outlet (--tz); wajib",
	"status calls per second at most":                                                             "paling banyak sekian panggilan status per detik",
	"ask at most this many this run (0: no bound; a next run resumes)":                            "tanyakan paling banyak sekian dalam sekali jalan (0: tanpa batas; jalan berikutnya melanjutkan)",
	"settle every pending or unknown transaction now":                                             "tuntaskan sekarang setiap transaksi yang tertunda atau belum diketahui",
	"reject a transaction awaiting approval: reject ID --reason TEXT (supervisor, not its maker)": "tolak transaksi yang menunggu persetujuan: reject ID --reason TEXT (supervisor, bukan pembuatnya)",
	"why it is rejected (required)":                                                               "alasan penolakan (wajib)",
	"the X (shift so far), Z (shift close) and day reports":                                       "laporan X (shift sejauh ini), Z (tutup shift) dan harian",
	"the day report: totals per outlet and per operator, the shifts of the day":                   "laporan harian: total per outlet dan per operator, shift hari itu",
	"print CSV with a header row (for a spreadsheet) on stdout":                                   "cetak CSV dengan baris judul (untuk lembar kerja) ke stdout",
	"print the report on the receipt printer (--printer, at --width)":                             "cetak laporan di printer struk (--printer, selebar --width)",
	"the X report of the open shift: nothing is closed (reads the OVO deposit)":                   "laporan X shift yang terbuka: tidak ada yang ditutup (membaca deposit OVO)",
	"the Z report of a closed shift as the ledger stands now (a reprint)":                         "laporan Z shift yang sudah ditutup menurut buku besar saat ini (cetak ulang)",
	"the shift's id (default: your last shift closed on --day)":                                   "id shift (bawaan: shift terakhir Anda yang ditutup pada --day)",
	"serve the cashier screen and the commands to operators over SSH (and run the reconciler)":    "sajikan layar kasir dan perintah ke operator lewat SSH (dan jalankan rekonsiliasi)",
	"open, close and see the cashier's shift; pay cash in or out of the drawer":                   "buka, tutup, dan lihat shift kasir; masukkan atau keluarkan uang tunai dari laci",
	"close the shift with the cash counted: the three-way close and the Z report":                 "tutup shift dengan uang tunai yang dihitung: penutupan tiga arah dan laporan Z",
	"cash counted in the drawer, in rupiah (0 allowed)":                                           "uang tunai yang dihitung di laci, dalam rupiah (0 boleh)",
	"why the close has a difference (required when it has one)":                                   "alasan selisih saat tutup (wajib bila ada selisih)",
	"close this operator's shift (a supervisor's; default: your own)":                             "tutup shift operator ini (wewenang supervisor; bawaan: milik Anda)",
	"open a shift with the float in the drawer (reads the OVO deposit)":                           "buka shift dengan modal awal di laci (membaca deposit OVO)",
	"cash in the drawer at the open, in rupiah (0 allowed)":                                       "uang tunai di laci saat buka, dalam rupiah (0 boleh)",
	"record cash put into the drawer that is not an OVO transaction":                              "catat uang tunai yang dimasukkan ke laci yang bukan transaksi OVO",
	"why the cash moves (e.g. change taken to the bank)":                                          "alasan uang berpindah (mis. kembalian dibawa ke bank)",
	"record cash taken out of the drawer that is not an OVO transaction":                          "catat uang tunai yang diambil dari laci yang bukan transaksi OVO",
	"the open shift so far (the ledger only; report x asks OVO too)":                              "shift yang terbuka sejauh ini (hanya buku besar; report x juga bertanya ke OVO)",
	"run the OVO sandbox as an HTTP server":                                                       "jalankan sandbox OVO sebagai server HTTP",
	"ask OVO the status of a transaction and record it":                                           "tanyakan status transaksi ke OVO dan catat",
	"partnerReferenceNo, OVO reference or receipt number of the transaction":                      "partnerReferenceNo, referensi OVO, atau nomor struk transaksi",
	"top up a customer's OVO Cash":                                                                "top up OVO Cash pelanggan",
	"the cashier screen on this terminal (also `ovocashier` with no command)":                     "layar kasir di terminal ini (juga `ovocashier` tanpa perintah)",
	"run the BI devsite / OVO UAT scenarios and write redacted evidence":                          "jalankan skenario BI devsite / OVO UAT dan tulis bukti yang disamarkan",
	"the version of this build: module version, commit, Go version (also --version)":              "versi build ini: versi modul, commit, versi Go (juga --version)",
}
