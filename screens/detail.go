package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// HistoryDetail is one transaction from the ledger: its state, OVO's
// reason when it failed, every detail, its state changes, and reprint /
// save / view of the receipt; c asks OVO its status while it is open. It
// follows the service's events, so a settlement shows at once.
type HistoryDetail struct {
	area
	c       Common
	txn     cashier.Txn
	receipt receiptActions
	check   statusCheck
	req     int
}

// NewHistoryDetail returns the detail of t (read again from the ledger by Init).
func NewHistoryDetail(c Common, t cashier.Txn) *HistoryDetail {
	return &HistoryDetail{c: c, txn: t, receipt: newReceiptActions(c), check: newStatusCheck(c)}
}

// Init reads the transaction again.
func (d *HistoryDetail) Init() tea.Cmd {
	d.req = components.NextID()
	return d.c.lookup(d.req, d.txn.PartnerReferenceNo)
}

// Reveal reads it again when the cashier comes back from the receipt.
func (d *HistoryDetail) Reveal() tea.Cmd { return d.Init() }

func (d *HistoryDetail) adopt(t cashier.Txn) {
	if !t.Supersedes(d.txn) {
		return
	}
	d.txn = t
}

// Update follows events and handles reprint, save, view and check.
func (d *HistoryDetail) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch msg := msg.(type) {
	case txnLoadedMsg:
		if msg.id == d.req && msg.err == nil {
			d.adopt(msg.txn)
		}
	case TxnMsg:
		d.adopt(msg.Txn)
	case checkMsg:
		if t, ok := d.check.done(msg); ok {
			d.adopt(t)
		}
	case printedMsg:
		return d.receipt.done(msg, d.txn), nil
	case tea.KeyMsg:
		k := d.c.Keys
		switch {
		case key.Matches(msg, k.Back):
			return Back(), nil
		case key.Matches(msg, k.Check):
			return Stay, d.check.start(d.txn.PartnerReferenceNo)
		}
		return d.receipt.key(msg, d.txn)
	}
	return Stay, nil
}

// View shows the transaction and its history.
func (d *HistoryDetail) View() string {
	s, cat := d.c.Styles, d.c.Cat
	t := d.txn
	head := title(s, cat.T(i18n.DetailTitle)+" · "+cat.Kind(t.Kind))
	state := banner(s, stateTone(t.State), strings.ToUpper(cat.State(t.State)))
	switch t.State {
	case cashier.StateFailed:
		state += "\n" + paragraph(s.Error, d.width, failureText(cat, t))
	case cashier.StatePending, cashier.StateUnknown:
		state += "\n" + paragraph(s.Warn, d.width, cat.T(i18n.PendingNote))
	}
	var changes []string
	for _, ch := range t.History {
		line := cat.Clock(ch.At) + " " + cat.State(ch.State)
		if ch.Code != "" {
			line += " (" + ch.Code + ")"
		}
		changes = append(changes, line)
	}
	extra := []row{{cat.T(i18n.HeaderOperator), t.Operator, false}} // who did it (issue 14)
	if len(changes) > 0 {
		extra = append(extra, row{cat.T(i18n.Changes), strings.Join(changes, " → "), false})
	}
	body := txnDetail(d.c, d.width, t, extra...)
	hints := d.receipt.hints()
	if !t.State.Final() {
		hints = append(hints, keyHint(s, d.c.Keys.Check, cat.T(i18n.KeyCheck)))
	}
	hints = append(hints, keyHint(s, d.c.Keys.Back, cat.T(i18n.KeyBack)))
	notes := strings.Trim(d.receipt.view(d.width)+"\n"+d.check.view(d.width), "\n")
	return join(head, state, body, hintLines(d.width, hints), notes)
}

// ShortHelp lists the detail's keys.
func (d *HistoryDetail) ShortHelp() []key.Binding {
	b := d.receipt.bindings()
	if !d.txn.State.Final() {
		b = append(b, d.c.Keys.Check)
	}
	return append(b, d.c.Keys.Back)
}

// FullHelp is ShortHelp in one column.
func (d *HistoryDetail) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// FollowsTxns marks HistoryDetail as showing transactions as they change.
func (*HistoryDetail) FollowsTxns() {}

// FollowedRef is the one transaction the detail shows.
func (d *HistoryDetail) FollowedRef() string { return d.txn.PartnerReferenceNo }
