package tui

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/internal/testenv"
)

// syncDriver runs a Model the way Bubble Tea does (Update, then View) but
// in the calling goroutine: the commands a message returns run at once,
// one after the other, and their messages are handled before the next
// message is sent. The session is static (no spinner ticks, the only
// commands that would wait) and has no feed: the deposit and the
// transactions reach it as the feed would hand them over (feedMsg).
type syncDriver struct {
	tb     testing.TB
	m      *Model
	frames int               // View calls that drew a new frame
	after  func(msg tea.Msg) // called after each message's Update and View, if set

	// What the Model itself allocated (Update and View, not the
	// commands, which are the service's work), when measure is set.
	measure       bool
	mallocs, byts uint64
}

var sequenceType = reflect.TypeOf(tea.Sequence(func() tea.Msg { return nil }, func() tea.Msg { return nil })())

// send hands msg to the model, draws the frame, then runs the commands.
func (d *syncDriver) send(msg tea.Msg) {
	var before runtime.MemStats
	if d.measure {
		runtime.ReadMemStats(&before)
	}
	n := d.m.Renders()
	_, cmd := d.m.Update(msg)
	d.m.View()
	if d.measure {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		d.mallocs += after.Mallocs - before.Mallocs
		d.byts += after.TotalAlloc - before.TotalAlloc
	}
	if d.m.Renders() != n {
		d.frames++
	}
	if d.after != nil {
		d.after(msg)
	}
	d.run(cmd)
}

// run runs cmd and hands its message (and those of any commands it
// batches) to the model.
func (d *syncDriver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	default:
		if v := reflect.ValueOf(msg); v.Type() == sequenceType {
			for i := range v.Len() {
				d.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			d.tb.Fatal("the session quit")
		}
		d.send(msg)
	}
}

// keys sends each rune of text as its own key.
func (d *syncDriver) keys(text string) {
	for _, r := range text {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// expect fails unless the frame shows text.
func (d *syncDriver) expect(text string) {
	d.tb.Helper()
	if v := ansi.Strip(d.m.View()); !strings.Contains(v, text) {
		d.tb.Fatalf("the screen does not show %q:\n%s", text, v)
	}
}

// newBenchDriver is a session over env at 80×24 in English, in the
// ANSI-256 theme an SSH terminal gets, on the phone screen of a top up.
func newBenchDriver(tb testing.TB, env *testenv.Env) *syncDriver {
	o := Options{
		Service: env.Service, Operator: "siti", Outlet: "Outlet Test", EnvLabel: "SANDBOX", Sandbox: true,
		Lang: "en", Theme: ThemeFor(termenv.ANSI256, true), Static: true, SSH: true,
	}
	d := &syncDriver{tb: tb, m: New(o)}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(d.m.top().Init())
	d.deposit(env)
	d.keys("1")
	d.expect("Customer's OVO phone number")
	return d
}

// deposit hands the service's deposit over, as the feed does.
func (d *syncDriver) deposit(env *testenv.Env) {
	dep, err := env.Service.Deposit()
	if err != nil {
		d.tb.Fatal(err)
	}
	d.send(feedMsg{dep: &dep})
}

// topUp types one whole top up as sshload's active sessions do, from the
// phone screen back to it: the phone pasted, Enter, the amount key by key,
// Enter, y, the outcome (and the deposit after it), n.
func (d *syncDriver) topUp(env *testenv.Env, i int) {
	d.tb.Helper()
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(fmt.Sprintf("0813%08d", i)), Paste: true})
	d.send(tea.KeyMsg{Type: tea.KeyEnter})
	d.expect("Type the amount")
	d.keys("20000")
	d.expect("Rp20.000")
	d.send(tea.KeyMsg{Type: tea.KeyEnter})
	d.expect("Yes, send it now")
	d.keys("y")
	d.expect("SUCCESS")
	d.deposit(env)
	d.keys("n")
	d.expect("Customer's OVO phone number")
}

// BenchmarkTopUpFrames is one whole top up typed into a session (see
// syncDriver.topUp) with the service in process: allocs/op and B/op count
// everything (the service's work too); model-allocs/op and model-B/op only
// what the Model's Update and View allocated, frames/op the frames drawn,
// and B/frame and allocs/frame the Model's allocation per frame.
func BenchmarkTopUpFrames(b *testing.B) {
	env := testenv.New(b, testenv.Options{Deposit: 1_000_000_000_000})
	d := newBenchDriver(b, env)
	d.topUp(env, 0) // warm: themes, footers, headers drawn once
	d.measure, d.frames, d.mallocs, d.byts = true, 0, 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d.topUp(env, i+1)
	}
	b.StopTimer()
	b.ReportMetric(float64(d.frames)/float64(b.N), "frames/op")
	b.ReportMetric(float64(d.mallocs)/float64(b.N), "model-allocs/op")
	b.ReportMetric(float64(d.byts)/float64(b.N), "model-B/op")
	b.ReportMetric(float64(d.mallocs)/float64(d.frames), "allocs/frame")
	b.ReportMetric(float64(d.byts)/float64(d.frames), "B/frame")
}
