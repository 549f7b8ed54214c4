package screens

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/screens/components"
)

// The answers to the operator's own calls bring a frame token over SSH
// (components.Reply); the reloads the service's events start do not, or a
// session on those screens would draw past the pacer's rate under a stream
// of top ups.
func TestRepliesAreTheOperatorsCalls(t *testing.T) {
	for _, tc := range []struct {
		msg   tea.Msg
		reply bool
	}{
		{inquiryMsg{}, true},
		{ExecutedMsg{}, true},
		{txnLoadedMsg{}, true},
		{checkMsg{}, true},
		{printedMsg{}, true},
		{depositReadMsg{}, true},
		{matchesMsg{}, true},
		{repeatMsg{}, true},
		{approvalsMsg{}, true},
		{decidedMsg{}, true},
		{historyMsg{}, false}, // the first page reloads as transactions come
		{batchesMsg{}, false}, // reloads on every transaction event
		{shiftMsg{}, false},   // the open shift's figures re-read on its transactions
	} {
		if _, ok := tc.msg.(components.Reply); ok != tc.reply {
			t.Errorf("%T: a Reply %v, want %v", tc.msg, ok, tc.reply)
		}
	}
}
