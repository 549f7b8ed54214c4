package i18n

// The texts of `ovocashier uat` (its refusals and progress line; the
// scenarios' titles and the evidence stay OVO's English). They number from
// uatBase so that they never collide with the other ranges of keys.
const uatBase Key = 12_000

// UAT texts.
const (
	UATProduction    Key = uatBase + iota // %s: the flag that allows it
	UATProductionURL                      // %s, %s: the base URL, the flag that allows it
	UATPhoneRequired                      // %s: the environment
	UATPhonesDiffer                       // --phone and --negative-phone are the same number
	UATAmount                             // %q: the amount given
	UATSandboxWhere                       // %s, %s: the sandbox's URL, its deposit
	UATRunning                            // %s, %s: the environment, where

	uatEnd // not a text
)

var uatTexts = map[Key]pair{
	UATProduction:    {"menolak menjalankan UAT di produksi OVO: top up-nya memindahkan uang sungguhan; jika memang dimaksud, tambahkan %s", "refusing to run UAT against OVO production: its top ups move real money; if you mean it, add %s"},
	UATProductionURL: {"menolak menjalankan UAT di produksi OVO (%s): top up-nya memindahkan uang sungguhan; jika memang dimaksud, tambahkan %s", "refusing to run UAT against OVO production (%s): its top ups move real money; if you mean it, add %s"},
	UATPhoneRequired: {"--phone wajib di %s: nomor OVO terdaftar di lingkungan itu untuk skenario positif", "--phone is required on %s: a registered OVO number of that environment for the positive scenarios"},
	UATPhonesDiffer:  {"--phone dan --negative-phone harus berbeda", "--phone and --negative-phone must differ"},
	UATAmount:        {"--amount %q: jumlah rupiah yang positif", "--amount %q: a positive number of rupiah"},
	UATSandboxWhere:  {"sandbox bawaan di %s (baru, di memori, deposit %s)", "built-in sandbox at %s (fresh, in memory, deposit %s)"},
	UATRunning:       {"menjalankan 8 skenario di %s: %s", "running 8 scenarios against %s: %s"},
}

func init() {
	for k, p := range uatTexts {
		texts[k] = p
	}
}
