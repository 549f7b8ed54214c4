package i18n

// The Indonesian words of the help of the commands built on Go's flag
// package (serve, sim, uat, keys generate, config and the cashier screen):
// their flags' usages and paragraph lines, keyed by the English. The
// paragraphs are translated line by line, so each line reads on its own.
func init() {
	for en, id := range localHelpID {
		helpID[en] = id
	}
}

var localHelpID = map[string]string{
	// serve
	"address to listen on for SSH (host:port; :2222 is every interface)":                                                             "alamat yang didengarkan untuk SSH (host:port; :2222 berarti semua antarmuka)",
	"the server's SSH host key, created (ed25519, 0600) on first run and reused after (default: ssh_host_ed25519 beside the ledger)": "kunci host SSH server, dibuat (ed25519, 0600) saat pertama jalan lalu dipakai ulang (bawaan: ssh_host_ed25519 di samping buku besar)",
	"OpenSSH authorized_keys file of the operators; each key's comment is its operator's name (required)":                            "berkas authorized_keys OpenSSH para operator; komentar tiap kunci adalah nama operatornya (wajib)",
	"most operator sessions at once":                                                                         "jumlah sesi operator terbanyak sekaligus",
	"most sessions one SSH connection may open at once":                                                      "jumlah sesi terbanyak yang boleh dibuka satu koneksi SSH sekaligus",
	"most sessions one operator (a name in the authorized keys) may have at once":                            "jumlah sesi terbanyak yang boleh dimiliki satu operator (satu nama di authorized keys) sekaligus",
	"most SSH connections open at once, from every address, logging in or not":                               "jumlah koneksi SSH terbuka terbanyak sekaligus, dari semua alamat, sudah masuk atau belum",
	"end a session after this long without a key pressed (never while a transaction is in flight); 0: never": "akhiri sesi setelah selama ini tanpa tombol ditekan (tidak pernah saat transaksi sedang berjalan); 0: tidak pernah",
	"time from connecting to the session's start (key exchange, login)":                                      "waktu dari tersambung sampai sesi dimulai (pertukaran kunci, masuk)",
	"connections one address may open a minute; 0: no limit":                                                 "koneksi yang boleh dibuka satu alamat per menit; 0: tanpa batas",
	"on SIGTERM/SIGINT, how long to wait for sessions to finish their transactions in flight":                "saat SIGTERM/SIGINT, berapa lama menunggu sesi menyelesaikan transaksi yang sedang berjalan",
	"Serves the cashier screen over SSH: operators connect with `ssh -p PORT HOST` and log in with a":        "Menyajikan layar kasir lewat SSH: operator tersambung dengan `ssh -p PORT HOST` dan masuk dengan",
	"key listed in --authorized-keys (its comment is the operator's name). One ledger and one":               "kunci yang tercantum di --authorized-keys (komentarnya adalah nama operator). Satu buku besar dan satu",
	"reconciler for all of them. The log goes to stderr. See README.md, 'Serving operators over SSH'.":       "rekonsiliator untuk semuanya. Log ditulis ke stderr. Lihat README.md, 'Serving operators over SSH'.",

	// sim
	"address to listen on": "alamat yang didengarkan",
	"the partner's client id (with --client-secret and --partner-public-key)":   "client id mitra (bersama --client-secret dan --partner-public-key)",
	"the partner's client secret; its raw bytes are the HMAC key":               "client secret mitra; byte mentahnya adalah kunci HMAC",
	"the partner's RSA public key, PEM (PKIX or PKCS#1)":                        "kunci publik RSA mitra, PEM (PKIX atau PKCS#1)",
	"merchant deposit in rupiah when the state is new":                          "deposit merchant dalam rupiah saat keadaan masih baru",
	"bbolt file keeping the sandbox state across restarts (default: in memory)": "berkas bbolt yang menyimpan keadaan sandbox antar-jalan ulang (bawaan: di memori)",
	"access token lifetime":                        "masa berlaku token akses",
	"delay before answering each top up":           "jeda sebelum menjawab tiap top up",
	"where generated sandbox credentials are kept": "tempat kredensial sandbox yang dibuat disimpan",
	"Runs the OVO SNAP sandbox as an HTTP server. Without --client-id, --client-secret and":          "Menjalankan sandbox OVO SNAP sebagai server HTTP. Tanpa --client-id, --client-secret dan",
	"--partner-public-key it generates (once) a key pair and secret in --creds-dir and prints them.": "--partner-public-key ia membuat (sekali) pasangan kunci dan secret di --creds-dir lalu mencetaknya.",

	// uat
	"a registered OVO number for the positive scenarios (default 081234567890 on the sandbox; required elsewhere)": "nomor OVO terdaftar untuk skenario positif (bawaan 081234567890 di sandbox; wajib di tempat lain)",
	"a number with no OVO account, for the negative scenarios":                                                     "nomor tanpa akun OVO, untuk skenario negatif",
	"evidence directory, new or empty (default ./uat-evidence-YYYYMMDD-HHMMSS)":                                    "direktori bukti, baru atau kosong (bawaan ./uat-evidence-YYYYMMDD-HHMMSS)",
	"amount of the positive top up, in rupiah":                                                                     "nominal top up positif, dalam rupiah",
	"allow running the scenarios against OVO production (real money moves)":                                        "izinkan menjalankan skenario terhadap produksi OVO (uang sungguhan berpindah)",
	"Runs the SNAP test scenarios (Bank Indonesia devsite + OVO UAT) and writes redacted evidence.":                "Menjalankan skenario uji SNAP (devsite Bank Indonesia + UAT OVO) dan menulis bukti yang disamarkan.",
	"On the sandbox (default) it starts a fresh throwaway sandbox; the cashier's data is not touched.":             "Di sandbox (bawaan) ia memulai sandbox sekali pakai yang baru; data kasir tidak disentuh.",

	// keys generate
	"directory for the key files, created with mode 0700 (required)":                                   "direktori berkas kunci, dibuat dengan mode 0700 (wajib)",
	"RSA key size: 2048, 3072 or 4096":                                                                 "ukuran kunci RSA: 2048, 3072 atau 4096",
	"replace key files already in --out (the old private key is lost)":                                 "ganti berkas kunci yang sudah ada di --out (kunci privat lama hilang)",
	"Makes the RSA key pair for OVO SNAP: the private key (PKCS#8 PEM, mode 0600, stays with you)":     "Membuat pasangan kunci RSA untuk OVO SNAP: kunci privat (PEM PKCS#8, mode 0600, tetap pada Anda)",
	"and the public key in both formats OVO asks for: PKCS#1 (RSA PUBLIC KEY) and X.509 (PUBLIC KEY).": "dan kunci publik dalam kedua format yang diminta OVO: PKCS#1 (RSA PUBLIC KEY) dan X.509 (PUBLIC KEY).",

	// config, uat
	"print a JSON array of {setting, variable, value, source}": "cetak larik JSON berisi {setting, variable, value, source}",
	"print one JSON object on stdout":                          "cetak satu objek JSON di stdout",
}
