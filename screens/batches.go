package screens

import (
	"fmt"
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

// NewBatches returns the batches screen.
func NewBatches(c Common) *Batches { return &Batches{c: c} }

// Init reads the batches.
func (b *Batches) Init() tea.Cmd { return b.load() }

// Reveal reads them again when the screen is shown again.
func (b *Batches) Reveal() tea.Cmd { return b.load() }

func (b *Batches) load() tea.Cmd {
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
			b.views = msg.views
			b.cursor = min(b.cursor, max(len(b.views)-1, 0))
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
		lines := []string{clip("  "+cat.B(i18n.BatchColumns), b.width)}
		for i, v := range b.views {
			rows := v.Valid
			if v.Approved() {
				rows = v.ApprovedRows
			}
			line := fmt.Sprintf("%-8s %-20s %-10s %5d  %5d/%-5d %s", v.ID, clip(v.Name, 20), clip(cat.BatchState(v.State), 10),
				v.Batch.Rows, v.Succeeded, rows, cashier.Rupiah(v.Paid))
			if i == b.cursor {
				line = s.Selected.Render("> ") + line
			} else {
				line = "  " + line
			}
			lines = append(lines, line)
		}
		parts = append(parts, strings.Join(lines, "\n"))
		v := b.views[b.cursor]
		ready, readyTotal, counts := v.Ready, v.ReadyTotal, i18n.BatchCounts
		if v.Approved() {
			ready, readyTotal, counts = v.ApprovedRows, v.ApprovedTotal, i18n.BatchCountsApproved // not "ready": --json's ready is 0 then
		}
		parts = append(parts, paragraph(s.Muted, b.width,
			cat.BF(counts, ready, cashier.Rupiah(readyTotal), v.Waiting, v.Open, v.Succeeded, v.Failed)+"\n"+
				cat.BF(i18n.BatchPaid, cashier.Rupiah(v.Paid), cashier.Rupiah(v.FailedTotal), cashier.Rupiah(v.OpenTotal))))
	}
	parts = append(parts, paragraph(s.Muted, b.width, cat.B(i18n.BatchScreenHint)))
	return join(parts...)
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if n <= 0 || len(r) <= n {
		return s
	}
	return string(r[:n])
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
