package receipts

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// ESC/POS bytes this package sends.
const (
	escByte = 0x1b
	gsByte  = 0x1d
	dleByte = 0x10
	eotByte = 0x04
	lfByte  = 0x0a
)

// Code page: every receipt — printed, saved as a file, written to stdout or
// shown on screen — is folded to what code page PC858 (PC850, Multilingual
// Latin 1, with € in place of the dotless ı) can print, and a printer is told
// to use it with ESC t 19 (Epson's number for PC858). PC858 holds ASCII and
// every accented letter of Latin-1 (é, Ñ, ü, ç, ø, ß…), so Indonesian,
// Dutch and most European names print as typed. A character PC858 lacks is
// folded: first by spelling it (“”→", —→-, Œ→OE, Ł→L), then by dropping its
// accents when the bare letter exists (ă→a, ő→o, fullwidth Ａ→A), and
// otherwise it becomes '?': "Café Ñusantara — 咖啡" prints
// "Café Ñusantara - ??". Folding happens before layout, so widths hold on
// paper and the screen preview is the paper, character for character.
const codePagePC858 = 19

// printable reports whether PC858 has a printable glyph for r, and its byte.
// Control positions (0x00–0x1F, 0x7F) and the no-break space (0xFF) do not
// count: they never reach the printer as text.
func printable(r rune) (byte, bool) {
	b, ok := charmap.CodePage858.EncodeRune(r)
	return b, ok && b >= 0x20 && b != 0x7f && b != 0xff
}

// fold turns cleaned text into text PC858 can print, as described above. Its
// result is still UTF-8 (é stays é); encodePC858 turns it into bytes.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if _, ok := printable(r); ok {
			b.WriteRune(r)
			continue
		}
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			continue
		}
		if unicode.In(r, unicode.Mn, unicode.Me) {
			continue // a combining mark with nothing to combine with here
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(bare(r))
	}
	return b.String()
}

// bare is r without its accents and in its compatibility form (ă→a,
// Ａ→A, ﬁ→fi) when every character of that is printable, else "?".
func bare(r rune) string {
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.In(d, unicode.Mn, unicode.Me) {
			continue
		}
		if _, ok := printable(d); !ok {
			return "?"
		}
		b.WriteRune(d)
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}

// translit spells the letters and signs PC858 lacks that do not decompose
// into letters it has.
var translit = map[rune]string{
	'Œ': "OE", 'œ': "oe", 'Đ': "D", 'đ': "d", 'Ł': "L", 'ł': "l",
	'Ħ': "H", 'ħ': "h", 'ı': "i",
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
	'“': "\"", '”': "\"", '„': "\"", '″': "\"",
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'•': "*", '…': "...",
}

// encodePC858 appends folded text s as PC858 bytes; anything unprintable
// (which fold never leaves) becomes '?', so no control byte can slip through.
func encodePC858(buf []byte, s string) []byte {
	for _, r := range s {
		b, ok := printable(r)
		if !ok {
			b = '?'
		}
		buf = append(buf, b)
	}
	return buf
}

// Fonts: a receipt's width in columns picks the printer font (ESC M) whose
// characters fill the paper at that width on the common thermal heads:
//
//	32 columns  58 mm paper (384 dots)  font A, 12×24 dots  ESC M 0
//	42 columns  58 mm paper (384 dots)  font B,  9×17 dots  ESC M 1
//	48 columns  80 mm paper (576 dots)  font A, 12×24 dots  ESC M 0
//
// On a wider head the slip keeps its columns and sits at the left edge:
// centred lines are centred within the width, not on the paper.
func fontFor(width int) byte {
	if width == 42 {
		return 1
	}
	return 0
}

// The QR code of the partner reference: model 2, error correction M, module
// size qrModule dots. References longer than qrMaxData bytes (SNAP allows
// 64) are not turned into a QR code.
const (
	qrModule  = 6
	qrMaxData = 128
)

// ESCPOS is how receipts are encoded for one ESC/POS printer: the width (and
// with it the font) and the optional extras.
type ESCPOS struct {
	// Width is the paper width in columns: 32, 42 or 48.
	Width int
	// QR prints the partner reference as a QR code under the slip, so a
	// scanner at the status screen (or `status --ref`) types it back: the
	// code holds exactly PartnerReferenceNo, nothing else.
	QR bool
	// DrawerKick pulses the cash drawer (pin 2) after a successful top up's
	// slip, whose cash goes into the drawer; disbursements (no cash moves),
	// failed, pending and reprinted slips never open the drawer.
	DrawerKick bool
}

