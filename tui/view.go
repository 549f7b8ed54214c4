package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// chromeLines is what the header (line and rule) and the footer (rule and
// keys) take from the terminal's height.
const chromeLines = 4

// View draws header, the screen on top (or the shell's question or
// shutdown notice) and footer, in exactly the terminal's size; below the
// minimum size only the "too small" notice.
//
// A frame is drawn only when something on it changed since the last one
// (see Update); otherwise the last frame is returned as it was.
func (m *Model) View() string {
	if m.hasFrame && !m.dirty {
		return m.frame
	}
	m.frame, m.hasFrame, m.dirty = m.render(), true, false
	m.renders.Add(1)
	return m.frame
}

func (m *Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.small() {
		return m.fit(m.tooSmall.View(), m.width, m.height)
	}
	// The frame is built in one string: header, rule, then the body (the
	// screen fitted, rule, footer), which is kept as the tail of the frame
	// for the next frame that changes only the header.
	hdr := m.header()
	var b strings.Builder
	if !m.bodyDirty && m.body != "" {
		b.Grow(len(hdr) + len(m.rule) + len(m.body) + 2)
		b.WriteString(hdr)
		b.WriteByte('\n')
		b.WriteString(m.rule)
		b.WriteByte('\n')
		b.WriteString(m.body)
		return b.String()
	}
	body := m.top().View()
	keys := m.top().ShortHelp()
	switch {
	case m.quitting:
		body = m.finishingView()
		keys = nil
	case m.askQuit:
		body = m.askQuitView()
		keys = []key.Binding{m.c.Keys.Yes, m.c.Keys.No}
	}
	foot := m.footer(keys)
	b.Grow(len(hdr) + 2*len(m.rule) + len(body) + len(foot) + m.height)
	b.WriteString(hdr)
	b.WriteByte('\n')
	b.WriteString(m.rule)
	b.WriteByte('\n')
	start := b.Len()
	m.fitInto(&b, body, m.width, m.height-chromeLines)
	b.WriteByte('\n')
	b.WriteString(m.rule)
	b.WriteByte('\n')
	b.WriteString(foot)
	frame := b.String()
	m.body, m.bodyDirty = frame[start:], false
	return frame
}

// footerCache is the last footer drawn and the keys and width it was drawn
// for: typing on a screen rarely changes its keys.
type footerCache struct {
	width int
	keys  []key.Binding
	line  string
}

// footers are the help lines drawn, shared by every session: bubbles' help
// draws every key and description with lipgloss, and the screens of a top
// up show a handful of key sets. Keyed by theme, width and the keys' help;
// bounded (every width a client may have).
var footers = components.NewMemo[footerKey](maxFooters)

type footerKey struct {
	styles *screens.Styles
	width  int
	help   string
}

// maxFooters bounds footers and headers (every width a client may have):
// past it, the cache starts again.
const maxFooters = 4096

// footer is the keys' help line, fitted to the width.
func (m *Model) footer(keys []key.Binding) string {
	c := &m.foot
	if c.line != "" && c.width == m.width && sameHelp(c.keys, keys) {
		return c.line
	}
	var sig strings.Builder
	n := 0
	for _, k := range keys {
		n += len(k.Help().Key) + len(k.Help().Desc) + 2
	}
	sig.Grow(n)
	for _, k := range keys {
		if k.Enabled() {
			h := k.Help()
			sig.WriteString(h.Key)
			sig.WriteByte(0)
			sig.WriteString(h.Desc)
			sig.WriteByte(0)
		}
	}
	fk := footerKey{m.c.Styles, m.width, sig.String()}
	line := footers.Get(fk, func() string { return m.fit(m.help.ShortHelpView(keys), m.width, 1) })
	c.width, c.keys, c.line = m.width, append(c.keys[:0], keys...), line
	return c.line
}

// sameHelp reports whether a and b show the same help: the same keys and
// descriptions, enabled alike.
func sameHelp(a, b []key.Binding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Help() != b[i].Help() || a[i].Enabled() != b[i].Enabled() {
			return false
		}
	}
	return true
}

