package receipts

import "strings"

// How many lines a field may take before it is cut with "...". References
// never reach their limit at valid lengths (SNAP references are at most 64
// characters); the limits only keep a runaway value from printing metres of
// paper.
const (
	maxMerchantLines = 3
	maxOutletLines   = 2
	maxAddressLines  = 3
	maxExtraLines    = 2 // each of Receipt.Header
	maxHeaderLines   = 2 // terminal, operator
	maxNameLines     = 3
	maxReasonLines   = 6
	maxRefLines      = 4
	maxFooterLines   = 4
)

// line is one printed line. Centred lines hold the bare text; every other
// line is already padded (right-aligned values) and printed as it is.
type line struct {
	text   string
	center bool
	bold   bool
	tall   bool // double height (ESC/POS only); the column count is unchanged
}

type builder struct {
	w     int
	lang  string
	lines []line
}

func (b *builder) add(l line) { b.lines = append(b.lines, l) }

func (b *builder) rule(ch string) { b.add(line{text: strings.Repeat(ch, b.w)}) }

// centered adds s wrapped to the width and centred, at most maxLines lines.
func (b *builder) centered(s string, maxLines int, bold, tall bool) {
	for _, t := range limit(wrap(s, b.w), maxLines, b.w) {
		b.add(line{text: t, center: true, bold: bold, tall: tall})
	}
}

// banner adds the two language versions of k as one centred bold line
// "pre id / en post" when it fits, else as one line per language.
func (b *builder) banner(k labelKey, deco string, bold bool) {
	id, en := bilingual(k)
	b.bannerText(id, en, deco, bold)
}

// bannerText is banner with the two texts given.
func (b *builder) bannerText(id, en, deco string, bold bool) {
	pre, post := "", ""
	if deco != "" {
		pre, post = deco+" ", " "+deco
	}
	if id == en { // the same word in both languages is said once (FINAL)
		b.centered(pre+id+post, 1, bold, false)
		return
	}
	if one := pre + id + " / " + en + post; textWidth(one) <= b.w {
		b.centered(one, 1, bold, false)
		return
	}
	b.centered(pre+id+" /", 2, bold, false)
	b.centered(en+post, 2, bold, false)
}

// right returns s right-aligned in the width.
func (b *builder) right(s string) string {
	return strings.Repeat(" ", max(0, b.w-textWidth(s))) + s
}

// row adds "label      value": the value right-aligned beside the label if it
// fits, else on the next line(s), wrapped and right-aligned, never cut below
// maxLines lines.
func (b *builder) row(k labelKey, value string, maxLines int, bold bool) {
	b.rowText(label(k, b.lang), value, maxLines, bold)
}

// rowText is row with the label's text given; a label wider than the
// paper wraps, the value beside or under its last line.
func (b *builder) rowText(lbl, value string, maxLines int, bold bool) {
	if textWidth(lbl) > b.w {
		ls := limit(wrap(lbl, b.w), maxLines, b.w)
		for _, l := range ls[:len(ls)-1] {
			b.add(line{text: l, bold: bold})
		}
		lbl = ls[len(ls)-1]
	}
	if value == "" {
		value = "-"
	}
	lw, vw := textWidth(lbl), textWidth(value)
	if lw+1+vw <= b.w {
		b.add(line{text: lbl + strings.Repeat(" ", b.w-lw-vw) + value, bold: bold})
		return
	}
	avail := b.w - lw - 1
	if vw <= b.w || avail < b.w/2 {
		b.add(line{text: lbl, bold: bold})
		for _, v := range limit(wrap(value, b.w), maxLines, b.w) {
			b.add(line{text: b.right(v), bold: bold})
		}
		return
	}
	vs := limit(wrap(value, avail), maxLines, avail)
	b.add(line{text: lbl + strings.Repeat(" ", b.w-lw-textWidth(vs[0])) + vs[0], bold: bold})
	for _, v := range vs[1:] {
		b.add(line{text: b.right(v), bold: bold})
	}
}

// who adds "Terminal: T | Operator: O" centred, or one line each when that
// does not fit; an empty value is left out. opLabel replaces the
// operator's label when set (a supervisor's or owner's role).
func (b *builder) who(terminal, operator, opLabel string) {
	var who []string
	if terminal != "" {
		who = append(who, label(lblTerminal, b.lang)+": "+terminal)
	}
	if operator != "" {
		if opLabel == "" {
			opLabel = label(lblOperator, b.lang)
		}
		who = append(who, opLabel+": "+operator)
	}
	if one := strings.Join(who, " | "); textWidth(one) <= b.w {
		b.centered(one, 1, false, false)
	} else {
		for _, s := range who {
			b.centered(s, maxHeaderLines, false, false)
		}
	}
}

