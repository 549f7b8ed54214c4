package tui

import (
	"context"
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// Run runs a session on a local terminal (in and out, in the alternate
// screen) until the operator quits or ctx ends. When ctx ends (SIGINT,
// SIGTERM) the session quits like Ctrl+C: after any transaction in flight
// is recorded. progOpts are added after Run's own options (tests pass
// tea.WithoutRenderer or an input of their own).
func Run(ctx context.Context, o Options, in io.Reader, out io.Writer, progOpts ...tea.ProgramOption) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.Context == nil {
		o.Context = ctx
	}
	m := New(o)
	defer m.Close()
	opts := []tea.ProgramOption{
		tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen(),
		// Signals reach the session through ctx (a graceful quit), never as
		// an immediate kill.
		tea.WithoutSignalHandler(),
	}
	var root tea.Model = m
	if o.Lock {
		root = NewLock(m) // lock.go: operator and PIN first
	}
	p := tea.NewProgram(root, append(opts, progOpts...)...)
	_, err := p.Run()
	if line := m.ExitLine(); line != "" {
		// The alternate screen is gone: say on the terminal how the
		// transaction that was in flight ended.
		io.WriteString(out, line+"\n")
	}
	return err
}
