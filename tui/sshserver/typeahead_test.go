package sshserver

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// firstSeen records whether a key reached it before its first size.
type firstSeen struct {
	sized     bool
	keyBefore bool
	keys      int
}

func (m *firstSeen) Init() tea.Cmd { return nil }

func (m *firstSeen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.WindowSizeMsg:
		m.sized = true
	case tea.KeyMsg:
		m.keys++
		if !m.sized {
			m.keyBefore = true
		}
		return m, tea.Quit
	}
	return m, nil
}

func (m *firstSeen) View() string { return "" }

// A key typed ahead (during the terminal query, given back to the input)
// reaches the model after its first size, never before: the cashier with
// no size yet (0×0, "too small") takes no key, and with a real ssh client
// the first key was lost a few sessions in a hundred, when the goroutine
// sending the size ran after Bubble Tea's input loop. tracked gives the
// model its size in Init, before the input is read.
func TestKeyTypedAheadComesAfterTheSize(t *testing.T) {
	m := &firstSeen{}
	var busy atomic.Int32
	tr := &tracked{m: m, busy: &busy, size: &tea.WindowSizeMsg{Width: 100, Height: 30}}
	p := tea.NewProgram(tr, tea.WithInput(strings.NewReader("q")), tea.WithOutput(&strings.Builder{}),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.Kill()
		t.Fatal("the program never quit on the key")
	}
	if m.keys != 1 || m.keyBefore {
		t.Fatalf("keys %d, a key before the size: %v", m.keys, m.keyBefore)
	}
}
