package receipts

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ESC/POS bytes this package sends. Only commands every ESC/POS printer knows
// are used.
const (
	escByte = 0x1b
	gsByte  = 0x1d
	lfByte  = 0x0a
)

// Code page: EncodeESCPOS selects PC437 (ESC t 0, the factory default of
// practically every ESC/POS printer) and then sends printable ASCII only
// (0x20–0x7E), which PC437 and every other code page a printer might be left
// in show the same. Text is transliterated first (é→e, Ñ→N, ß→ss, “”→",
// fullwidth Ａ→A); a character with no ASCII form prints as '?'. Raw UTF-8
// never reaches the printer.

// toASCII transliterates cleaned text to printable ASCII as described above.
func toASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case unicode.In(r, unicode.Mn, unicode.Me):
			// accents and other combining marks fall away: é → e
		case translit[r] != "":
			b.WriteString(translit[r])
		case unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// translit spells the letters and signs that do not decompose into ASCII.
var translit = map[rune]string{
	'Æ': "AE", 'æ': "ae", 'Ø': "O", 'ø': "o", 'Œ': "OE", 'œ': "oe",
	'ß': "ss", 'Đ': "D", 'đ': "d", 'Ð': "D", 'ð': "d", 'Ł': "L", 'ł': "l",
	'Þ': "Th", 'þ': "th", 'ı': "i", 'Ħ': "H", 'ħ': "h",
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
	'“': "\"", '”': "\"", '„': "\"", '″': "\"", '«': "\"", '»': "\"",
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'•': "*", '·': ".", '×': "x", '÷': "/", '€': "EUR", '£': "GBP", '©': "(c)", '®': "(R)",
}

// EncodeESCPOS lays r out at width columns like Render and encodes it for an
// ESC/POS receipt printer:
//
//	ESC @                  initialise
//	ESC t 0                code page PC437 (only printable ASCII follows)
//	ESC a 1 / ESC a 0      centre the title block and banners / left-align the body
//	ESC E 1 / ESC E 0      bold on / off (merchant, kind, banners, amount received)
//	GS ! 1 / GS ! 0        double height on / off (merchant name; columns unchanged)
//	text LF                one line of the layout
//	ESC d 3                feed 3 lines
//	GS V 66 0              feed to the cutter and cut partially
//
// A mode command is sent only when the mode changes, and every mode is back to
// normal before the feed. Centred lines are sent without their padding. Text is
// transliterated to ASCII before layout (é→e, Ñ→N, ß→ss, “”→", fullwidth
// Ａ→A; anything without an ASCII form becomes '?'), so no UTF-8 and no control
// byte from the receipt reaches the printer and widths hold on paper. Errors
// are those of Render.
func EncodeESCPOS(r Receipt, width int) ([]byte, error) {
	if err := ValidateWidth(width); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return encodeLines(layout(cleaned(r, func(s string) string { return clean(toASCII(s)) }), width)), nil
}

func encodeLines(lines []line) []byte {
	buf := []byte{escByte, '@', escByte, 't', 0}
	var center, bold, tall bool
	set := func(cur *bool, want bool, cmd ...byte) {
		if *cur != want {
			buf = append(buf, cmd...)
			buf = append(buf, b2i(want))
			*cur = want
		}
	}
	for _, l := range lines {
		set(&center, l.center, escByte, 'a')
		set(&bold, l.bold, escByte, 'E')
		set(&tall, l.tall, gsByte, '!')
		for _, r := range l.text {
			if r < 0x20 || r > 0x7e {
				r = '?' // cannot happen after toASCII; never let a stray byte through
			}
			buf = append(buf, byte(r))
		}
		buf = append(buf, lfByte)
	}
	set(&center, false, escByte, 'a')
	set(&bold, false, escByte, 'E')
	set(&tall, false, gsByte, '!')
	return append(buf, escByte, 'd', 3, gsByte, 'V', 66, 0)
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}
