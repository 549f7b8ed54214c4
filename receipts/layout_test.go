package receipts

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/width"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

var (
	txTime      = time.Date(2026, 11, 23, 12, 5, 12, 0, time.UTC) // 19:05:12 WIB
	reprintTime = time.Date(2026, 11, 24, 1, 30, 0, 0, time.UTC)  // 08:30:00 WIB
)

func baseReceipt() Receipt {
	return Receipt{
		Merchant:           "Warung Sembako Bu Sri",
		Outlet:             "Outlet Kemang",
		Address:            "Jl. Kemang Raya No. 10, Mampang Prapatan, Jakarta Selatan 12730",
		Terminal:           "T-01",
		Operator:           "Budi",
		Time:               txTime,
		ReceiptNo:          "R00000042",
		Kind:               KindTopUp,
		Phone:              "081234567890",
		AccountName:        "Siti Nurhaliza",
		Amount:             100000,
		Fee:                1000,
		Status:             StatusSuccess,
		PartnerReferenceNo: "OVC-20261123-190512-0001",
		ReferenceNo:        "2026112319051200000000000001",
		Footer:             "Terima kasih atas kunjungan Anda",
	}
}

// goldenCases are the receipts kept as testdata/<name>-<width>.golden.
func goldenCases() map[string]Receipt {
	failed := baseReceipt()
	failed.Status, failed.ReceiptNo, failed.ReferenceNo = StatusFailed, "", ""
	failed.Reason = "Saldo OVO Cash penerima melebihi batas (4033802)"

	pending := baseReceipt()
	pending.Status, pending.ReceiptNo, pending.ReferenceNo = StatusPending, "", ""
	pending.Reason = "Tidak ada jawaban dari OVO dalam 30 detik"

	reprint := baseReceipt()
	reprint.Reprint, reprint.ReprintedAt, reprint.ReprintedBy = true, reprintTime, "Siti"

	en := baseReceipt()
	en.Lang, en.Footer = LangEN, "Thank you for your visit"

	disburse := baseReceipt()
	disburse.Kind, disburse.Amount, disburse.Fee = KindDisburse, 2500000, 2500

	disburseEN := disburse
	disburseEN.Lang, disburseEN.Status, disburseEN.ReceiptNo = LangEN, StatusFailed, ""
	disburseEN.Reason = "Account not found (4043811)"

	long := baseReceipt()
	long.Merchant = "Koperasi Karyawan Sejahtera Bersama Sité Ñurhaliza Indonesia Raya Makmur Abadi Sentosa Jaya"
	long.Outlet = "Cabang Pasar Minggu Lantai Dasar Blok A Nomor 12-14 Dekat Pintu Masuk Utara Sebelah Parkir"
	long.AccountName = "Sité Ñurhaliza binti Abdullah Rahman Wahyuningsih Kusumawardhani"
	long.Operator = "Raden Ajeng Kartini Dyah Pitaloka"
	long.ReceiptNo = "R000000000000000000000000000000000000000042"

	return map[string]Receipt{
		"success":     baseReceipt(),
		"failed":      failed,
		"pending":     pending,
		"reprint":     reprint,
		"success-en":  en,
		"disburse":    disburse,
		"disburse-en": disburseEN,
		"long":        long,
	}
}

func TestRenderGolden(t *testing.T) {
	for name, r := range goldenCases() {
		for _, w := range Widths {
			t.Run(fmt.Sprintf("%s-%d", name, w), func(t *testing.T) {
				got, err := Render(r, w)
				if err != nil {
					t.Fatal(err)
				}
				checkLines(t, got, w)
				path := filepath.Join("testdata", fmt.Sprintf("%s-%d.golden", name, w))
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./receipts -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("Render differs from %s (go test ./receipts -update rewrites it)\n--- got:\n%s--- want:\n%s", path, got, want)
				}
			})
		}
	}
}

// displayWidth is the test's own column count: wide and fullwidth East Asian
// characters take 2 columns, combining and format characters none.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide,
			width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// checkLines asserts the plain-text rules: '\n' ends every line, no line is
// wider than w, none has trailing blanks or control characters.
func checkLines(t *testing.T, text string, w int) {
	t.Helper()
	if !strings.HasSuffix(text, "\n") {
		t.Errorf("output does not end with a newline")
	}
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if dw := displayWidth(l); dw > w {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, dw, w, l)
		}
		if strings.TrimRight(l, " ") != l {
			t.Errorf("line %d has trailing blanks: %q", i+1, l)
		}
		for _, r := range l {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Errorf("line %d holds control or format character %U: %q", i+1, r, l)
			}
		}
	}
}