// headerCache is the last header drawn and everything it was drawn from:
// most frames (every key typed) show the same header, which costs a dozen
// styled strings to draw again.
type headerCache struct {
	key  headerKey
	line string
}

type headerKey struct {
	width             int
	lang              string
	styles            *screens.Styles
	outlet, operator  string
	role              cashier.Role
	env               string // the badge's label
	sandbox, prod     bool
	known, low, clock bool
	available, thresh int64
}

// headers are the header lines drawn, shared by every session: a top up
// changes the deposit in every session's header, and the sessions of one
// outlet draw the same header (by its key; bounded like footers).
var headers = components.NewMemo[headerKey](maxFooters)

// header is "OVO Cashier · Outlet · Operator: x" on the left and
// "Deposit Rp… [SANDBOX]" on the right.
func (m *Model) header() string {
	low := m.o.Service.LowDepositOf(m.dep.Deposit) // no I/O
	k := headerKey{width: m.width, lang: m.c.Cat.Lang(), styles: m.c.Styles, outlet: m.o.Outlet, operator: m.o.Operator,
		role: m.o.Role, env: m.o.EnvLabel, sandbox: m.o.Sandbox, prod: m.o.Production,
		known: m.dep.Known(), low: m.dep.Known() && low.Below, clock: m.o.Service.ClockWarning(), // an atomic read, no I/O
		available: m.dep.Deposit.Available, thresh: low.Threshold}
	if m.hdr.line == "" || m.hdr.key != k {
		m.hdr = headerCache{key: k, line: headers.Get(k, func() string { return m.drawHeader(k) })}
	}
	return m.hdr.line
}

// drawHeader draws the header of k.
func (m *Model) drawHeader(k headerKey) string {
	s, cat := m.c.Styles, m.c.Cat
	dep := cat.T(i18n.DepositUnknown)
	if k.known {
		dep = cashier.Rupiah(k.available)
	}
	right := cat.T(i18n.HeaderDeposit) + " " + s.Strong.Render(dep)
	if k.low {
		right = s.Warn.Render(cat.F(i18n.HeaderLowDeposit, cashier.Rupiah(k.thresh))) + "  " + right
	}
	if k.clock {
		right = s.Warn.Render(cat.T(i18n.HeaderClockOff)) + "  " + right
	}
	if b := m.badge(); b != "" {
		right += "  " + b
	}
	room := m.width - components.Width(right) - 1
	var parts []string
	if m.o.Outlet != "" {
		parts = append(parts, m.o.Outlet)
	}
	if m.o.Operator != "" {
		parts = append(parts, cat.RoleTitle(m.o.Role)+": "+m.o.Operator) // "Supervisor: Siti" (issue 14)
	}
	left := strings.Join(parts, " · ")
	// The app's name gives way first, then the outlet's, so the operator
	// stays readable. Whether it fits is judged on the wider language, so
	// that the header shows the same things in both.
	if app := cat.T(i18n.AppName); widestIn(i18n.AppName)+3+components.Width(left)+widestRole(m.o.Role)-components.Width(cat.RoleTitle(m.o.Role)) <= room || left == "" {
		left = s.Header.Render(app) + strings.Repeat(" · ", min(1, len(parts))) + left
	} else if components.Width(left) > room && len(parts) == 2 {
		if outlet := ellipsis(parts[0], room-components.Width(parts[1])-3); outlet != "" {
			left = outlet + " · " + parts[1]
		} else {
			left = parts[1]
		}
	}
	if components.Width(left) > max(0, room) { // lipgloss only to cut it
		left = m.renderer.NewStyle().MaxWidth(max(0, room)).Render(left)
	}
	gap := max(1, m.width-components.Width(left)-components.Width(right))
	return m.fit(left+strings.Repeat(" ", gap)+right, m.width, 1)
}

