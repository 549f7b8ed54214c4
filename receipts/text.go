package receipts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// clean makes s safe to lay out: NFC-composed, invalid UTF-8 as '?', control
// characters and every kind of blank as one space (runs collapsed, ends
// trimmed), and format characters (zero-width spaces, joiners, bidi controls,
// soft hyphens) and variation selectors dropped.
func clean(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, "?"))
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r) || unicode.IsSpace(r):
			return ' '
		case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// runeWidth is the number of terminal columns r takes: 0 for combining marks,
// 2 for East Asian wide and fullwidth characters (CJK, most emoji), 1 otherwise.
func runeWidth(r rune) int {
	if r < utf8.RuneSelf {
		return 1
	}
	if unicode.In(r, unicode.Mn, unicode.Me) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// textWidth is the number of columns s takes.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// wrap breaks cleaned text s into lines of at most w columns (w >= 2), at
// spaces where it can and inside a word only when the word alone is wider than
// a line. "" gives no lines.
func wrap(s string, w int) []string {
	var lines []string
	cur, curW := "", 0
	for _, word := range strings.Fields(s) {
		ww := textWidth(word)
		switch {
		case curW > 0 && curW+1+ww <= w:
			cur, curW = cur+" "+word, curW+1+ww
			continue
		case curW > 0:
			lines = append(lines, cur)
			cur, curW = "", 0
		}
		if ww <= w {
			cur, curW = word, ww
			continue
		}
		pieces := breakWord(word, w)
		lines = append(lines, pieces[:len(pieces)-1]...)
		cur = pieces[len(pieces)-1]
		curW = textWidth(cur)
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// breakWord cuts word into pieces of at most w columns, keeping combining
// marks with the character before them.
func breakWord(word string, w int) []string {
	var pieces []string
	var b strings.Builder
	bw := 0
	for _, r := range word {
		rw := runeWidth(r)
		if rw > 0 && bw+rw > w && bw > 0 {
			pieces = append(pieces, b.String())
			b.Reset()
			bw = 0
		}
		b.WriteRune(r)
		bw += rw
	}
	return append(pieces, b.String())
}

// limit keeps at most n lines of width w; when it drops lines it ends the
// last one kept with "..." so the cut shows.
func limit(lines []string, n, w int) []string {
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n:n]
	rs := []rune(lines[n-1])
	for len(rs) > 0 && textWidth(string(rs))+3 > w {
		rs = rs[:len(rs)-1]
	}
	lines[n-1] = strings.TrimRight(string(rs), " ") + "..."
	return lines
}
