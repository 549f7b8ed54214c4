package i18n

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/receipts"
)

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs are the formatting verbs of s, sorted (argument order may differ
// between languages only with explicit indexes).
func verbs(s string) []string {
	v := verbRE.FindAllString(s, -1)
	slices.Sort(v)
	return v
}

func TestEveryKeyInBothLanguages(t *testing.T) {
	if want := int(numKeys) + int(counterEnd-counterBase) + int(chainEnd-chainBase) + int(uatEnd-uatBase); len(texts) != want {
		t.Errorf("catalog has %d texts for %d keys", len(texts), want)
	}
	keys := []Key{}
	for k := Key(0); k < numKeys; k++ {
		keys = append(keys, k)
	}
	for k := counterBase; k < counterEnd; k++ {
		keys = append(keys, k)
	}
	for k := chainBase; k < chainEnd; k++ {
		keys = append(keys, k)
	}
	for k := uatBase; k < uatEnd; k++ {
		keys = append(keys, k)
	}
	for _, k := range keys {
		p, ok := texts[k]
		if !ok {
			t.Errorf("key %d has no text", k)
			continue
		}
		if p.id == "" || p.en == "" {
			t.Errorf("key %d: id %q en %q: a language is missing", k, p.id, p.en)
		}
		if a, b := verbs(p.id), verbs(p.en); !slices.Equal(a, b) {
			t.Errorf("key %d: verbs differ: id %v (%q) en %v (%q)", k, a, p.id, b, p.en)
		}
	}
}

func TestEveryReasonInBothLanguages(t *testing.T) {
	for _, r := range ovo.Reasons() {
		p, ok := reasons[r]
		if !ok || p.id == "" || p.en == "" {
			t.Errorf("reason %q is not translated in both languages: %+v", r, p)
		}
		for _, lang := range []string{ID, EN} {
			if got := New(lang).Reason(r); got == string(r) || got == "" {
				t.Errorf("%s: reason %q reads %q", lang, r, got)
			}
		}
	}
	if len(reasons) != len(ovo.Reasons()) {
		t.Errorf("catalog translates %d reasons, ovoclient has %d", len(reasons), len(ovo.Reasons()))
	}
}

func TestStatusesAndStates(t *testing.T) {
	for _, code := range []string{"00", "01", "02", "03", "04", "05", "06", "07"} {
		for _, lang := range []string{ID, EN} {
			if got := New(lang).Status(code); len(got) <= 3 {
				t.Errorf("%s: status %s reads %q", lang, code, got)
			}
		}
	}
	for _, s := range []cashier.State{cashier.StatePending, cashier.StateSuccess, cashier.StateFailed, cashier.StateUnknown} {
		p, ok := states[s]
		if !ok || p.id == "" || p.en == "" {
			t.Errorf("state %s not translated", s)
		}
	}
}

func TestErrorsInWords(t *testing.T) {
	id, en := New(ID), New("en")
	limitErr := &ovo.Error{Op: "topup", Code: "4033802", Message: "Exceeds Transaction Amount Limit", Reason: ovo.ReasonAmountLimit}
	for _, tc := range []struct {
		c    *Catalog
		err  error
		want string
	}{
		{id, limitErr, "Nominal di atas batas per transaksi OVO (4033802, kata OVO: \"Exceeds Transaction Amount Limit\")"},
		{en, limitErr, "The amount is above OVO's per-transaction limit (4033802, OVO said: \"Exceeds Transaction Amount Limit\")"},
		{id, fmt.Errorf("wrapped: %w", limitErr), "Nominal di atas batas per transaksi OVO (4033802, kata OVO: \"Exceeds Transaction Amount Limit\")"},
		{id, &cashier.LimitError{Amount: 5_000, Min: 10_000, Max: 10_000_000}, "Nominal di bawah minimum OVO Rp10.000 per transaksi"},
		{en, &cashier.LimitError{Amount: 20_000_000, Min: 10_000, Max: 10_000_000}, "The amount is above OVO's limit of Rp10.000.000 per transaction"},
		{en, &cashier.DepositError{Amount: 50_000, Available: 30_000}, "The merchant deposit is too low: Rp50.000 needed, Rp30.000 available"},
		{id, &cashier.DepositError{Amount: 50_000, Available: 30_000}, "Deposit merchant tidak cukup: dibutuhkan Rp50.000, tersedia Rp30.000"},
		{en, &cashier.DepositError{Amount: 50_000, Unread: true}, "The merchant deposit could not be read from OVO yet, so Rp50.000 cannot be reserved: check the connection, then refresh the deposit"},
		{en, cashier.ErrClosed, "The cashier is shutting down; nothing was sent"},
		{en, errors.New("disk full"), "Something went wrong: disk full"},
		{en, &ovo.Error{Op: "inquiry", Reason: ovo.ReasonNetwork, Unknown: true, Err: errors.New("connection refused")},
			"Could not reach OVO (network); the outcome is not known yet"},
	} {
		if got := tc.c.Error(tc.err); got != tc.want {
			t.Errorf("%s %v:\n got %q\nwant %q", tc.c.Lang(), tc.err, got, tc.want)
		}
	}
}

func TestPhoneErrors(t *testing.T) {
	id := New(ID)
	for in, want := range map[string]string{
		"":               "Nomor HP masih kosong",
		"0712345678":     "Nomor HP harus diawali 08",
		"08123":          "Nomor HP terlalu pendek: harus 10–13 angka",
		"08123456789012": "Nomor HP terlalu panjang: paling banyak 13 angka (minimal 10)",
		"0812abc45678":   "Nomor HP hanya boleh berisi angka",
	} {
		_, err := cashier.NormalizePhone(in)
		if err == nil {
			t.Fatalf("%q accepted", in)
		}
		if got := id.Error(err); got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}

func TestTimesInWIB(t *testing.T) {
	at := time.Date(2026, 11, 23, 12, 5, 9, 0, time.UTC)
	if got := New(EN).Time(at); got != "23-11-2026 19:05:09 WIB" {
		t.Errorf("Time: %q", got)
	}
	if got := New(ID).ShortTime(at); got != "23-11 19:05" {
		t.Errorf("ShortTime: %q", got)
	}
}

func TestPrintProblem(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
		err        error
	}{
		{"id", "printer tcp://10.0.0.9:9100 tidak menjawab tepat waktu (mati, macet, atau kertas habis?)",
			&receipts.PrintError{Printer: "tcp://10.0.0.9:9100", Kind: receipts.FailTimeout, Timeout: true, Err: errors.New("x")}},
		{"en", "printer tcp://10.0.0.9:9100 cannot be reached (off, wrong address, or cable/network unplugged?)",
			fmt.Errorf("printing receipt: %w", &receipts.PrintError{Printer: "tcp://10.0.0.9:9100", Kind: receipts.FailUnreachable, Err: errors.New("x")})},
		{"en", "printer tcp://10.0.0.9:9100 is out of paper (load a new roll)",
			fmt.Errorf("printing receipt: %w", &receipts.PrintError{Printer: "tcp://10.0.0.9:9100", Kind: receipts.FailPaperOut, Err: errors.New("x")})},
		{"id", "kertas printer device:/dev/usb/lp0 habis (pasang gulungan baru)",
			&receipts.PrintError{Printer: "device:/dev/usb/lp0", Kind: receipts.FailPaperOut, Err: errors.New("x")}},
		{"id", "tutup printer tcp://10.0.0.9:9100 terbuka (tutup dulu)",
			&receipts.PrintError{Printer: "tcp://10.0.0.9:9100", Kind: receipts.FailCoverOpen, Err: errors.New("x")}},
		{"en", "the cover of printer tcp://10.0.0.9:9100 is open (close it)",
			&receipts.PrintError{Printer: "tcp://10.0.0.9:9100", Kind: receipts.FailCoverOpen, Err: errors.New("x")}},
		{"en", "printer tcp://10.0.0.9:9100 reports it is offline or in error (paper jam, cutter, print head?)",
			&receipts.PrintError{Printer: "tcp://10.0.0.9:9100", Kind: receipts.FailPrinterError, Err: errors.New("x")}},
		{"en", "something else", errors.New("something else")},
	} {
		if got := New(tc.lang).PrintProblem(tc.err); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
}
