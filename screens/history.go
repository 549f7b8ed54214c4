package screens

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// HistoryPageSize is how many transactions one page of history shows.
const HistoryPageSize = 10

// History lists the ledger newest first, a page at a time, optionally
// filtered by phone number or looked up by reference / receipt number.
// Enter opens the selected transaction.
type History struct {
	c       *Common
	txns    []storage.Txn
	next    string   // cursor of the next (older) page
	befores []string // cursors of the pages shown so far; the last is this page's
	cursor  int
	req     int
	loading bool
	errText string

	filter    field
	filtering bool   // the filter field has the keys
	phone     string // the phone filter applied
	lookup    string // the reference / receipt looked up
	operator  string // the operator filter applied (/@name)
}

// NewHistory returns the history at its newest page.
func NewHistory(c *Common) *History {
	h := &History{c: c, befores: []string{""}, filter: field{max: 64, accept: func(r rune) bool { return r > ' ' && r < 127 }}}
	return h
}

// Init reads the first page.
func (h *History) Init() tea.Cmd { return h.load() }

// Reveal reads the page again (a transaction may have been settled).
func (h *History) Reveal() tea.Cmd { return h.load() }

// SetSize is a no-op: a page fits any body of the minimum size.
func (h *History) SetSize(int, int) {}

// load reads the current page (or the looked-up transaction).
func (h *History) load() tea.Cmd {
	h.req = h.c.NextID()
	h.loading = true
	if h.lookup != "" {
		return h.c.lookup(h.req, h.lookup)
	}
	before := h.befores[len(h.befores)-1]
	return h.c.history(h.req, storage.Query{Phone: h.phone, Operator: h.operator, Before: before, Limit: HistoryPageSize})
}

// applyFilter reads the filter field: a phone number filters, anything else
// is looked up as a reference or receipt number.
func (h *History) applyFilter() tea.Cmd {
	v := strings.TrimSpace(h.filter.value)
	h.filtering, h.filter.focused = false, false
	h.phone, h.lookup, h.operator = "", "", ""
	h.befores = []string{""}
	h.cursor = 0
	h.txns, h.next = nil, ""
	if name, ok := strings.CutPrefix(v, "@"); ok && name != "" {
		h.operator = name // roles.go: @name filters by operator
	} else if v != "" {
		if p, err := cashier.NormalizePhone(v); err == nil {
			h.phone = p
		} else {
			h.lookup = v
		}
	}
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
	case txnLoadedMsg:
		if msg.id != h.req {
			return h, nil
		}
		h.loading = false
		h.txns, h.next, h.errText = nil, "", ""
		switch {
		case errors.Is(msg.err, storage.ErrNotFound):
		case msg.err != nil:
			h.errText = h.c.Cat.Error(msg.err)
		default:
			h.txns = []storage.Txn{msg.txn}
		}
		h.cursor = 0
		return h, nil
	case TxnMsg:
		for i := range h.txns {
			if h.txns[i].PartnerReferenceNo == msg.Txn.PartnerReferenceNo {
				h.txns[i] = msg.Txn
				return h, nil
			}
		}
		if len(h.befores) == 1 && h.lookup == "" && (h.phone == "" || h.phone == msg.Txn.CustomerNumber) {
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
			if h.phone != "" || h.lookup != "" || h.operator != "" {
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
	case h.phone != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredPhone, h.phone)) + "  " + keyHint(s, "x", cat.T(i18n.KeyClearFilter))
	case h.operator != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredOperator, h.operator)) + "  " + keyHint(s, "x", cat.T(i18n.KeyClearFilter))
	case h.lookup != "":
		filterLine = "  " + s.Strong.Render(cat.F(i18n.FilteredRef, h.lookup)) + "  " + keyHint(s, "x", cat.T(i18n.KeyClearFilter))
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
		wTime, wKind, wState, wAmount, wPhone = 11, 8, 9, 13, 13
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
	if h.phone != "" || h.lookup != "" || h.operator != "" {
		b = append(b, k.ClearFilter)
	}
	return append(b, k.Back)
}

// FullHelp is ShortHelp in one column.
func (h *History) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
