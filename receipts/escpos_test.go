package receipts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// ESC/POS commands spelled out independently of escpos.go.
var (
	cInit     = []byte{0x1b, 0x40}
	cPC858    = []byte{0x1b, 0x74, 19}
	cFontA    = []byte{0x1b, 0x4d, 0}
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
		AccountName:        "Ñana “Ana” Œster",
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
	return label + strings.Repeat(" ", 32-len([]rune(label))-len([]rune(value))) + value
}

// centre32 is s centred in 32 columns, as sent to the printer.
func centre32(s string) string { return strings.Repeat(" ", (32-len([]rune(s)))/2) + s }

func expectedSmallESCPOS() []byte {
	var b bytes.Buffer
	put := func(parts ...any) {
		for _, p := range parts {
			switch p := p.(type) {
			case []byte:
				b.Write(p)
			case string:
				enc, err := charmap.CodePage858.NewEncoder().String(p)
				if err != nil {
					panic(err)
				}
				b.WriteString(enc)
				b.WriteByte('\n')
			}
		}
	}
	put(cInit, cPC858, cFontA)
	put(cBoldOn, cTallOn, centre32("Toko Sité"))
	put(cBoldOff, cTallOff, centre32("Terminal: T1"))
	put(rule32eq)
	put(cBoldOn, centre32("TOP UP OVO CASH"))
	put(cBoldOff, rule32sub)
	put(lr("Waktu", "23-11-2026 19:05:12 WIB"))
	put(lr("No. Struk", "R1"))
	put(lr("No. HP", "0812****7890"))
	put(lr("Nama Akun", `Ñana "Ana" OEster`))
	put(rule32sub)
	put(lr("Nominal", "Rp10.000"))
	put(lr("Biaya admin (dipotong)", "Rp500"))
	put(cBoldOn, lr("Diterima", "Rp9.500"))
	put(cBoldOff, lr("Status", "BERHASIL"))
	put(lr("Ref. Mitra", "P1"))
	put(lr("Ref. OVO", "O1"))
	put(rule32eq)
	put(centre32("Makasih ?"))
	put(cFeed3, cPartCut)
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
	// "Ñ" is 0xA5 and "é" 0x82 in PC858: spelled out once more by hand.
	if !bytes.Contains(got, []byte("Toko Sit\x82\n")) || !bytes.Contains(got, []byte("\xa5ana")) {
		t.Errorf("accented letters are not PC858 bytes: %q", got)
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Café Ñusantara — 咖啡", "Café Ñusantara - ??"},
		{"Sité Ñurhaliza", "Sité Ñurhaliza"},
		{"Ærøskøbing Straße", "Ærøskøbing Straße"},
		{"Łódź Œuvre", "Lódz OEuvre"},
		{"Ştefan Ăla Ő", "Stefan Ala O"},
		{"“quoted” ‘x’ – — …", `"quoted" 'x' - - ...`},
		{"ＡＢＣ１２３", "ABC123"},
		{"ﬁ ½ ²", "fi ½ ²"},
		{"€5 £3 ©", "€5 £3 ©"},
		{"東京", "??"},
		{"😀", "?"},
		{"q\u0301", "q"},
		{"a\x1bb\tc\u00a0d", "a b c d"},
	} {
		if got := fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, r := range fold(tc.in) {
			if _, ok := printable(r); !ok {
				t.Errorf("fold(%q) left %q, which PC858 cannot print", tc.in, r)
			}
		}
	}
}

// escposCmd is one decoded ESC/POS command, or one line of text.
type escposCmd struct {
	name string // "ESC @", "ESC t", …, "GS ( k", "TEXT"
	args []byte
	text string // TEXT: the line decoded from PC858, without its LF
}

