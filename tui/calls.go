package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens"
)

// InFlighter is what a server asks a session before it ends it: how many
// money calls the session started whose outcome it has not yet seen
// (Model and Lock implement it; so may a test's model).
type InFlighter interface {
	InFlight() int
}

// calls is the session's money calls in flight, owned by the shell: the
// screens send through it (it is their screens.Sender) and the shell counts
// each call until its ExecutedMsg comes back. It is used from the Bubble
// Tea event loop only.
type calls struct {
	ctx      context.Context
	svc      *cashier.Service
	now      func() time.Time
	n        int
	lastSent time.Time // when the latest call started
}

var _ screens.Sender = (*calls)(nil)

// Send counts the call and returns the command that makes it.
func (c *calls) Send(id int, o cashier.Order) tea.Cmd {
	c.n++
	c.lastSent = c.now()
	return screens.Execute(c.ctx, c.svc, id, o)
}

// done is one call's outcome seen by the shell.
func (c *calls) done() {
	if c.n > 0 {
		c.n--
	}
}

// deadline is when the latest call ends at the latest (its start plus the
// service's call timeout); zero when none is in flight.
func (c *calls) deadline() time.Time {
	if c.n == 0 || c.lastSent.IsZero() || c.svc == nil {
		return time.Time{}
	}
	return c.lastSent.Add(c.svc.Config().CallTimeout)
}
