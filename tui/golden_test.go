package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/screens"
)

// seed records a transaction through the service, as another session would.
func seed(t *testing.T, env *testenv.Env, kind cashier.Kind, phone string, amount int64) cashier.Txn {
	t.Helper()
	ctx := context.Background()
	q, err := env.Service.Inquiry(ctx, kind, phone, amount)
	if err != nil {
		t.Fatal(err)
	}
	if q.Max > 0 && amount > q.Max {
		// Record OVO's own refusal above its limit, as a ledger from before
		// the app checked the inquiry's limits holds it.
		q.Max = 0
	}
	res, err := env.Service.Execute(ctx, cashier.Order{Quote: q, Operator: "budi"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Txn
}

// goldenCase drives a whole session to one screen, in both languages: the
// drive fails unless the screen shows what it waits for. For the languages
// in golden, the final view (header, body and footer) is compared with
// testdata/TestGoldens/<name>_<lang>.golden. The screens' bodies have their
// own goldens (package screens): the whole-shell goldens are few, so a
// change of the header or footer touches a handful of files.
type goldenCase struct {
	name   string
	w, h   int
	env    testenv.Options
	setup  func(t *testing.T, env *testenv.Env)
	opts   func(o *Options)
	drive  func(s *session, lang string)
	self   bool     // the program quits by itself (no Quit from the test)
	onlyEN bool     // the text does not depend on the language
	hold   bool     // OVO's top up answers are held until the drive is done (ovosim.Hold)
	golden []string // the languages whose whole frame is a golden
}

// hdr is the header's available deposit.
func hdr(lang, amount string) string { return tr(lang, "tersedia ", "available ") + amount }

// tr picks the text of the session's language.
func tr(lang, id, en string) string {
	if lang == "en" {
		return en
	}
	return id
}

func topUpTo(s *session, lang, phone string) {
	s.waitFor(tr(lang, "Menu kasir", "Cashier menu"))
	s.typeText("1")
	s.waitFor(tr(lang, "Nomor HP OVO pelanggan", "Customer's OVO phone number"))
	s.typeText(phone)
	s.enter()
}

func checkoutOf(s *session, lang, phone, amount string) {
	topUpTo(s, lang, phone)
	s.waitFor(tr(lang, "Ketik nominal (Rp)", "Type the amount (Rp)"))
	s.typeSlowly(amount)
	s.enter()
	s.waitFor(tr(lang, "Ya, kirim sekarang", "Yes, send it now"))
}

func disburseTo(s *session, lang, phone, amount string) {
	s.waitFor(tr(lang, "Menu kasir", "Cashier menu"))
	s.typeText("2")
	s.waitFor(tr(lang, "Nominal pencairan", "Amount to disburse"))
	s.typeText(phone)
	s.enter()
	s.typeSlowly(amount)
}

func goldenCases() []goldenCase {
	seeded := func(t *testing.T, env *testenv.Env) {
		seed(t, env, cashier.KindTopUp, ovosim.NumberBudi, 50_000)
		seed(t, env, cashier.KindDisburse, ovosim.NumberSiti, 10_000_001)
		seed(t, env, cashier.KindTopUp, ovosim.NumberSiti, 200_000)
	}
	return []goldenCase{
		{name: "menu", golden: []string{"id", "en"}, drive: func(s *session, lang string) { s.waitFor(tr(lang, "Menu kasir", "Cashier menu")) }},
		{name: "phone_empty", drive: func(s *session, lang string) {
			s.typeText("1")
			s.waitFor(tr(lang, "Ketik nomor", "Type the number"))
		}},
		{name: "phone_prefix", drive: func(s *session, lang string) {
			s.typeText("1")
			s.waitFor(tr(lang, "Ketik nomor", "Type the number"))
			s.typeText("0712")
			s.waitFor(tr(lang, "harus diawali 08", "must start with 08"))
		}},
		{name: "phone_short", drive: func(s *session, lang string) {
			s.typeText("1")
			s.waitFor(tr(lang, "Ketik nomor", "Type the number"))
			s.typeSlowly("08123")
			s.waitFor(tr(lang, "5 angka", "5 digits"))
			s.enter()
			s.waitFor(tr(lang, "terlalu pendek", "too short"))
		}},
		{name: "phone_pasted", drive: func(s *session, lang string) {
			s.typeText("1")
			s.waitFor(tr(lang, "Ketik nomor", "Type the number"))
			s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("+62 812-3456-7890"), Paste: true})
			s.waitFor(tr(lang, "Nomor valid", "Valid number"))
		}},
		{name: "phone_not_ovo", drive: func(s *session, lang string) {
			topUpTo(s, lang, ovosim.NumberNotRegistered)
			s.waitFor("4043711")
		}},
		{name: "amount_preset", drive: func(s *session, lang string) {
			topUpTo(s, lang, ovosim.NumberBudi)
			s.waitFor("Budi Santoso")
			s.keySlowly(tea.KeyMsg{Type: tea.KeyF3})
			s.waitFor("Rp99.000")
		}},
		{name: "amount_below_min", drive: func(s *session, lang string) {
			topUpTo(s, lang, ovosim.NumberBudi)
			s.waitFor("Budi Santoso")
			s.typeSlowly("5000")
			s.waitFor(tr(lang, "di bawah minimum", "below OVO's minimum"))
		}},
		{name: "amount_above_max", drive: func(s *session, lang string) {
			topUpTo(s, lang, ovosim.NumberBudi)
			s.waitFor("Budi Santoso")
			s.typeSlowly("10000001")
			s.waitFor(tr(lang, "di atas batas", "above OVO's limit"))
		}},
		{name: "checkout", drive: func(s *session, lang string) { checkoutOf(s, lang, ovosim.NumberBudi, "50000") }},
		{name: "amount_typed", drive: func(s *session, lang string) {
			topUpTo(s, lang, ovosim.NumberBudi)
			s.waitFor("Budi Santoso")
			s.typeSlowly("75000")
			s.waitFor("Rp74.000")
		}},
		{name: "topup_failed", drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberFullWallet, "50000")
			s.typeText("y")
			// the header's deposit follows once the reservation is released
			s.waitFor("4033823", tr(lang, "tersedia Rp50.000.000", "available Rp50.000.000"))
		}},
		{name: "processing", hold: true, golden: []string{"id"}, drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberBudi, "50000")
			s.typeText("y")
			s.waitFor(tr(lang, "MEMPROSES", "PROCESSING"), hdr(lang, "Rp49.950.000"))
		}},
		{name: "success", drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberBudi, "50000")
			s.typeText("y")
			s.waitFor(tr(lang, "BERHASIL", "SUCCESS"), "R00000001", "Rp49.950.000")
		}},
		{name: "success_wide", w: 120, h: 40, onlyEN: true, golden: []string{"en"}, drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberBudi, "50000")
			s.typeText("y")
			s.waitFor("SUCCESS", "R00000001", "Rp49.950.000")
		}},
		{name: "receipt_no_printer", drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberBudi, "50000")
			s.typeText("y")
			s.waitFor("R00000001")
			s.typeText("p")
			s.waitFor(tr(lang, "Tidak ada printer", "No printer is configured"))
		}},
		{name: "pending", drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberPendingSuccess, "50000")
			s.typeText("y")
			s.waitFor(tr(lang, "MENUNGGU", "PENDING"), "2023800", hdr(lang, "Rp49.950.000"))
		}},
		{name: "not_sent_deposit", env: testenv.Options{Now: fixedClock, Deposit: 30_000}, drive: func(s *session, lang string) {
			s.waitFor("Rp30.000")
			topUpTo(s, lang, ovosim.NumberBudi)
			s.waitFor("Budi Santoso")
			s.typeSlowly("50000")
			s.enter()
			s.waitFor(tr(lang, "dibutuhkan Rp50.000, tersedia Rp30.000", "Rp50.000 needed, Rp30.000 available"))
		}},
		{name: "disburse_form", drive: func(s *session, lang string) {
			disburseTo(s, lang, ovosim.NumberSiti, "250000")
			s.waitFor("Rp250.000")
		}},
		{name: "disburse_confirm", drive: func(s *session, lang string) {
			disburseTo(s, lang, ovosim.NumberSiti, "250000")
			s.enter()
			s.waitFor("Siti Rahayu", tr(lang, "Ya, kirim sekarang", "Yes, send it now"))
		}},
		{name: "disburse_limit", drive: func(s *session, lang string) {
			disburseTo(s, lang, ovosim.NumberSiti, "10000001")
			s.enter()
			s.waitFor("Siti Rahayu", tr(lang, "TIDAK DAPAT DIKIRIM", "CANNOT BE SENT"), "Rp10.000.000")
		}},
		{name: "status", setup: seeded, drive: func(s *session, lang string) {
			s.typeText("3")
			s.waitFor(tr(lang, "Transaksi terakhir", "Recent transactions"))
			s.key(tea.KeyDown)
			s.key(tea.KeyDown)
			s.enter()
			s.waitFor(tr(lang, "Status di OVO", "Status at OVO"))
		}},
		{name: "status_pick", setup: seeded, drive: func(s *session, lang string) {
			s.typeText("3")
			s.waitFor(tr(lang, "Transaksi terakhir", "Recent transactions"))
			s.key(tea.KeyDown)
			s.waitFor("> ")
		}},
		{name: "deposit", drive: func(s *session, lang string) {
			s.typeText("4")
			s.waitUntil("the deposit read", func(v string) bool {
				return strings.Contains(v, tr(lang, "Dibaca dari OVO", "Read from OVO")) && !strings.Contains(v, tr(lang, "Menghubungi OVO", "Asking OVO"))
			})
		}},
		{name: "history", setup: seeded, drive: func(s *session, lang string) {
			s.typeText("5")
			s.waitFor("Siti Rahayu", "Budi Santoso", "Rp200.000")
		}},
		{name: "history_filter", setup: seeded, drive: func(s *session, lang string) {
			s.typeText("5")
			s.waitFor("Budi Santoso")
			s.typeText("/")
			s.typeSlowly("5432")
			s.enter()
			s.waitFor(tr(lang, "Hasil cari: 5432", "Found for: 5432"), "Rp200.000", "Rp10.000.001")
		}},
		{name: "history_detail", setup: seeded, drive: func(s *session, lang string) {
			s.typeText("5")
			s.waitFor("Budi Santoso")
			s.key(tea.KeyDown)
			s.enter()
			s.waitFor("4033802")
		}},
		{name: "production", golden: []string{"id"}, opts: func(o *Options) { o.Production = true; o.EnvLabel = "PRODUCTION"; o.Sandbox = false },
			drive: func(s *session, lang string) {
				s.waitFor("PRODUCTION")
				s.typeText("no")
				s.enter()
				s.waitFor(tr(lang, "Ketik YES untuk lanjut", "Type YES to continue"))
			}},
		{name: "too_small", w: 70, h: 20, golden: []string{"en"}, drive: func(s *session, lang string) { s.waitFor("70×20") }},
		{name: "ask_quit", hold: true, golden: []string{"en"}, drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberBudi, "50000")
			s.typeText("y")
			s.waitFor(tr(lang, "MEMPROSES", "PROCESSING"), hdr(lang, "Rp49.950.000"))
			s.esc() // nothing: the result is not in yet
			s.tm.Send(screens.QuitMsg{})
			s.waitFor(tr(lang, "Keluar setelah", "Quit once"))
		}},
		{name: "finishing", hold: true, self: true, golden: []string{"id"}, drive: func(s *session, lang string) {
			checkoutOf(s, lang, ovosim.NumberBudi, "50000")
			s.typeText("y")
			s.waitFor(tr(lang, "MEMPROSES", "PROCESSING"), hdr(lang, "Rp49.950.000"))
			s.key(tea.KeyCtrlC)
			s.waitFor(tr(lang, "Menyelesaikan transaksi", "Finishing the transaction"))
			s.release() // OVO answers: the session records it, then quits by itself
		}},
	}
}

