package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// HistoryPageSize is how many transactions one page of history shows.
const HistoryPageSize = 10

// History lists the ledger newest first, a page at a time, optionally
// searched by anything on the slip (cashier.Find: a reference, a receipt
// number in any case, a phone or its last 4+ digits, a part of the name).
// Enter opens the selected transaction.
type History struct {
	area
	c       Common
	txns    []cashier.Txn
	next    string             // cursor of the next (older) page
	befores []string           // cursors of the pages shown so far; the last is this page's
	rows    components.List    // the cursor over txns
	read    components.Request // the page being read

	filter    field
	filtering bool   // the filter field has the keys
	query     string // the search applied
	operator  string // the operator filter applied (/@name)
}

// NewHistory returns the history at its newest page.
func NewHistory(c Common) *History {
	return &History{c: c, befores: []string{""}, filter: newTextField(64),
		rows: components.NewList(c.Keys.List(false)), read: c.newRequest()}
}

// Init reads the first page.
func (h *History) Init() tea.Cmd { return h.load() }

// Reveal reads the page again (a transaction may have been settled).
func (h *History) Reveal() tea.Cmd { return h.load() }

// load reads the current page of the search (of everything when none).
func (h *History) load() tea.Cmd {
	id, _ := h.read.Start() // no spinner: the page shows as it was until the next comes
	return h.c.find(id, h.query, h.operator, h.befores[len(h.befores)-1], HistoryPageSize)
}

// applyFilter searches for what the filter field holds.
func (h *History) applyFilter() tea.Cmd {
	h.filtering = false
	h.filter.SetFocus(false)
	h.query, h.operator = strings.TrimSpace(h.filter.Value()), ""
	if name, ok := strings.CutPrefix(h.query, "@"); ok && name != "" {
		h.query, h.operator = "", name // roles.go: @name filters by operator
	}
	h.befores = []string{""}
	h.rows.Reset()
	h.setPage(nil, "")
	return h.load()
}

// Update pages, selects, filters and opens.
func (h *History) Update(msg tea.Msg) (Next, tea.Cmd) {
	keys := h.c.Keys
	switch msg := msg.(type) {
	case historyMsg:
		if !h.read.Answer(msg.id) {
			return Stay, nil
		}
		if msg.err != nil {
			h.read.Fail("", h.c.Cat.Error(msg.err))
			return Stay, nil
		}
		h.setPage(msg.page.Txns, msg.page.Next)
		return Stay, nil
	case TxnMsg:
		for i := range h.txns {
			if h.txns[i].PartnerReferenceNo == msg.Txn.PartnerReferenceNo {
				h.txns[i] = msg.Txn
				return Stay, nil
			}
		}
		if len(h.befores) == 1 && h.query == "" {
			return Stay, h.load()
		}
		return Stay, nil
	case tea.KeyMsg:
		if h.filtering {
			switch {
			case key.Matches(msg, keys.Back):
				h.filtering = false
				h.filter.SetFocus(false)
			case key.Matches(msg, keys.Enter):
				return Stay, h.applyFilter()
			default:
				h.filter.Update(msg)
			}
			return Stay, nil
		}
		switch {
		case key.Matches(msg, keys.Back):
			return Back(), nil
		case h.rows.Update(msg):
		case key.Matches(msg, keys.Enter):
			if i := h.rows.Cursor(); i >= 0 {
				return Push(NewHistoryDetail(h.c, h.txns[i])), nil
			}
		case key.Matches(msg, keys.NextPage):
			if h.next != "" && !h.read.Active() {
				h.befores = append(h.befores, h.next)
				h.rows.Reset()
				return Stay, h.load()
			}
		case key.Matches(msg, keys.PrevPage):
			if len(h.befores) > 1 && !h.read.Active() {
				h.befores = h.befores[:len(h.befores)-1]
				h.rows.Reset()
				return Stay, h.load()
			}
		case key.Matches(msg, keys.Filter):
			h.filtering = true
			h.filter.SetFocus(true)
		case key.Matches(msg, keys.ClearFilter):
			if h.query != "" || h.operator != "" {
				h.filter.SetValue("")
				return Stay, h.applyFilter()
			}
		case key.Matches(msg, keys.Refresh):
			return Stay, h.load()
		}
		return Stay, nil
	}
	return Stay, nil
}

