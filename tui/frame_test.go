package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/screens/components"
)

// freshFrame is the frame of m drawn with none of what the session or the
// process kept from earlier frames (the body, header and footer it drew
// last, the shared headers and footers); m's caches are left as they were.
// It swaps the shared caches: its tests must not run in parallel.
func freshFrame(m *Model) string {
	body, bodyDirty, hdr, foot, sharedF, sharedH := m.body, m.bodyDirty, m.hdr, m.foot, footers, headers
	m.body, m.bodyDirty, m.hdr, m.foot = "", true, headerCache{}, footerCache{}
	footers, headers = components.NewMemo[footerKey](maxFooters), components.NewMemo[headerKey](maxFooters)
	f := m.render()
	m.body, m.bodyDirty, m.hdr, m.foot, footers, headers = body, bodyDirty, hdr, foot, sharedF, sharedH
	return f
}

// Every frame a session draws from what it kept (the body under a new
// header, the header and footer of the last frame, the shared ones) is the
// frame drawn from nothing: whole top ups typed with the deposit changing
// on screens that show it only in the header and on those that show it in
// the body, the terminal resized between two keys, and the quit question.
func TestFramesFromCachesAreFreshFrames(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	d := newBenchDriver(t, env)
	frames := 0
	d.after = func(msg tea.Msg) {
		t.Helper()
		if got, want := d.m.View(), freshFrame(d.m); got != want {
			t.Fatalf("after %#v the frame is\n%s\nbut drawn afresh it is\n%s", msg, got, want)
		}
		frames++
	}
	moreDeposit := func(by int64) {
		dep, err := env.Service.Deposit()
		if err != nil {
			t.Fatal(err)
		}
		dep.Available += by
		d.send(feedMsg{dep: &dep})
	}
	d.topUp(env, 1)
	moreDeposit(1_000) // the phone screen: the header only
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("081300000002"), Paste: true})
	d.send(tea.KeyMsg{Type: tea.KeyEnter})
	d.keys("20")
	moreDeposit(2_000) // the amount screen shows the deposit in its body
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.keys("000")
	d.send(tea.WindowSizeMsg{Width: 61, Height: 20})
	d.send(tea.KeyMsg{Type: tea.KeyCtrlC}) // typed but not sent: asked
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.send(tea.KeyMsg{Type: tea.KeyEsc})
	d.send(tea.KeyMsg{Type: tea.KeyEsc})
	d.keys("1")
	d.topUp(env, 3)
	if frames < 30 {
		t.Fatalf("only %d frames compared", frames)
	}
}
