package sshserver

// texts are what the server itself says to an operator (outside the
// cashier screen), in the session's language.
type texts struct {
	noPTY, command, full, opFull, closing, keyGone, revoked, idle, shutdown, panicked string
}

var textsByLang = map[string]texts{
	"en": {
		noPTY:    "ovocashier: the cashier screen needs a terminal. Connect with a plain `ssh -p %s HOST` (no -T and no command; add -t if your client does not ask for a terminal).\n",
		command:  "ovocashier: there are no commands here, only the cashier screen. Connect with a plain `ssh -p %s HOST`.\n",
		full:     "ovocashier: the server is full (session limit: %d). Try again in a moment.\n",
		opFull:   "ovocashier: this operator already has %d sessions open. Close one, then connect again.\n",
		revoked:  "Session closed: this key was removed from the authorized keys. Transactions in flight were recorded first.\n",
		closing:  "ovocashier: the server is shutting down. Try again in a moment.\n",
		keyGone:  "ovocashier: this key is not (or no longer) authorized.\n",
		idle:     "Session closed: no key was pressed for %s. Connect again to go on.\n",
		shutdown: "The cashier server is shutting down, so this session has ended. Transactions in flight were recorded first.\n",
		panicked: "ovocashier: an internal error ended this session (it was logged). Connect again.\n",
	},
	"id": {
		noPTY:    "ovocashier: layar kasir membutuhkan terminal. Sambungkan dengan `ssh -p %s HOST` biasa (tanpa -T dan tanpa perintah; tambahkan -t bila klien Anda tidak meminta terminal).\n",
		command:  "ovocashier: tidak ada perintah di sini, hanya layar kasir. Sambungkan dengan `ssh -p %s HOST` biasa.\n",
		full:     "ovocashier: server penuh (batas sesi: %d). Coba lagi sebentar lagi.\n",
		opFull:   "ovocashier: operator ini sudah membuka %d sesi. Tutup salah satu, lalu sambungkan lagi.\n",
		revoked:  "Sesi ditutup: kunci ini sudah dihapus dari daftar kunci yang diizinkan. Transaksi yang sedang berjalan sudah dicatat lebih dulu.\n",
		closing:  "ovocashier: server sedang berhenti. Coba lagi sebentar lagi.\n",
		keyGone:  "ovocashier: kunci ini tidak (atau tidak lagi) diizinkan.\n",
		idle:     "Sesi ditutup: tidak ada tombol ditekan selama %s. Sambungkan lagi untuk melanjutkan.\n",
		shutdown: "Server kasir sedang berhenti, jadi sesi ini berakhir. Transaksi yang sedang berjalan sudah dicatat lebih dulu.\n",
		panicked: "ovocashier: kesalahan internal mengakhiri sesi ini (sudah dicatat). Sambungkan lagi.\n",
	},
}

// text is the server's texts in the sessions' language (Indonesian unless
// the language is English).
func (s *Server) text() texts {
	if t, ok := textsByLang[s.cfg.Session.Lang]; ok {
		return t
	}
	return textsByLang["id"]
}