// layout lays out r (already valid, its text already cleaned) at width w.
func layout(r Receipt, w int) []line {
	b := &builder{w: w, lang: r.Lang}

	// Title block.
	b.centered(r.Merchant, maxMerchantLines, true, true)
	b.centered(r.Outlet, maxOutletLines, false, false)
	b.centered(r.Address, maxAddressLines, false, false)
	for _, h := range r.Header {
		b.centered(h, maxExtraLines, false, false)
	}
	b.who(r.Terminal, r.Operator, "")
	b.rule("=")

	if r.Reprint {
		b.banner(bnrReprint, "**", true)
		if r.ReprintedBy != "" {
			b.row(lblReprintedBy, r.ReprintedBy, maxNameLines, false)
		}
		b.row(lblReprintedAt, FormatTimeIn(r.ReprintedAt, r.Location), 1, false)
		b.rule("-")
	}

	kind := lblTopUp
	if r.Kind == KindDisburse {
		kind = lblDisburse
	}
	b.centered(label(kind, r.Lang), 1, true, false)
	switch r.Copy {
	case CopyCustomer:
		b.banner(bnrCustomerCopy, "", false)
	case CopyMerchant:
		b.banner(bnrMerchantCopy, "", false)
	}
	switch r.Status {
	case StatusFailed:
		b.banner(bnrFailed, "***", true)
		b.banner(bnrNoMoneyMoved, "", true)
	case StatusPending:
		b.banner(bnrPending, "***", true)
		b.banner(bnrNotProof, "", true)
	}
	b.rule("-")

	b.row(lblTime, FormatTimeIn(r.Time, r.Location), 1, false)
	b.row(lblReceiptNo, r.ReceiptNo, maxRefLines, false)
	b.row(lblPhone, MaskPhone(r.Phone), 1, false)
	b.row(lblAccountName, r.AccountName, maxNameLines, false)
	b.rule("-")

	b.row(lblAmount, FormatRupiah(r.Amount), 1, false)
	// Fee and received are printed only for a success: on any other slip they
	// would read as money that moved.
	status := lblStatusSuccess
	switch r.Status {
	case StatusSuccess:
		b.row(lblFee, FormatRupiah(r.Fee), 1, false)
		b.row(lblReceived, FormatRupiah(r.Received()), 1, true)
		if r.Cash != nil {
			b.row(lblCash, cashText(*r.Cash, r.Lang), 1, false)
		}
	case StatusFailed:
		status = lblStatusFailed
	case StatusPending:
		status = lblStatusPending
	}
	b.row(lblStatus, label(status, r.Lang), 1, r.Status != StatusSuccess)
	if r.Status != StatusSuccess {
		b.row(lblReason, r.Reason, maxReasonLines, false)
	}
	b.row(lblPartnerRef, r.PartnerReferenceNo, maxRefLines, false)
	b.row(lblOVORef, r.ReferenceNo, maxRefLines, false)

	switch r.Status {
	case StatusFailed:
		b.rule("-")
		b.banner(bnrFailed, "***", true)
	case StatusPending:
		b.rule("-")
		b.banner(bnrCheckStatus, "", false)
		b.banner(bnrPending, "***", true)
	}
	b.rule("=")
	b.centered(r.Footer, maxFooterLines, false, false)
	return b.lines
}

// cleaned returns r with every text field passed through f after clean.
func cleaned(r Receipt, f func(string) string) Receipt {
	for _, p := range []*string{&r.Merchant, &r.Outlet, &r.Address, &r.Terminal,
		&r.Operator, &r.ReprintedBy, &r.ReceiptNo, &r.Phone, &r.AccountName, &r.Reason,
		&r.PartnerReferenceNo, &r.ReferenceNo, &r.Footer} {
		*p = f(clean(*p))
	}
	header := make([]string, len(r.Header))
	for i, h := range r.Header {
		header[i] = f(clean(h))
	}
	r.Header = header
	return r
}

// Render lays r out as plain text at width columns (32, 42 or 48): '\n' line
// ends, a final '\n', no trailing blanks, and every line at most width
// columns wide. The text is what the printer prints, in UTF-8: folded to code
// page PC858 (é and Ñ stay, "—" becomes "-", 咖 becomes "?"; see fold), so a
// preview on screen, a file: slip and the paper read the same. Long values
// wrap, and only runaway ones are cut, with "...". It returns an error
// matching ErrInvalidWidth or ErrInvalidReceipt instead of printing a wrong
// slip.
func Render(r Receipt, width int) (string, error) {
	lines, err := prepare(r, width)
	if err != nil {
		return "", err
	}
	return renderLines(lines, width), nil
}

// renderLines is the plain text of laid-out lines at width.
func renderLines(lines []line, width int) string {
	var sb strings.Builder
	for _, l := range lines {
		sb.WriteString(strings.TrimRight(l.padded(width), " "))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// prepare checks width and r and lays r out with its text folded to PC858:
// the one layout behind Render and ESCPOS.Encode.
func prepare(r Receipt, width int) ([]line, error) {
	if err := ValidateWidth(width); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return layout(cleaned(r, fold), width), nil
}

// padded is the line as printed at width w: a centred line gets the spaces
// that put it in the middle of the width.
func (l line) padded(w int) string {
	if !l.center {
		return l.text
	}
	return strings.Repeat(" ", max(0, (w-textWidth(l.text))/2)) + l.text
}

// cashText is the cash taken from the customer: an amount, or none.
func cashText(cash int64, lang string) string {
	if cash == 0 {
		return label(lblNoCash, lang)
	}
	return FormatRupiah(cash)
}