func (c escposCmd) String() string {
	switch c.name {
	case "TEXT":
		return fmt.Sprintf("TEXT %q", c.text)
	case "GS ( k":
		cn, fn, rest := c.args[2], c.args[3], c.args[4:]
		if fn == 80 { // store: the data after m
			return fmt.Sprintf("GS ( k cn=%d fn=%d m=%d data=%q", cn, fn, rest[0], rest[1:])
		}
		return fmt.Sprintf("GS ( k cn=%d fn=%d %v", cn, fn, rest)
	}
	if len(c.args) == 0 {
		return c.name
	}
	return fmt.Sprintf("%s %v", c.name, c.args)
}

// escposArgs is how many argument bytes each fixed-length command this
// package may send takes.
var escposArgs = map[string]int{
	"ESC @": 0, "ESC t": 1, "ESC M": 1, "ESC E": 1, "ESC a": 1, "ESC d": 1,
	"ESC p": 3, "GS !": 1, "GS V": 2, "DLE EOT": 1,
}

// decodeESCPOS splits a byte stream into commands and text lines, failing on
// any byte that is neither a command listed in escposArgs nor GS ( k nor
// printable PC858 text ended by LF.
func decodeESCPOS(t *testing.T, b []byte) []escposCmd {
	t.Helper()
	var cmds []escposCmd
	var text []byte
	for i := 0; i < len(b); {
		c := b[i]
		var name string
		switch c {
		case 0x1b:
			name = "ESC "
		case 0x1d:
			name = "GS "
		case 0x10:
			name = "DLE "
		case '\n':
			s, err := charmap.CodePage858.NewDecoder().Bytes(text)
			if err != nil {
				t.Fatalf("text %q: %v", text, err)
			}
			cmds = append(cmds, escposCmd{name: "TEXT", text: string(s)})
			text = nil
			i++
			continue
		default:
			if c < 0x20 || c == 0x7f || c == 0xff {
				t.Fatalf("control byte 0x%02x in text at %d", c, i)
			}
			text = append(text, c)
			i++
			continue
		}
		if len(text) != 0 {
			t.Fatalf("command at %d inside a line of text %q", i, text)
		}
		if i+1 >= len(b) {
			t.Fatalf("truncated command at %d", i)
		}
		switch op := b[i+1]; {
		case name == "DLE " && op == 0x04:
			name += "EOT"
		case name == "GS " && op == '(':
			if i+4 >= len(b) || b[i+2] != 'k' {
				t.Fatalf("bad GS ( at %d: %q", i, b[i:min(i+5, len(b))])
			}
			n := int(b[i+3]) | int(b[i+4])<<8
			end := i + 5 + n
			if end > len(b) || n < 2 {
				t.Fatalf("GS ( k at %d says %d bytes, %d left", i, n, len(b)-i-5)
			}
			cmds = append(cmds, escposCmd{name: "GS ( k", args: append([]byte{}, b[i+3:end]...)})
			i = end
			continue
		default:
			name += string(op)
		}
		n, ok := escposArgs[name]
		if !ok {
			t.Fatalf("unknown command %q at %d", name, i)
		}
		if i+2+n > len(b) {
			t.Fatalf("truncated %s at %d", name, i)
		}
		cmds = append(cmds, escposCmd{name: name, args: append([]byte{}, b[i+2:i+2+n]...)})
		i += 2 + n
	}
	if len(text) != 0 {
		t.Fatalf("last line %q has no LF", text)
	}
	return cmds
}

// listing is the decoded stream, one command per line.
func listing(cmds []escposCmd) string {
	var sb strings.Builder
	for _, c := range cmds {
		sb.WriteString(c.String())
		sb.WriteByte('\n')
	}
	return sb.String()
}

