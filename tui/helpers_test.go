package tui

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// fixedNow is the clock of the golden tests: 23-11-2026 19:05:00 WIB.
var fixedNow = time.Date(2026, 11, 23, 19, 5, 0, 0, cashier.Jakarta)

func fixedClock() time.Time { return fixedNow }

// fakeClock is a clock a test moves: nothing waits for it to pass.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

// Now is the clock's time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// asciiRenderer draws without colour and never queries a terminal.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// probe wraps the root model so a test can read what is on screen while the
// program runs: after every Update it keeps the rendered view (an immutable
// string) for the test goroutine.
type probe struct {
	m        *Model
	mu       *sync.Mutex
	view     *string
	seen     *int // Updates so far
	inFlight *int // the model's InFlight after the last Update
}

func (p probe) Init() tea.Cmd { return p.m.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.m.Update(msg)
	v, n := p.m.View(), p.m.InFlight()
	p.mu.Lock()
	*p.view = v
	*p.seen++
	*p.inFlight = n
	p.mu.Unlock()
	return p, cmd
}

func (p probe) View() string { return p.m.View() }

// session is one running program over a test environment.
type session struct {
	t    *testing.T
	env  *testenv.Env
	tm   *teatest.TestModel
	p    probe
	held *ovosim.Held // OVO's top up answers held, when the test holds them
}

// release lets OVO answer the top ups held (ovosim.Hold).
func (s *session) release() {
	s.t.Helper()
	if s.held == nil {
		s.t.Fatal("nothing is held")
	}
	s.held.Release()
}

// opts are the options of a test session on env.
func opts(env *testenv.Env, lang string) Options {
	return Options{
		Service: env.Service, Operator: "siti", Outlet: "Outlet Test", EnvLabel: "SANDBOX", Sandbox: true,
		Lang: lang, Renderer: asciiRenderer(), Static: true, ReceiptDir: env.Dir + "/receipts",
	}
}

// start runs a session of o at w×h.
func start(t *testing.T, env *testenv.Env, o Options, w, h int) *session {
	t.Helper()
	p := probe{m: New(o), mu: &sync.Mutex{}, view: new(string), seen: new(int), inFlight: new(int)}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(w, h))
	s := &session{t: t, env: env, tm: tm, p: p}
	t.Cleanup(func() {
		tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	})
	return s
}

// screen is the last view the program rendered.
func (s *session) screen() string {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	return *s.p.view
}

// inFlight is the model's InFlight as of its last Update.
func (s *session) inFlight() int {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	return *s.p.inFlight
}

// updates is how many messages the model has handled.
func (s *session) updates() int {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	return *s.p.seen
}

// waitFor waits until the screen shows every one of texts (its colours
// aside).
func (s *session) waitFor(texts ...string) string {
	s.t.Helper()
	return s.waitUntil(fmt.Sprintf("%q", texts), func(v string) bool {
		v = ansi.Strip(v)
		for _, x := range texts {
			if !strings.Contains(v, x) {
				return false
			}
		}
		return true
	})
}

// waitUntil waits until ok(screen) holds; what names it in the failure.
func (s *session) waitUntil(what string, ok func(view string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v := s.screen()
		if v != "" && ok(v) {
			return v
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %s; last screen:\n%s", what, v)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitDeposit waits until the header shows the deposit.
func (s *session) waitDeposit() {
	s.t.Helper()
	s.waitUntil("the deposit", func(v string) bool {
		return !strings.Contains(v, "not read yet") && !strings.Contains(v, "belum dibaca")
	})
}

// typeText types text one key per message, each handled by the model
// before the next is sent (typeSlowly adds a person's pause too).
func (s *session) typeText(text string) {
	s.t.Helper()
	for _, r := range text {
		s.handled(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// typeSlowly types text at a person's pace: one key per message, each
// handled by the model and followed by a short pause before the next.
func (s *session) typeSlowly(text string) {
	s.t.Helper()
	for _, r := range text {
		s.keySlowly(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// keySlowly sends one key and waits until the model has handled it, then
// pauses as a person would before the next.
func (s *session) keySlowly(k tea.KeyMsg) {
	s.t.Helper()
	s.handled(k)
	time.Sleep(30 * time.Millisecond)
}

// handled sends msg and waits until the model has handled it.
func (s *session) handled(msg tea.Msg) {
	s.t.Helper()
	n := s.updates()
	s.tm.Send(msg)
	deadline := time.Now().Add(5 * time.Second)
	for s.updates() == n {
		if time.Now().After(deadline) {
			s.t.Fatalf("%#v was never handled", msg)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// key sends one special key and waits until the model has handled it.
func (s *session) key(k tea.KeyType) {
	s.t.Helper()
	s.handled(tea.KeyMsg{Type: k})
}

func (s *session) enter() { s.t.Helper(); s.key(tea.KeyEnter) }
func (s *session) esc()   { s.t.Helper(); s.key(tea.KeyEsc) }

// finish quits the program and returns the final view.
func (s *session) finish() string {
	s.t.Helper()
	s.tm.Quit()
	m := s.tm.FinalModel(s.t, teatest.WithFinalTimeout(10*time.Second))
	return m.View()
}

var (
	partnerRefRE = regexp.MustCompile(`(^|[^0-9])(\d{8})\d{12}(\d{10})([^0-9]|$)`)
	ovoRefRE     = regexp.MustCompile(`(OVO\d{14})\d{10}`)
)

// stable replaces the random parts of references (installation id, OVO's
// random digits) so that goldens do not change between runs.
func stable(view string) string {
	view = ovoRefRE.ReplaceAllString(view, "${1}rrrrrrrrrr")
	return partnerRefRE.ReplaceAllString(view, "${1}${2}iiiiiiiiiiii${3}${4}")
}

// golden compares the view with testdata/<test name>.golden (-update
// rewrites it).
func golden(t *testing.T, view string) {
	t.Helper()
	teatest.RequireEqualOutput(t, []byte(stable(view)+"\n"))
}