// widestIn is the width of the text of k in its wider language.
func widestIn(k i18n.Key) int {
	return max(components.Width(i18n.New(i18n.ID).T(k)), components.Width(i18n.New(i18n.EN).T(k)))
}

// widestRole is the width of role r's title (Catalog.RoleTitle) in its
// wider language.
func widestRole(r cashier.Role) int {
	return max(components.Width(i18n.New(i18n.ID).RoleTitle(r)), components.Width(i18n.New(i18n.EN).RoleTitle(r)))
}

// maxBadge is the widest environment label the header shows.
const maxBadge = 16

// badge is the environment in words ("[SANDBOX]"), coloured when colour works.
func (m *Model) badge() string {
	label := m.o.EnvLabel
	if label == "" && m.o.Sandbox {
		label = "SANDBOX"
	}
	if label == "" {
		return ""
	}
	// A long label ("PRODUCTION via https://proxy…") must not push the
	// operator's name out of the header: its first words say enough.
	label = "[" + ellipsis(label, maxBadge) + "]"
	if m.o.Production {
		return m.c.Styles.BadgeHot.Render(label)
	}
	return m.c.Styles.Badge.Render(label)
}

func (m *Model) finishingView() string {
	s, cat := m.c.Styles, m.c.Cat
	if m.exitLine != "" {
		return " " + s.Banner[screens.TonePending].Render(cat.T(i18n.Finishing)) + "\n\n" + m.paragraph(s.Value, m.exitLine)
	}
	out := " " + s.Banner[screens.TonePending].Render(cat.T(i18n.Finishing)) + "\n\n" + m.paragraph(s.Muted, cat.T(i18n.FinishingNote))
	if d := m.calls.deadline(); !d.IsZero() {
		left := max(0, int(time.Until(d).Round(time.Second)/time.Second))
		if m.c.Now != nil {
			left = max(0, int(d.Sub(m.c.Now()).Round(time.Second)/time.Second))
		}
		out += "\n\n" + m.paragraph(s.Value, cat.F(i18n.InFlightCountdown, left))
	}
	return out
}

func (m *Model) askQuitView() string {
	s, cat := m.c.Styles, m.c.Cat
	q := cat.T(i18n.QuitInFlight)
	if m.askUnsent {
		q = cat.T(i18n.QuitUnsent)
	}
	return m.paragraph(s.Warn, q) + "\n\n  " +
		s.Key.Render("[y]") + " " + cat.T(i18n.KeyYes) + "    " + s.Key.Render("[n]") + " " + cat.T(i18n.KeyNo)
}

// paragraph wraps text to the width, indented by two.
func (m *Model) paragraph(st screens.Style, text string) string {
	return "  " + strings.ReplaceAll(st.Style.Width(m.width-4).Render(text), "\n", "\n  ")
}

// ellipsis shortens s to w columns, ending with "…" when cut.
func ellipsis(s string, w int) string {
	if components.Width(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && components.Width(string(rs))+1 > w {
		rs = rs[:len(rs)-1]
	}
	if len(rs) == 0 {
		return ""
	}
	return string(rs) + "…"
}

// fit cuts or pads text to exactly w columns by h lines.
func (m *Model) fit(text string, w, h int) string {
	var b strings.Builder
	b.Grow(len(text) + h)
	m.fitInto(&b, text, w, h)
	return b.String()
}

// fitInto writes text to b cut or padded to exactly w columns by h lines
// (no newline after the last).
func (m *Model) fitInto(b *strings.Builder, text string, w, h int) {
	n := 0
	for n < h {
		line, rest, more := strings.Cut(text, "\n")
		if n > 0 {
			b.WriteByte('\n')
		}
		if components.Width(line) > w {
			line = m.renderer.NewStyle().MaxWidth(w).Render(line)
		}
		b.WriteString(line)
		n++
		if !more {
			break
		}
		text = rest
	}
	for ; n < h; n++ {
		b.WriteByte('\n')
	}
}