func TestRenderFitsWidth(t *testing.T) {
	longWord := strings.Repeat("Ñ", 70)
	for _, tc := range []struct {
		name string
		edit func(*Receipt)
		want []string // substrings that must survive (wrapping may split at spaces only)
	}{
		{"accented name", func(r *Receipt) { r.AccountName = "Sité Ñurhaliza" }, []string{"Sité Ñurhaliza"}},
		{"decomposed accents", func(r *Receipt) { r.AccountName = "Site\u0301 N\u0303urhaliza" }, []string{"Sité Ñurhaliza"}},
		{"long account name", func(r *Receipt) {
			r.AccountName = "Sité Ñurhaliza binti Abdullah Rahman Wahyuningsih"
		}, []string{"Sité", "Ñurhaliza", "Wahyuningsih"}},
		{"unbroken long name", func(r *Receipt) { r.AccountName = longWord }, nil},
		{"CJK name", func(r *Receipt) {
			r.AccountName = "山田太郎山田太郎山田太郎山田太郎山田太郎 Yamada"
		}, []string{"Yamada"}},
		{"CJK merchant", func(r *Receipt) {
			r.Merchant = "東京ラーメン屋台東京ラーメン屋台東京ラーメン屋台"
		}, nil},
		{"emoji", func(r *Receipt) { r.Merchant = "Kopi 😀😀😀 Kenangan 👨‍👩‍👧 Senja ☕️" }, []string{"Kenangan"}},
		{"long address", func(r *Receipt) {
			r.Address = strings.Repeat("Jalan Panjang Sekali Tanpa Ujung ", 20)
		}, []string{"..."}},
		{"long merchant", func(r *Receipt) { r.Merchant = strings.Repeat("Toko ", 100) }, []string{"..."}},
		{"long terminal and operator", func(r *Receipt) {
			r.Terminal = "TERMINAL-KASIR-UTAMA-LANTAI-DUA-2026"
			r.Operator = "Raden Mas Panji Asmarabangun Inu Kertapati"
		}, []string{"Inu"}},
		{"long references", func(r *Receipt) {
			r.PartnerReferenceNo = strings.Repeat("P", 64)
			r.ReferenceNo = strings.Repeat("9", 64)
		}, nil},
		{"controls and escapes", func(r *Receipt) {
			r.AccountName = "Budi\x1b[31m\tSantoso\r\nX\u200b\u202e"
			r.Footer = "a\x00b"
		}, []string{"Budi [31m Santoso X"}},
		{"invalid utf-8", func(r *Receipt) { r.AccountName = "Bu\xffdi" }, []string{"Bu?di"}},
		{"huge amount", func(r *Receipt) { r.Amount, r.Fee = 9_000_000_000_000_000_000, 9_000_000_000_000_000_000 }, nil},
		{"long reason", func(r *Receipt) {
			r.Status, r.Reason = StatusFailed, strings.Repeat("alasan panjang ", 60)
		}, []string{"GAGAL / FAILED"}},
		{"everything empty", func(r *Receipt) {
			*r = Receipt{Time: txTime, Kind: KindDisburse, Status: StatusPending}
		}, []string{"MENUNGGU / PENDING"}},
	} {
		for _, w := range Widths {
			t.Run(fmt.Sprintf("%s/%d", tc.name, w), func(t *testing.T) {
				r := baseReceipt()
				tc.edit(&r)
				got, err := Render(r, w)
				if err != nil {
					t.Fatal(err)
				}
				checkLines(t, got, w)
				joined := strings.Join(strings.Fields(got), " ")
				for _, s := range tc.want {
					if !strings.Contains(joined, s) {
						t.Errorf("%q is missing from\n%s", s, got)
					}
				}
			})
		}
	}
}

// TestNothingCutSilently checks that a long unbroken value is printed whole,
// wrapped over lines, rather than cut.
func TestNothingCutSilently(t *testing.T) {
	r := baseReceipt()
	r.AccountName = strings.Repeat("Ñ", 50) + "Z"
	r.PartnerReferenceNo = "PARTNER-REFERENCE-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ-END"
	for _, w := range Widths {
		got, err := Render(r, w)
		if err != nil {
			t.Fatal(err)
		}
		squeezed := strings.Join(strings.Fields(got), "")
		for _, s := range []string{r.AccountName, r.PartnerReferenceNo} {
			if !strings.Contains(squeezed, s) {
				t.Errorf("width %d: %q was cut:\n%s", w, s, got)
			}
		}
	}
}

