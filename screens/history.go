package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// HistoryPageSize is how many transactions one page of history shows.
const HistoryPageSize = 10

// History lists the ledger newest first, a page at a time, optionally
// searched by anything on the slip (cashier.Find: a reference, a receipt
// number in any case, a phone or its last 4+ digits, a part of the name).
// Enter opens the selected transaction.
type History struct {
	c       *Common
	txns    []cashier.Txn
	next    string   // cursor of the next (older) page
	befores []string // cursors of the pages shown so far; the last is this page's
	cursor  int
	req     int
	loading bool
	errText string

	filter    field
	filtering bool   // the filter field has the keys
	query     string // the search applied
	operator  string // the operator filter applied (/@name)
}

// NewHistory returns the history at its newest page.
func NewHistory(c *Common) *History {
	h := &History{c: c, befores: []string{""}, filter: field{max: 64, accept: func(r rune) bool { return r >= ' ' && r < 127 }}}
	return h
}

// Init reads the first page.
func (h *History) Init() tea.Cmd { return h.load() }

// Reveal reads the page again (a transaction may have been settled).
func (h *History) Reveal() tea.Cmd { return h.load() }

// SetSize is a no-op: a page fits any body of the minimum size.
func (h *History) SetSize(int, int) {}

// load reads the current page of the search (of everything when none).
func (h *History) load() tea.Cmd {
	h.req = h.c.NextID()
	h.loading = true
	return h.c.find(h.req, h.query, h.operator, h.befores[len(h.befores)-1], HistoryPageSize)
}

// applyFilter searches for what the filter field holds.
func (h *History) applyFilter() tea.Cmd {
	h.filtering, h.filter.focused = false, false
	h.query, h.operator = strings.TrimSpace(h.filter.value), ""
	if name, ok := strings.CutPrefix(h.query, "@"); ok && name != "" {
		h.query, h.operator = "", name // roles.go: @name filters by operator
	}
	h.befores = []string{""}
	h.cursor = 0
	h.txns, h.next = nil, ""
	return h.load()
}

// Update pages, selects, filters and opens.
func (h *History) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := h.c.Keys
	switch msg := msg.(type) {
	case historyMsg:
		if msg.id != h.req {
			return h, nil
		}
		h.loading = false
		h.errText = ""
		if msg.err != nil {
			h.errText = h.c.Cat.Error(msg.err)
			return h, nil
		}
		h.txns, h.next = msg.page.Txns, msg.page.Next
		h.cursor = min(h.cursor, max(0, len(h.txns)-1))
		return h, nil
	case TxnMsg:
		for i := range h.txns {
			if h.txns[i].PartnerReferenceNo == msg.Txn.PartnerReferenceNo {
				h.txns[i] = msg.Txn
				return h, nil
			}
		}
		if len(h.befores) == 1 && h.query == "" {
			return h, h.load()
		}
		return h, nil
	case tea.KeyMsg:
		if h.filtering {
			switch {
			case key.Matches(msg, keys.Back):
				h.filtering, h.filter.focused = false, false
			case key.Matches(msg, keys.Enter):
				return h, h.applyFilter()
			default:
				h.filter.key(msg)
			}
			return h, nil
		}
		switch {
		case key.Matches(msg, keys.Back):
			return h, h.c.Back()
		case key.Matches(msg, keys.Up):
			h.cursor = max(0, h.cursor-1)
		case key.Matches(msg, keys.Down):
			h.cursor = min(max(0, len(h.txns)-1), h.cursor+1)
		case key.Matches(msg, keys.Enter):
			if h.cursor < len(h.txns) {
				return h, h.c.Push(NewHistoryDetail(h.c, h.txns[h.cursor]))
			}
		case key.Matches(msg, keys.NextPage):
			if h.next != "" && !h.loading {
				h.befores = append(h.befores, h.next)
				h.cursor = 0
				return h, h.load()
			}
		case key.Matches(msg, keys.PrevPage):
			if len(h.befores) > 1 && !h.loading {
				h.befores = h.befores[:len(h.befores)-1]
				h.cursor = 0
				return h, h.load()
			}
		case key.Matches(msg, keys.Filter):
			h.filtering, h.filter.focused = true, true
		case key.Matches(msg, keys.ClearFilter):
			if h.query != "" || h.operator != "" {
				h.filter.set("")
				return h, h.applyFilter()
			}
		case key.Matches(msg, keys.Refresh):
			return h, h.load()
		}
		return h, nil
	}
	return h, nil
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
		filterLine = "  " + cat.T(i18n.FilterLabel) + " " + h.filter.view(s, 26)
	case h.operator != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredOperator, h.operator)) + "  " + keyHint(s, "x", cat.T(i18n.KeyClearFilter))
	case h.query != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredQuery, h.query)) + "  " + keyHint(s, "x", cat.T(i18n.KeyClearFilter))
	default:
		filterLine = s.Muted.Render("  " + cat.T(i18n.FilterHint))
	}
	parts := []string{title(s, head), filterLine}
	if h.errText != "" {
		parts = append(parts, paragraph(s.Error, h.c.Width, h.errText))
	}
	switch {
	case len(h.txns) == 0 && !h.loading:
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
	wName := max(6, h.c.Width-4-wTime-wKind-wState-wAmount-wPhone-10)
	line := func(t, k, st, amt, ph, name string) string {
		return padRight(t, wTime) + "  " + padRight(cut(k, wKind), wKind) + "  " + padRight(cut(st, wState), wState) + "  " +
			padLeft(amt, wAmount) + "  " + padRight(ph, wPhone) + "  " + cut(name, wName)
	}
	var b strings.Builder
	b.WriteString("    " + s.Label.Render(line(cat.ColTimeZone(), cat.T(i18n.ColKind), cat.T(i18n.ColState),
		cat.T(i18n.ColAmount), cat.T(i18n.ColPhone), cat.T(i18n.ColName))))
	for i, t := range h.txns {
		l := line(cat.ShortTime(t.CreatedAt), cat.KindShort(t.Kind), cat.State(t.State), cashier.Rupiah(t.Amount), t.CustomerNumber, t.CustomerName)
		if i == h.cursor {
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
	b := []key.Binding{withHelp(k.Enter, h.c.Cat.T(i18n.KeyOpen)), k.Up, k.Down}
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
