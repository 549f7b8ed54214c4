package i18n

// The Indonesian words of the commands' long descriptions (`ovocashier
// --help`, `ovocashier batch load -h`, …), keyed by the English whole, as
// the command definitions give it; commands.MissingHelp fails on one
// without them.
func init() {
	for en, id := range longHelpID {
		helpID[en] = id
	}
}

var longHelpID = map[string]string{
	"ovocashier is a terminal cashier for OVO Cash top ups and disbursements over OVO's SNAP BI API.\n" +
		"With no command it is the cashier screen on this terminal; with no OVO credentials it runs on a built-in sandbox.\n\n" +
		"Every ledger command takes --json for machine output. Exit status: 0 success, 1 refused (nothing moved),\n" +
		"2 bad input (nothing sent), 3 outcome unknown (check with status or reconcile).\n" +
		"While the cashier screen or `serve` holds the ledger, the commands reach that process through its control socket.": "ovocashier adalah kasir terminal untuk top up dan pencairan OVO Cash lewat SNAP BI API OVO.\n" +
		"Tanpa perintah ia adalah layar kasir di terminal ini; tanpa kredensial OVO ia berjalan di sandbox bawaan.\n\n" +
		"Setiap perintah buku kas menerima --json untuk keluaran mesin. Status keluar: 0 berhasil, 1 ditolak (tidak ada uang\n" +
		"bergerak), 2 masukan salah (tidak ada yang dikirim), 3 hasil belum pasti (periksa dengan status atau reconcile).\n" +
		"Selama layar kasir atau `serve` memegang buku kas, perintah menjangkau proses itu lewat soket kendalinya.",

	"ID is the approval id (A…), or the reference or receipt number of the transaction it became.\n" +
		"Over SSH an approval is signed with your own key: `approve ID` prints the bytes to sign;\n" +
		"sign them with `ssh-keygen -Y sign -f KEY -n ovocashier-approval` and send the signature with --signature - on stdin.\n" +
		"On this machine the supervisor's PIN approves (--pin or OVO_PIN).": "ID adalah id persetujuan (A…), atau referensi atau nomor struk transaksi yang dihasilkannya.\n" +
		"Lewat SSH persetujuan ditandatangani dengan kunci Anda sendiri: `approve ID` mencetak bita yang harus ditandatangani;\n" +
		"tandatangani dengan `ssh-keygen -Y sign -f KEY -n ovocashier-approval` lalu kirim tanda tangannya dengan --signature - di stdin.\n" +
		"Di mesin ini PIN supervisor yang menyetujui (--pin atau OVO_PIN).",

	"Load a CSV file of disbursements: a header row with the columns phone,amount[,note][,reference][,name].\n" +
		"UTF-8 (with or without BOM), ',' or ';' separators and CRLF are read. Every bad row (phone, amount, above OVO's\n" +
		"per-transaction maximum) is listed with its line number and reason; rows above your role's approval limits are\n" +
		"listed too (the batch's approval covers them); a row repeating an earlier phone and amount is flagged as a\n" +
		"duplicate and not sent.\n" +
		"A file loaded before is refused unless --again. Nothing is sent at load.": "Muat berkas CSV pencairan: baris judul dengan kolom phone,amount[,note][,reference][,name].\n" +
		"UTF-8 (dengan atau tanpa BOM), pemisah ',' atau ';' dan CRLF dapat dibaca. Setiap baris salah (nomor, jumlah, di atas\n" +
		"batas per transaksi OVO) dicantumkan dengan nomor baris dan alasannya; baris di atas batas persetujuan peran Anda\n" +
		"juga dicantumkan (persetujuan batch mencakupnya); baris yang mengulang nomor dan jumlah sebelumnya ditandai\n" +
		"sebagai duplikat dan tidak dikirim.\n" +
		"Berkas yang sudah pernah dimuat ditolak kecuali dengan --again. Tidak ada yang dikirim saat dimuat.",

	"Generate the autocompletion script for ovocashier for the specified shell.\n" +
		"See each sub-command's help for details on how to use the generated script.\n": "Buat skrip pelengkapan otomatis ovocashier untuk shell yang disebut.\n" +
		"Lihat bantuan tiap subperintah untuk cara memakai skrip yang dibuat.\n",

	"Help provides help for any command in the application.\n" +
		"Simply type ovocashier help [path to command] for full details.": "Help memberi bantuan untuk perintah apa pun di aplikasi ini.\n" +
		"Ketik saja ovocashier help [jalur perintah] untuk keterangan lengkap.",

	"Writes the manual page of ovocashier (section 1) on stdout, or with --dir one page per command\n" +
		"(ovocashier.1, ovocashier-topup.1, …) into DIR.": "Menulis halaman manual ovocashier (bagian 1) ke stdout, atau dengan --dir satu halaman per perintah\n" +
		"(ovocashier.1, ovocashier-topup.1, …) ke dalam DIR.",

	"Run `ovocashier config -h` for its flags.":  "Jalankan `ovocashier config -h` untuk opsinya.",
	"Run `ovocashier migrate -h` for its flags.": "Jalankan `ovocashier migrate -h` untuk opsinya.",
	"Run `ovocashier serve -h` for its flags.":   "Jalankan `ovocashier serve -h` untuk opsinya.",
	"Run `ovocashier sim -h` for its flags.":     "Jalankan `ovocashier sim -h` untuk opsinya.",
	"Run `ovocashier uat -h` for its flags.":     "Jalankan `ovocashier uat -h` untuk opsinya.",
}
