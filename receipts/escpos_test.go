package receipts

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// ESC/POS commands spelled out independently of escpos.go.
var (
	cInit     = []byte{0x1b, 0x40}
	cPC437    = []byte{0x1b, 0x74, 0x00}
	cCenter   = []byte{0x1b, 0x61, 0x01}
	cLeft     = []byte{0x1b, 0x61, 0x00}
	cBoldOn   = []byte{0x1b, 0x45, 0x01}
	cBoldOff  = []byte{0x1b, 0x45, 0x00}
	cTallOn   = []byte{0x1d, 0x21, 0x01}
	cTallOff  = []byte{0x1d, 0x21, 0x00}
	cFeed3    = []byte{0x1b, 0x64, 0x03}
	cPartCut  = []byte{0x1d, 0x56, 0x42, 0x00}
	rule32eq  = strings.Repeat("=", 32)
	rule32sub = strings.Repeat("-", 32)
)

// smallReceipt is the receipt whose ESC/POS bytes are spelled out in
// expectedSmallESCPOS.
func smallReceipt() Receipt {
	return Receipt{
		Merchant:           "Toko Sité",
		Terminal:           "T1",
		Time:               txTime,
		ReceiptNo:          "R1",
		Kind:               KindTopUp,
		Phone:              "081234567890",
		AccountName:        "Ñana “Ana” Øster",
		Amount:             10000,
		Fee:                500,
		Status:             StatusSuccess,
		PartnerReferenceNo: "P1",
		ReferenceNo:        "O1",
		Footer:             "Makasih ☕",
	}
}

// lr is a 32-column row: label left, value right.
func lr(label, value string) string {
	return label + strings.Repeat(" ", 32-len(label)-len(value)) + value
}

func expectedSmallESCPOS() []byte {
	var b bytes.Buffer
	put := func(parts ...any) {
		for _, p := range parts {
			switch p := p.(type) {
			case []byte:
				b.Write(p)
			case string:
				b.WriteString(p)
				b.WriteByte('\n')
			}
		}
	}
	put(cInit, cPC437)
	put(cCenter, cBoldOn, cTallOn, "Toko Site")
	put(cBoldOff, cTallOff, "Terminal: T1")
	put(cLeft, rule32eq)
	put(cCenter, cBoldOn, "TOP UP OVO CASH")
	put(cLeft, cBoldOff, rule32sub)
	put(lr("Waktu", "23-11-2026 19:05:12 WIB"))
	put(lr("No. Struk", "R1"))
	put(lr("No. HP", "0812****7890"))
	put(lr("Nama Akun", `Nana "Ana" Oster`))
	put(rule32sub)
	put(lr("Nominal", "Rp10.000"))
	put(lr("Biaya admin (dipotong)", "Rp500"))
	put(cBoldOn, lr("Diterima", "Rp9.500"))
	put(cBoldOff, lr("Status", "BERHASIL"))
	put(lr("Ref. Mitra", "P1"))
	put(lr("Ref. OVO", "O1"))
	put(rule32eq)
	put(cCenter, "Makasih ?")
	put(cLeft, cFeed3, cPartCut)
	return b.Bytes()
}

func TestEncodeESCPOSExact(t *testing.T) {
	got, err := EncodeESCPOS(smallReceipt(), 32)
	if err != nil {
		t.Fatal(err)
	}
	if want := expectedSmallESCPOS(); !bytes.Equal(got, want) {
		t.Errorf("ESC/POS bytes differ\n got: %q\nwant: %q", got, want)
	}
}

func TestToASCII(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Sité Ñurhaliza", "Site Nurhaliza"},
		{"Site\u0301", "Site"},
		{"Ærøskøbing Straße", "AEroskobing Strasse"},
		{"Łódź", "Lodz"},
		{"“quoted” ‘x’ – —", `"quoted" 'x' - -`},
		{"ＡＢＣ１２３", "ABC123"},
		{"ﬁ ½", "fi 1?2"},
		{"東京", "??"},
		{"😀", "?"},
		{"a\x1bb\tc", "a b c"},
		{"€5", "EUR5"},
	} {
		if got := toASCII(tc.in); got != tc.want {
			t.Errorf("toASCII(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// decodeESCPOS walks the byte stream, accepting only the commands this
// package documents, and returns the printed text lines with their alignment.
func decodeESCPOS(t *testing.T, b []byte) (lines []string, centred []bool) {
	t.Helper()
	if !bytes.HasPrefix(b, append(append([]byte{}, cInit...), cPC437...)) {
		t.Fatalf("stream does not start with ESC @ ESC t 0: %q", b[:min(8, len(b))])
	}
	if !bytes.HasSuffix(b, append(append([]byte{}, cFeed3...), cPartCut...)) {
		t.Fatalf("stream does not end with feed and partial cut")
	}
	b = b[len(cInit)+len(cPC437) : len(b)-len(cFeed3)-len(cPartCut)]
	centre := false
	var cur []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0x1b || c == 0x1d:
			if i+2 >= len(b) {
				t.Fatalf("truncated command at %d", i)
			}
			cmd := string(b[i : i+2])
			arg := b[i+2]
			switch {
			case cmd == "\x1ba" && arg <= 1:
				centre = arg == 1
			case (cmd == "\x1bE" || cmd == "\x1d!") && arg <= 1:
			default:
				t.Fatalf("unexpected command %q at %d", b[i:i+3], i)
			}
			i += 2
		case c == '\n':
			lines = append(lines, string(cur))
			centred = append(centred, centre)
			cur = nil
		case c < 0x20 || c > 0x7e:
			t.Fatalf("byte 0x%02x outside printable ASCII at %d", c, i)
		default:
			cur = append(cur, c)
		}
	}
	if len(cur) != 0 {
		t.Fatalf("last line %q has no LF", cur)
	}
	return lines, centred
}

// TestESCPOSMatchesRender checks that the printer gets the same layout as the
// plain text (of the transliterated receipt), printable ASCII only, every line
// within the width.
func TestESCPOSMatchesRender(t *testing.T) {
	cases := goldenCases()
	for name, r := range cases {
		r2 := r
		r2.AccountName = "Sité\x1b@ Ñurhaliza 山田 😀 " + r.AccountName
		r2.Footer = "\x1dV\x00 cut? \x1b"
		cases[name+"-hostile"] = r2
	}
	for name, r := range cases {
		for _, w := range Widths {
			t.Run(fmt.Sprintf("%s-%d", name, w), func(t *testing.T) {
				b, err := EncodeESCPOS(r, w)
				if err != nil {
					t.Fatal(err)
				}
				lines, centred := decodeESCPOS(t, b)
				ascii := cleaned(r, toASCII)
				text, err := Render(ascii, w)
				if err != nil {
					t.Fatal(err)
				}
				want := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
				if len(lines) != len(want) {
					t.Fatalf("%d printed lines, %d rendered:\n%q\n%q", len(lines), len(want), lines, want)
				}
				for i := range lines {
					if len(lines[i]) > w {
						t.Errorf("line %d is %d columns: %q", i, len(lines[i]), lines[i])
					}
					got := lines[i]
					if centred[i] {
						got = strings.Repeat(" ", (w-len(got))/2) + got
					}
					if strings.TrimRight(got, " ") != want[i] {
						t.Errorf("line %d: printer gets %q, text has %q", i, got, want[i])
					}
				}
			})
		}
	}
}