// EncodeESCPOS lays r out at width columns like Render and encodes it for an
// ESC/POS receipt printer, without the extras: ESCPOS{Width: width}.Encode(r).
func EncodeESCPOS(r Receipt, width int) ([]byte, error) {
	return ESCPOS{Width: width}.Encode(r)
}

// Encode lays r out like Render and encodes it as:
//
//	ESC @                  initialise
//	ESC t 19               code page PC858 (see fold)
//	ESC M n                font for the width: 0 (A) at 32 and 48, 1 (B) at 42
//	ESC E 1 / ESC E 0      bold on / off (merchant, kind, banners, amount received)
//	GS ! 1 / GS ! 0        double height on / off (merchant name; columns unchanged)
//	text LF                one line of the layout, in PC858; a centred line is
//	                       padded with spaces to the middle of the width
//	ESC a 1 … ESC a 0      with QR: the QR code, centred, between
//	  GS ( k 4 0 49 65 50 0    model 2
//	  GS ( k 3 0 49 67 6       module size 6 dots
//	  GS ( k 3 0 49 69 49      error correction M
//	  GS ( k pL pH 49 80 48 d… store the partner reference
//	  GS ( k 3 0 49 81 48      print it
//	ESC d 3                feed 3 lines
//	GS V 66 0              feed to the cutter and cut partially
//	ESC p 0 25 250         with DrawerKick, on a top up's success that is not a reprint:
//	                       pulse pin 2 for 50 ms (then 500 ms off)
//
// A mode command is sent only when the mode changes, and every mode is back to
// normal before the QR code and the feed. No byte of the receipt's text can be
// a control byte. Errors are those of Render.
func (e ESCPOS) Encode(r Receipt) ([]byte, error) {
	lines, err := prepare(r, e.Width)
	if err != nil {
		return nil, err
	}
	buf := encodeLines(lines, e.Width)
	if ref := fold(clean(r.PartnerReferenceNo)); e.QR && ref != "" && len(ref) <= qrMaxData {
		buf = appendQR(buf, ref)
	}
	buf = append(buf, escByte, 'd', 3, gsByte, 'V', 66, 0)
	if e.DrawerKick && r.Kind == KindTopUp && r.Status == StatusSuccess && !r.Reprint {
		buf = append(buf, escByte, 'p', 0, 25, 250)
	}
	return buf, nil
}

// encodeLines starts an ESC/POS stream (initialise, code page PC858, the
// font of width) and appends lines as laid out, bold and tall as marked,
// ending with both off. Slips and reports are encoded by it alike.
func encodeLines(lines []line, width int) []byte {
	buf := []byte{escByte, '@', escByte, 't', codePagePC858, escByte, 'M', fontFor(width)}
	var bold, tall bool
	set := func(cur *bool, want bool, cmd ...byte) {
		if *cur != want {
			buf = append(buf, cmd...)
			buf = append(buf, b2i(want))
			*cur = want
		}
	}
	for _, l := range lines {
		set(&bold, l.bold, escByte, 'E')
		set(&tall, l.tall, gsByte, '!')
		buf = append(encodePC858(buf, l.padded(width)), lfByte)
	}
	set(&bold, false, escByte, 'E')
	set(&tall, false, gsByte, '!')
	return buf
}

// appendQR appends the centred QR code of data (printable ASCII or PC858
// text, at most qrMaxData bytes) as documented on Encode.
func appendQR(buf []byte, data string) []byte {
	fn := func(params ...byte) {
		n := len(params) + 1 // pL pH count cn (49), fn and its parameters
		buf = append(buf, gsByte, '(', 'k', byte(n), byte(n>>8), 49)
		buf = append(buf, params...)
	}
	buf = append(buf, escByte, 'a', 1)
	fn(65, 50, 0)    // fn 165: model 2
	fn(67, qrModule) // fn 167: module size
	fn(69, 49)       // fn 169: error correction M
	store := encodePC858([]byte{80, 48}, data)
	fn(store...) // fn 180: store the data
	fn(81, 48)   // fn 181: print the stored symbol
	return append(buf, escByte, 'a', 0)
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}
