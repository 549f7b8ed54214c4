package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// batchesMsg is the answer of a read of the batches.
type batchesMsg struct {
	id    int
	views []cashier.BatchView
	err   error
}

// Batches lists the ledger's batch disbursements with their progress, for
// supervisors: state, rows paid of the rows approved (or valid), the amount
// paid, and what is still open. It reads the ledger when opened, on r, and
// when a transaction changes (at most one read at a time; changes that
// arrive during a read cause one more). Loading, checking, approving and
// running a batch are commands (`ovocashier batch …`).
type Batches struct {
	area
	c       Common
	views   []cashier.BatchView
	cursor  int
	req     int
	loading bool
	dirty   bool
	errText string
}

// mayBatches says whether the session's operator may see the batches: a
// supervisor or an owner (or roles not in use); else a *cashier.RoleError.
func (c Common) mayBatches() error { return cashier.Allow(c.Role, "batches") }

// batchesKey opens the batches from the menu.
var batchesKey = key.NewBinding(key.WithKeys("b"), key.WithHelp("b", ""))

// withBatches adds the batches screen to the menu, on key b just before
// the last item (quit), for an operator who may see it (mayBatches).
func withBatches(c Common, items []menuItem) []menuItem {
	if c.mayBatches() != nil {
		return items
	}
	last := len(items) - 1
	out := append(append([]menuItem{}, items[:last]...), menuItem{batchesKey, i18n.MenuBatches, func(c Common) Screen { return NewBatches(c) }})
	return append(out, items[last])
}

// NewBatches returns the batches screen.
func NewBatches(c Common) *Batches { return &Batches{c: c} }

// Init reads the batches.
func (b *Batches) Init() tea.Cmd { return b.load() }

// Reveal reads them again when the screen is shown again.
func (b *Batches) Reveal() tea.Cmd { return b.load() }

func (b *Batches) load() tea.Cmd {
	if err := b.c.mayBatches(); err != nil {
		b.errText = b.c.Cat.Error(err) // a cashier's: nothing is read
		return nil
	}
	if b.loading {
		b.dirty = true
		return nil
	}
	b.req = components.NextID()
	b.loading, b.dirty = true, false
	id, svc := b.req, b.c.Svc
	return func() tea.Msg {
		v, err := svc.BatchProgress()
		return batchesMsg{id: id, views: v, err: err}
	}
}

// Update moves the selection, refreshes, and follows transaction changes.
func (b *Batches) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch msg := msg.(type) {
	case batchesMsg:
		if msg.id != b.req {
			return Stay, nil
		}
		b.loading = false
		b.errText = ""
		if msg.err != nil {
			b.errText = b.c.Cat.Error(msg.err)
		} else {
			// The cursor stays on the batch it was on (a batch loaded
			// meanwhile comes on top, newest first); otherwise on its row.
			var picked string
			if b.cursor < len(b.views) {
				picked = b.views[b.cursor].ID
			}
			b.views = msg.views
			b.cursor = min(b.cursor, max(len(b.views)-1, 0))
			for i := range b.views {
				if picked != "" && b.views[i].ID == picked {
					b.cursor = i
					break
				}
			}
		}
		if b.dirty {
			return Stay, b.load()
		}
		return Stay, nil
	case TxnMsg:
		return Stay, b.load()
	case tea.KeyMsg:
		keys := b.c.Keys
		switch {
		case key.Matches(msg, keys.Back):
			return Back(), nil
		case key.Matches(msg, keys.Refresh):
			return Stay, b.load()
		case key.Matches(msg, keys.Up) && b.cursor > 0:
			b.cursor--
		case key.Matches(msg, keys.Down) && b.cursor < len(b.views)-1:
			b.cursor++
		}
	}
	return Stay, nil
}

// View lists the batches, the selected one with its totals underneath.
func (b *Batches) View() string {
	s, cat := b.c.Styles, b.c.Cat
	parts := []string{title(s, cat.B(i18n.BatchTitle))}
	switch {
	case b.errText != "":
		parts = append(parts, paragraph(s.Error, b.width, b.errText))
	case len(b.views) == 0 && !b.loading:
		parts = append(parts, paragraph(s.Muted, b.width, cat.B(i18n.BatchNone)))
	case len(b.views) > 0:
		lines := []string{"  " + cat.BatchHeader()}
		for i, v := range b.views {
			line := cat.BatchLine(v) // the same line as `batch list`
			if i == b.cursor {
				line = s.Selected.Render("> ") + line
			} else {
				line = "  " + line
			}
			lines = append(lines, line)
		}
		parts = append(parts, strings.Join(lines, "\n"))
		totals := cat.BatchTotals(b.views[b.cursor])
		for i, t := range totals {
			totals[i] = paragraph(s.Muted, b.width, t) // one paragraph a line: each indented
		}
		parts = append(parts, strings.Join(totals, "\n"))
	}
	parts = append(parts, paragraph(s.Muted, b.width, cat.B(i18n.BatchScreenHint)))
	return join(parts...)
}

// ShortHelp lists the batches screen's keys.
func (b *Batches) ShortHelp() []key.Binding {
	k := b.c.Keys
	return []key.Binding{k.Up, k.Down, k.Refresh, k.Back}
}

// FullHelp is ShortHelp in one column.
func (b *Batches) FullHelp() [][]key.Binding { return [][]key.Binding{b.ShortHelp()} }

// FollowsTxns marks Batches as showing transactions as they change.
func (*Batches) FollowsTxns() {}