// setPage shows txns (next: the cursor of the older page). The cursor
// stays on the transaction it was on when the new page holds it (the
// page read again after another session's transaction puts a newer one
// above it); otherwise on its row.
func (h *History) setPage(txns []cashier.Txn, next string) {
	var picked string
	if i := h.rows.Cursor(); i >= 0 && i < len(h.txns) {
		picked = h.txns[i].PartnerReferenceNo
	}
	h.txns, h.next = txns, next
	h.rows.SetLen(len(txns))
	for i := range txns {
		if picked != "" && txns[i].PartnerReferenceNo == picked {
			h.rows.SetCursor(i)
			break
		}
	}
}

// View draws the page as a table.
func (h *History) View() string {
	s, cat := h.c.Styles, h.c.Cat
	head := cat.T(i18n.HistoryTitle)
	if len(h.befores) > 1 || h.next != "" {
		head += " · " + cat.F(i18n.PageN, len(h.befores))
	}
	var filterLine string
	switch {
	case h.filtering:
		filterLine = "  " + cat.T(i18n.FilterLabel) + " " + h.filter.View(s, 26)
	case h.operator != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredOperator, h.operator)) + "  " + keyHint(s, h.c.Keys.ClearFilter, cat.T(i18n.KeyClearFilter))
	case h.query != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredQuery, h.query)) + "  " + keyHint(s, h.c.Keys.ClearFilter, cat.T(i18n.KeyClearFilter))
	default:
		filterLine = s.Muted.Render("  " + cat.T(i18n.FilterHint))
	}
	parts := []string{title(s, head), filterLine}
	parts = append(parts, h.read.ErrorView(h.width))
	switch {
	case len(h.txns) == 0 && !h.read.Active():
		parts = append(parts, s.Muted.Render("  "+cat.T(i18n.NoTransactions)))
	case len(h.txns) > 0:
		parts = append(parts, h.table())
	}
	return join(parts...)
}

// table lays the page out in columns that fit the width.
func (h *History) table() string {
	s, cat := h.c.Styles, h.c.Cat
	const (
		wTime, wKind, wState, wAmount, wPhone = 11, 9, 8, 13, 13
	)
	wName := max(6, h.width-4-wTime-wKind-wState-wAmount-wPhone-10)
	line := func(t, k, st, amt, ph, name string) string {
		return padRight(t, wTime) + "  " + padRight(cut(k, wKind), wKind) + "  " + padRight(cut(st, wState), wState) + "  " +
			padLeft(amt, wAmount) + "  " + padRight(ph, wPhone) + "  " + cut(name, wName)
	}
	var b strings.Builder
	b.WriteString("    " + s.Label.Render(line(cat.ColTimeZone(), cat.T(i18n.ColKind), cat.T(i18n.ColState),
		cat.T(i18n.ColAmount), cat.T(i18n.ColPhone), cat.T(i18n.ColName))))
	for i, t := range h.txns {
		l := line(cat.ShortTime(t.CreatedAt), cat.KindShort(t.Kind), cat.State(t.State), cashier.Rupiah(t.Amount), t.CustomerNumber, t.CustomerName)
		if i == h.rows.Cursor() {
			b.WriteString("\n  " + s.Selected.Render("> "+l))
		} else {
			b.WriteString("\n    " + l)
		}
	}
	return b.String()
}

// ShortHelp lists the history's keys.
func (h *History) ShortHelp() []key.Binding {
	k := h.c.Keys
	if h.filtering {
		return []key.Binding{withHelp(k.Enter, h.c.Cat.T(i18n.KeyApply)), withHelp(k.Back, h.c.Cat.T(i18n.KeyCancel))}
	}
	b := append([]key.Binding{withHelp(k.Enter, h.c.Cat.T(i18n.KeyOpen))}, h.rows.KeyMap.ShortHelp()...)
	if h.next != "" {
		b = append(b, k.NextPage)
	}
	if len(h.befores) > 1 {
		b = append(b, k.PrevPage)
	}
	b = append(b, k.Filter)
	if h.query != "" || h.operator != "" {
		b = append(b, k.ClearFilter)
	}
	return append(b, k.Back)
}

// FullHelp is ShortHelp in one column.
func (h *History) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// FollowsTxns marks History as showing transactions as they change.
func (*History) FollowsTxns() {}