// TestGoldens drives a session to every screen, in both languages, against
// the sandbox with a fixed clock, and compares the few whole-shell goldens
// with testdata (go test ./tui -run TestGoldens -update rewrites them).
func TestGoldens(t *testing.T) { runGoldens(t, nil) }

// TestGoldensColour drives every golden case once more (in English) on an
// ANSI-256 terminal with a dark background, the theme an SSH session of
// xterm-256color gets, and compares each whole frame, escape sequences
// and all, with testdata: drawing faster must draw the same bytes.
func TestGoldensColour(t *testing.T) { runGoldens(t, ThemeFor(termenv.ANSI256, true)) }

// runGoldens runs the golden cases, on theme when not nil (English only,
// every case's frame a golden).
func runGoldens(t *testing.T, theme *Theme) {
	for _, gc := range goldenCases() {
		for _, lang := range []string{"id", "en"} {
			if (gc.onlyEN || theme != nil) && lang != "en" {
				continue
			}
			t.Run(gc.name+"_"+lang, func(t *testing.T) {
				t.Parallel()
				eo := gc.env
				eo.Now = fixedClock
				simCfg := eo.SimConfig
				eo.SimConfig = func(c *ovosim.Config) {
					c.Now = fixedClock // the sandbox checks X-TIMESTAMP against its clock
					if simCfg != nil {
						simCfg(c)
					}
				}
				env := testenv.New(t, eo)
				var held *ovosim.Held
				if gc.hold {
					held = env.Sim.Hold(ovosim.OpTopUp)
					t.Cleanup(held.Release) // before the environment closes
				}
				if gc.setup != nil {
					gc.setup(t, env)
				}
				o := opts(env, lang)
				o.Now = fixedClock
				if gc.opts != nil {
					gc.opts(&o)
				}
				if theme != nil {
					o.Theme = theme
				}
				w, h := gc.w, gc.h
				if w == 0 {
					w, h = 80, 24
				}
				s := start(t, env, o, w, h)
				s.held = held
				if w >= 80 && h >= 24 {
					s.waitDeposit()
				}
				gc.drive(s, lang)
				var view string
				if gc.self {
					view = s.tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).View()
				} else {
					view = s.finish()
				}
				if theme != nil || slices.Contains(gc.golden, lang) {
					golden(t, view)
				}
			})
		}
	}
}
