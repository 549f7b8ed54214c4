package tui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/screens"
)

// firstMsg runs cmd (and the batches it holds) until it yields one of the
// message types the test wants, or times out.
func firstMsg(t *testing.T, cmd tea.Cmd, want func(tea.Msg) bool) tea.Msg {
	t.Helper()
	out := make(chan tea.Msg, 16)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					run(c)
				}
				return
			}
			out <- msg
		}()
	}
	run(cmd)
	deadline := time.After(5 * time.Second)
	for {
		select {
		case msg := <-out:
			if want(msg) {
				return msg
			}
		case <-deadline:
			t.Fatal("the expected message never came")
		}
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestSuspendOnlyLocally(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	for _, ssh := range []bool{false, true} {
		o := opts(env, "en")
		o.SSH = ssh
		m := New(o)
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlZ})
		suspends := cmd != nil
		if suspends {
			_, suspends = cmd().(tea.SuspendMsg)
		}
		if suspends == ssh {
			t.Errorf("SSH %v: suspends %v", ssh, suspends)
		}
		m.Close()
	}
}

// When the session's context ends (an SSH client gone, SIGTERM), the
// session quits by itself.
func TestSessionEndQuits(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	o := opts(env, "en")
	o.Context = ctx
	m := New(o)
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	init := m.Init()
	cancel()
	msg := firstMsg(t, init, func(msg tea.Msg) bool { _, ok := msg.(sessionEndMsg); return ok })
	if _, cmd := m.Update(msg); !isQuit(cmd) {
		t.Fatal("the end of the session did not quit")
	}
}

// Ctrl+C with a transaction in flight waits for its ExecutedMsg.
func TestCtrlCWaitsForExecutedMsg(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	m := New(opts(env, "en"))
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Common().Sender.Send(7, cashier.Order{}) // counted as in flight; never run
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlC}); isQuit(cmd) {
		t.Fatal("quit with a transaction in flight")
	}
	if !m.Quitting() || !strings.Contains(m.View(), "Finishing the transaction in flight") {
		t.Fatalf("no finishing notice:\n%s", m.View())
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1")}); cmd != nil {
		t.Fatal("keys still work while finishing")
	}
	if _, cmd := m.Update(screens.ExecutedMsg{ID: 7}); !isQuit(cmd) {
		t.Fatal("did not quit once the transaction was recorded")
	}
}

// q on the menu with a transaction in flight asks first.
func TestQuitAsksWhenInFlight(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	m := New(opts(env, "en"))
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Common().Sender.Send(3, cashier.Order{})
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}); isQuit(cmd) {
		t.Fatal("quit without asking")
	}
	if !strings.Contains(m.View(), "Quit once it is recorded?") {
		t.Fatalf("no question:\n%s", m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
	if strings.Contains(m.View(), "Quit once it is recorded?") || m.Quitting() {
		t.Fatal("n did not cancel")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	if !m.Quitting() {
		t.Fatal("y did not start quitting")
	}
}

// Whatever size the terminal says it has, the frame is at most MaxWidth ×
// MaxHeight; a 0×0 terminal gets the default size, and its keys work.
func TestHostileSizesClamped(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	for _, tc := range []struct{ w, h, wantW, wantH int }{
		{2147483647, 2147483647, MaxWidth, MaxHeight},
		{1_000_000, 1_000_000, MaxWidth, MaxHeight},
		{0, 0, DefaultWidth, DefaultHeight},
		{-5, 30, DefaultWidth, 30},
		{120, 0, 120, DefaultHeight},
	} {
		m := New(opts(env, "en"))
		m.Update(tea.WindowSizeMsg{Width: tc.w, Height: tc.h})
		v := m.View()
		lines := strings.Split(v, "\n")
		if len(lines) != tc.wantH {
			t.Errorf("%d×%d: %d lines, want %d", tc.w, tc.h, len(lines), tc.wantH)
		}
		widest := 0
		for _, l := range lines {
			widest = max(widest, lipgloss.Width(l))
		}
		if widest != tc.wantW {
			t.Errorf("%d×%d: widest line %d columns, want %d", tc.w, tc.h, widest, tc.wantW)
		}
		if !strings.Contains(v, "Cashier menu") {
			t.Errorf("%d×%d: no menu:\n%.400s", tc.w, tc.h, v)
		}
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4")})
		if !strings.Contains(m.View(), "Merchant deposit") {
			t.Errorf("%d×%d: the key 4 did not open the deposit", tc.w, tc.h)
		}
		m.Close()
	}
}

// A shared theme draws exactly what styles built on a session's own
// renderer draw, in every colour profile and background.
func TestThemeDrawsLikeOwnStyles(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			own, shared := screens.NewStyles(r), ThemeFor(p, dark).Styles
			if ThemeFor(p, dark).Styles != shared {
				t.Fatal("a theme was built twice")
			}
			type renderer interface{ Render(...string) string }
			for name, pair := range map[string][2]renderer{
				"title": {own.Title, shared.Title}, "error": {own.Error, shared.Error}, "rule": {own.Rule, shared.Rule},
				"box": {own.Box, shared.Box}, "badge": {own.BadgeHot, shared.BadgeHot},
				"banner": {own.Banner[screens.ToneOK], shared.Banner[screens.ToneOK]},
				"help":   {own.Help.ShortKey, shared.Help.ShortKey},
			} {
				if a, b := pair[0].Render("Rp50.000"), pair[1].Render("Rp50.000"); a != b {
					t.Errorf("%v dark=%v %s: %q, shared %q", p, dark, name, a, b)
				}
			}
		}
	}
}

// Navigation happens in the Update of the key that asks for it: the key
// typed right after the one that opened a screen reaches the new screen,
// however fast it comes (no message has to come back first). Each Update
// is driven directly, one key per call.
func TestKeyAfterOpeningReachesTheNewScreen(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	m := New(opts(env, "en"))
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1")})
	if _, ok := m.Screen().(*screens.TopUpPhone); !ok {
		t.Fatalf("1 opened %T", m.Screen())
	}
	for _, r := range "0812" {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if v := m.View(); !strings.Contains(v, "[ 0812_") {
		t.Fatalf("the digits typed after 1 did not reach the phone screen:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4")})
	if _, ok := m.Screen().(*screens.Deposit); !ok {
		t.Fatalf("esc then 4 opened %T", m.Screen())
	}
}

// A screen is given the deposit the shell knows as it is shown, not only
// when the deposit next changes: the amount screen opened after the
// deposit was read refuses an amount above it at once.
func TestShownScreenGetsTheDeposit(t *testing.T) {
	env := testenv.New(t, testenv.Options{Deposit: 30_000})
	m := New(opts(env, "en"))
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	d, err := env.Service.Deposit()
	if err != nil || d.RefreshedAt.IsZero() {
		t.Fatalf("deposit %+v %v", d, err)
	}
	m.setDeposit(d)
	m.navigate(screens.Push(screens.NewTopUpAmount(m.Common(), cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi", Min: 10_000, Max: 10_000_000})))
	for _, r := range "50000" {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if v := m.View(); !strings.Contains(v, "Rp30.000 available") {
		t.Fatalf("the amount screen did not know the deposit:\n%s", v)
	}
}