func TestSlipsAreDistinct(t *testing.T) {
	cases := goldenCases()
	for _, w := range Widths {
		ok, _ := Render(cases["success"], w)
		failed, _ := Render(cases["failed"], w)
		pending, _ := Render(cases["pending"], w)
		reprint, _ := Render(cases["reprint"], w)
		flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		for _, tc := range []struct {
			name, text string
			must       []string
		}{
			{"failed", flat(failed), []string{"*** GAGAL / FAILED ***", "TIDAK ADA DANA BERPINDAH / NO MONEY MOVED", "Alasan"}},
			{"pending", flat(pending), []string{"*** MENUNGGU / PENDING ***", "BUKAN BUKTI PEMBAYARAN / NOT PROOF OF PAYMENT", "Do not repeat"}},
			{"reprint", flat(reprint), []string{"** CETAK ULANG / REPRINT **", "Cetak ulang oleh Siti", "24-11-2026 08:30:00 WIB"}},
		} {
			for _, s := range tc.must {
				if !strings.Contains(tc.text, s) {
					t.Errorf("width %d: %s slip lacks %q", w, tc.name, s)
				}
			}
		}
		for _, s := range []string{"BERHASIL", "Diterima", "Biaya"} {
			if !strings.Contains(ok, s) {
				t.Errorf("width %d: success slip lacks %q", w, s)
			}
			if strings.Contains(failed, s) || strings.Contains(pending, s) {
				t.Errorf("width %d: failed or pending slip shows %q", w, s)
			}
		}
		for _, s := range []string{"GAGAL", "MENUNGGU", "REPRINT"} {
			if strings.Contains(ok, s) {
				t.Errorf("width %d: success slip shows %q", w, s)
			}
		}
		// Banners stay bilingual on an English slip.
		en := cases["failed"]
		en.Lang = LangEN
		txt, _ := Render(en, w)
		if !strings.Contains(flat(txt), "*** GAGAL / FAILED ***") {
			t.Errorf("width %d: English failed slip lost its bilingual banner", w)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	good := baseReceipt()
	for _, w := range []int{0, 31, 40, 80, -32} {
		if _, err := Render(good, w); !errors.Is(err, ErrInvalidWidth) {
			t.Errorf("Render width %d: err = %v, want ErrInvalidWidth", w, err)
		}
		if _, err := EncodeESCPOS(good, w); !errors.Is(err, ErrInvalidWidth) {
			t.Errorf("EncodeESCPOS width %d: err = %v, want ErrInvalidWidth", w, err)
		}
	}
	for _, tc := range []struct {
		name string
		edit func(*Receipt)
	}{
		{"kind", func(r *Receipt) { r.Kind = "refund" }},
		{"no kind", func(r *Receipt) { r.Kind = "" }},
		{"status", func(r *Receipt) { r.Status = "ok" }},
		{"lang", func(r *Receipt) { r.Lang = "fr" }},
		{"time", func(r *Receipt) { r.Time = time.Time{} }},
		{"amount", func(r *Receipt) { r.Amount = -1 }},
		{"fee", func(r *Receipt) { r.Fee = -1 }},
		{"reprint time", func(r *Receipt) { r.Reprint = true }},
	} {
		r := good
		tc.edit(&r)
		if _, err := Render(r, 32); !errors.Is(err, ErrInvalidReceipt) {
			t.Errorf("%s: err = %v, want ErrInvalidReceipt", tc.name, err)
		}
	}
}

func TestLabelTable(t *testing.T) {
	for k, pair := range labels {
		for i, s := range pair {
			if s == "" {
				t.Errorf("label %d has no text in language %d", k, i)
			}
			for _, r := range s {
				if r < 0x20 || r > 0x7e {
					t.Errorf("label %q is not printable ASCII", s)
				}
			}
		}
		// Row labels leave room for a value on the narrowest paper; the fee
		// reads "Biaya admin (dipotong)" as on the screens (issue 10), and a
		// value that does not fit beside it goes on the next line.
		if labelKey(k) < lblStatusSuccess && labelKey(k) != lblFee && (len(pair[0]) > 16 || len(pair[1]) > 16) {
			t.Errorf("row label %q is longer than 16 columns", pair)
		}
	}
}

// TestReprintNamesWhoReprinted: a reprinted slip names the operator who
// reprinted it (not only the maker in its header), in the slip's language.
func TestReprintNamesWhoReprinted(t *testing.T) {
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, tc := range []struct{ lang, want string }{
		{LangID, "Cetak ulang oleh Siti"},
		{LangEN, "Reprinted by Siti"},
	} {
		r := baseReceipt()
		r.Lang, r.Reprint, r.ReprintedAt, r.ReprintedBy = tc.lang, true, reprintTime, "Siti"
		for _, w := range Widths {
			out, err := Render(r, w)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(flat(out), tc.want) {
				t.Errorf("%s, width %d: reprint lacks %q:\n%s", tc.lang, w, tc.want, out)
			}
		}
		r.ReprintedBy = ""
		if out, _ := Render(r, 32); strings.Contains(out, "oleh") || strings.Contains(out, "Reprinted by") {
			t.Errorf("%s: a reprint with no operator names one:\n%s", tc.lang, out)
		}
	}
}