// textOf is the text lines of a decoded stream, trailing blanks trimmed: what
// the paper shows.
func textOf(cmds []escposCmd) string {
	var sb strings.Builder
	for _, c := range cmds {
		if c.name == "TEXT" {
			sb.WriteString(strings.TrimRight(c.text, " "))
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// escposCases are the encodings kept as testdata/escpos/<name>-<width>.golden,
// one per ESC/POS addition.
func escposCases() map[string]struct {
	enc ESCPOS
	r   Receipt
} {
	accented := baseReceipt()
	accented.Merchant = "Café Ñusantara — 咖啡"
	accented.AccountName = "Sité Ñurhaliza “Œ” Ştefan"
	header := baseReceipt()
	header.Header = []string{"NPWP 01.234.567.8-901.000", "", "Layanan pelanggan / Customer service: 1500-696 (08.00-21.00 WIB)"}
	reprint := baseReceipt()
	reprint.Reprint, reprint.ReprintedAt = true, reprintTime
	pending := goldenCases()["pending"]
	return map[string]struct {
		enc ESCPOS
		r   Receipt
	}{
		"codepage-font":   {ESCPOS{}, accented},
		"header":          {ESCPOS{}, header},
		"qr":              {ESCPOS{QR: true}, baseReceipt()},
		"qr-pending":      {ESCPOS{QR: true}, pending},
		"drawer":          {ESCPOS{DrawerKick: true}, baseReceipt()},
		"drawer-reprint":  {ESCPOS{DrawerKick: true, QR: true}, reprint},
		"drawer-pending":  {ESCPOS{DrawerKick: true}, pending},
		"drawer-disburse": {ESCPOS{DrawerKick: true}, goldenCases()["disburse"]},
		"everything-en":   {ESCPOS{DrawerKick: true, QR: true}, func() Receipt { r := header; r.Lang = LangEN; return r }()},
		"no-partner-ref":  {ESCPOS{QR: true}, func() Receipt { r := baseReceipt(); r.PartnerReferenceNo = ""; return r }()},
	}
}

// TestESCPOSGolden keeps the decoded command listing of each ESC/POS
// addition at every width, and checks what the listing must say whatever the
// golden holds.
func TestESCPOSGolden(t *testing.T) {
	for name, tc := range escposCases() {
		for _, w := range Widths {
			t.Run(fmt.Sprintf("%s-%d", name, w), func(t *testing.T) {
				enc := tc.enc
				enc.Width = w
				b, err := enc.Encode(tc.r)
				if err != nil {
					t.Fatal(err)
				}
				cmds := decodeESCPOS(t, b)
				got := listing(cmds)
				path := filepath.Join("testdata", "escpos", fmt.Sprintf("%s-%d.golden", name, w))
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./receipts -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("ESC/POS listing differs from %s (go test ./receipts -update rewrites it)\n--- got:\n%s--- want:\n%s", path, got, want)
				}
				checkStream(t, cmds, enc, tc.r)
			})
		}
	}
}

// checkStream asserts the documented order and contents of a stream: init,
// code page PC858, the font of the width, text lines within the width, the
// QR code of exactly the partner reference when asked for, feed and cut, and
// the drawer kick only after a successful top up's first print (a
// disbursement takes no cash: the drawer stays shut).
func checkStream(t *testing.T, cmds []escposCmd, enc ESCPOS, r Receipt) {
	t.Helper()
	font := byte(0)
	if enc.Width == 42 {
		font = 1
	}
	head := []string{"ESC @", fmt.Sprint("ESC t ", []byte{19}), fmt.Sprint("ESC M ", []byte{font})}
	for i, want := range head {
		if i >= len(cmds) || cmds[i].String() != want {
			t.Fatalf("command %d = %v, want %s", i, cmds[min(i, len(cmds)-1)], want)
		}
	}
	var qr []escposCmd
	var tail []string
	for i, c := range cmds[len(head):] {
		switch {
		case c.name == "TEXT":
			if n := len([]rune(c.text)); n > enc.Width {
				t.Errorf("line %q is %d columns, more than %d", c.text, n, enc.Width)
			}
			if len(qr) > 0 || len(tail) > 0 {
				t.Errorf("text after the QR code or the feed: %v", c)
			}
		case c.name == "GS ( k":
			qr = append(qr, c)
		case c.name == "ESC d" || c.name == "GS V" || c.name == "ESC p":
			tail = append(tail, c.String())
		case c.name == "ESC a":
			if len(qr) == 0 && c.args[0] != 1 || len(qr) > 0 && c.args[0] != 0 {
				t.Errorf("alignment %v outside the QR code's brackets (command %d)", c, i)
			}
		case c.name == "ESC E" || c.name == "GS !":
		default:
			t.Errorf("unexpected command %v", c)
		}
	}
	wantTail := []string{"ESC d [3]", "GS V [66 0]"}
	if enc.DrawerKick && r.Kind == KindTopUp && r.Status == StatusSuccess && !r.Reprint {
		wantTail = append(wantTail, "ESC p [0 25 250]")
	}
	if fmt.Sprint(tail) != fmt.Sprint(wantTail) {
		t.Errorf("stream ends %q, want %q", tail, wantTail)
	}
	if !enc.QR || r.PartnerReferenceNo == "" {
		if len(qr) != 0 {
			t.Errorf("QR code printed without being asked for: %v", qr)
		}
		return
	}
	want := []string{
		"GS ( k cn=49 fn=65 [50 0]",
		"GS ( k cn=49 fn=67 [6]",
		"GS ( k cn=49 fn=69 [49]",
		fmt.Sprintf("GS ( k cn=49 fn=80 m=48 data=%q", r.PartnerReferenceNo),
		"GS ( k cn=49 fn=81 [48]",
	}
	if fmt.Sprint(qr) != fmt.Sprint(want) {
		t.Errorf("QR commands\n%v\nwant\n%v", qr, want)
	}
}

// TestESCPOSMatchesRender checks that the printer gets the same text as
// Render gives (the screen preview and file: slips), character for
// character once decoded from PC858, centred lines included, at every width,
// with or without extras, whatever the receipt holds.
func TestESCPOSMatchesRender(t *testing.T) {
	cases := goldenCases()
	for name, r := range cases {
		r2 := r
		r2.AccountName = "Sité\x1b@ Ñurhaliza 山田 😀 " + r.AccountName
		r2.Footer = "\x1dV\x00 cut? \x1b"
		r2.Header = []string{"NPWP 01.234.567.8-901.000", "\x10\x04\x01 CS — 1500-696"}
		cases[name+"-hostile"] = r2
	}
	for name, tc := range escposCases() {
		cases["escpos-"+name] = tc.r
	}
	for name, r := range cases {
		for _, w := range Widths {
			t.Run(fmt.Sprintf("%s-%d", name, w), func(t *testing.T) {
				text, err := Render(r, w)
				if err != nil {
					t.Fatal(err)
				}
				for _, enc := range []ESCPOS{{Width: w}, {Width: w, QR: true, DrawerKick: true}} {
					b, err := enc.Encode(r)
					if err != nil {
						t.Fatal(err)
					}
					cmds := decodeESCPOS(t, b)
					if got := textOf(cmds); got != text {
						t.Errorf("paper and preview differ\n--- paper:\n%s--- preview:\n%s", got, text)
					}
					checkStream(t, cmds, enc, r)
				}
			})
		}
	}
}

// TestQRPayloadIsTheReference: the QR code holds the partner reference and
// nothing else, so a scanner typing it (then Enter) into the status screen or
// `status --ref` asks for exactly that transaction.
func TestQRPayloadIsTheReference(t *testing.T) {
	r := baseReceipt()
	b, err := ESCPOS{Width: 32, QR: true}.Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	store := []byte{0x1d, '(', 'k', byte(len(r.PartnerReferenceNo) + 3), 0, 49, 80, 48}
	store = append(store, r.PartnerReferenceNo...)
	if !bytes.Contains(b, store) {
		t.Errorf("no GS ( k store of exactly %q in %q", r.PartnerReferenceNo, b)
	}
	r.PartnerReferenceNo = strings.Repeat("P", qrMaxData+1)
	b, _ = ESCPOS{Width: 32, QR: true}.Encode(r)
	if bytes.Contains(b, []byte("\x1d(k")) {
		t.Errorf("a QR code of a runaway reference was printed")
	}
}
