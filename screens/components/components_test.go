package components

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func asciiStyles() *Styles {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetColorProfile(termenv.Ascii)
	return NewStyles(r)
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// A request takes only the answer to its latest call: an earlier call's
// answer, an unknown id or a second answer is stale.
func TestRequestDropsStaleAnswers(t *testing.T) {
	r := NewRequest(asciiStyles(), true)
	if r.Answer(0) || r.Active() {
		t.Fatal("an idle request took an answer")
	}
	first, tick := r.Start()
	if tick != nil {
		t.Fatal("a static request ticks")
	}
	second, _ := r.Start()
	if first == second {
		t.Fatal("two calls share an id")
	}
	if r.Answer(first) {
		t.Fatal("the earlier call's answer was taken")
	}
	if !r.Active() || r.Spinner() != "*" || !strings.Contains(r.Waiting("asking"), "* asking") {
		t.Fatalf("not waiting: %q", r.Waiting("asking"))
	}
	if !r.Answer(second) || r.Active() || r.Answer(second) {
		t.Fatal("the answer was not taken exactly once")
	}
	r.Fail("REFUSED", "the reason in words")
	if v := r.ErrorView(40); !strings.Contains(v, "REFUSED") || !strings.Contains(v, "the reason in words") {
		t.Fatalf("error view: %q", v)
	}
	if r.Start(); r.Failed() || r.ErrorView(40) != "" {
		t.Fatal("a new call kept the old failure")
	}
}

// The spinner turns on its own ticks only while a call is under way.
func TestRequestSpinnerTicksOnlyWhileActive(t *testing.T) {
	r := NewRequest(asciiStyles(), false)
	id, tick := r.Start()
	if tick == nil {
		t.Fatal("no first tick")
	}
	msg := tick()
	if r.Update(msg) == nil {
		t.Fatal("an active request's tick was not followed")
	}
	if r.Update(spinner.TickMsg{ID: -1}) != nil {
		t.Fatal("another spinner's tick was followed")
	}
	r.Answer(id)
	if r.Update(msg) != nil || r.Spinner() != "" {
		t.Fatal("the spinner turns after the answer")
	}
}

func TestList(t *testing.T) {
	km := ListKeyMap{
		Up: key.NewBinding(key.WithKeys("up")), Down: key.NewBinding(key.WithKeys("down")),
		PageUp: key.NewBinding(key.WithKeys("pgup")), PageDown: key.NewBinding(key.WithKeys("pgdown")),
	}
	for _, tc := range []struct {
		name              string
		list              List
		n, height         int
		keys              []string
		cursor, from, end int
	}{
		{"list starts on the first row", NewList(km), 5, 0, nil, 0, 0, 5},
		{"list stops at the last row", NewList(km), 3, 0, []string{"down", "down", "down", "down"}, 2, 0, 3},
		{"list stops at the first row", NewList(km), 3, 0, []string{"down", "up", "up"}, 0, 0, 3},
		{"window follows the cursor", NewList(km), 10, 3, []string{"down", "down", "down", "down"}, 4, 2, 5},
		{"page down", NewList(km), 10, 3, []string{"pgdown"}, 3, 1, 4},
		{"empty list has no cursor", NewList(km), 0, 0, []string{"down"}, -1, 0, 0},
		{"picker picks nothing first", NewPicker(km), 4, 0, nil, -1, 0, 4},
		{"picker down picks the first", NewPicker(km), 4, 0, []string{"down"}, 0, 0, 4},
		{"picker up picks the first", NewPicker(km), 4, 0, []string{"up"}, 0, 0, 4},
		{"viewport scrolls lines", NewViewport(km), 10, 4, []string{"down", "down"}, -1, 2, 6},
		{"viewport stops at the end", NewViewport(km), 10, 4, []string{"pgdown", "pgdown", "pgdown"}, -1, 6, 10},
		{"viewport shorter than the height", NewViewport(km), 3, 4, []string{"down"}, -1, 0, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.list
			l.SetLen(tc.n)
			l.SetHeight(tc.height)
			for _, k := range tc.keys {
				if !l.Update(keyMsg(k)) {
					t.Fatalf("%s was not the list's", k)
				}
			}
			from, end := l.Window()
			if l.Cursor() != tc.cursor || from != tc.from || end != tc.end {
				t.Fatalf("cursor %d window %d–%d, want %d %d–%d", l.Cursor(), from, end, tc.cursor, tc.from, tc.end)
			}
		})
	}
	l := NewList(ListKeyMap{Up: km.Up, Down: km.Down})
	l.SetLen(3)
	if l.Update(keyMsg("pgdown")) || l.Update(keyMsg("x")) {
		t.Fatal("a key without a binding moved the list")
	}
	if got := len(l.KeyMap.ShortHelp()); got != 2 {
		t.Fatalf("help lists %d bindings, want the 2 with keys", got)
	}
}

func TestField(t *testing.T) {
	digits := func(r rune) bool { return r >= '0' && r <= '9' }
	onlyDigits := func(s string) (string, bool) {
		s = strings.ReplaceAll(s, " ", "")
		return s, strings.Trim(s, "0123456789") == ""
	}
	for _, tc := range []struct {
		name  string
		keys  []tea.KeyMsg
		value string
		last  Change
	}{
		{"typed digits", []tea.KeyMsg{keyMsg("1"), keyMsg("2")}, "12", Changed},
		{"a refused letter", []tea.KeyMsg{keyMsg("1"), keyMsg("a")}, "1", Rejected},
		{"full", []tea.KeyMsg{keyMsg("1"), keyMsg("2"), keyMsg("3"), keyMsg("4"), keyMsg("5")}, "1234", Full},
		{"backspace", []tea.KeyMsg{keyMsg("1"), keyMsg("2"), keyMsg("backspace")}, "1", Changed},
		{"backspace on nothing", []tea.KeyMsg{keyMsg("backspace")}, "", Ignored},
		{"clear", []tea.KeyMsg{keyMsg("1"), keyMsg("2"), keyMsg("ctrl+u")}, "", Changed},
		{"a paste cleaned", []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("1 2"), Paste: true}}, "12", Changed},
		{"a paste refused", []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("1a"), Paste: true}}, "", Rejected},
		{"not a field key", []tea.KeyMsg{{Type: tea.KeyEnter}}, "", Ignored},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewField(4, digits, onlyDigits)
			var last Change
			for _, k := range tc.keys {
				last = f.Update(k)
			}
			if f.Value() != tc.value || last != tc.last {
				t.Fatalf("value %q (%v), want %q (%v)", f.Value(), last, tc.value, tc.last)
			}
		})
	}
	// The field's keys are its KeyMap's: another binding for clear works,
	// and the default one no longer does.
	f := NewField(0, nil, nil)
	f.KeyMap.Clear = key.NewBinding(key.WithKeys("ctrl+k"))
	f.SetValue("abc")
	if f.Update(keyMsg("ctrl+u")); f.Value() == "" {
		t.Fatal("ctrl+u cleared with another clear binding")
	}
	if f.Update(tea.KeyMsg{Type: tea.KeyCtrlK}); f.Value() != "" {
		t.Fatal("the KeyMap's clear binding did not clear")
	}
	s := asciiStyles()
	f.SetValue("12")
	if v := f.View(s, 5); v != "[ 12    ]" {
		t.Fatalf("blurred view %q", v)
	}
	f.Focus()
	if v := f.View(s, 5); v != "[ 12_   ]" {
		t.Fatalf("focused view %q", v)
	}
}

func TestHintShowsTheBindingsKey(t *testing.T) {
	b := key.NewBinding(key.WithKeys("esc", "alt+esc"), key.WithHelp("esc", "back"))
	if got := Hint(asciiStyles(), b, "back"); got != "[esc] back" {
		t.Fatalf("%q", got)
	}
}

// A key named once matches exactly the bindings the KeyMsg matches.
func TestPressMatchesLikeTheKey(t *testing.T) {
	bindings := []key.Binding{
		key.NewBinding(key.WithKeys("a")), key.NewBinding(key.WithKeys("y", "Y")), key.NewBinding(key.WithKeys("enter")),
		key.NewBinding(key.WithKeys("esc", "alt+esc")), key.NewBinding(key.WithKeys("f1")), key.NewBinding(key.WithKeys("ctrl+u")),
		key.NewBinding(key.WithKeys("backspace")), key.NewBinding(key.WithKeys("a"), key.WithDisabled()), key.NewBinding(key.WithKeys("alt+a")),
		key.NewBinding(key.WithKeys("[081]")),
	}
	msgs := []tea.KeyMsg{
		{Type: tea.KeyRunes, Runes: []rune("a")}, {Type: tea.KeyRunes, Runes: []rune("a"), Alt: true}, {Type: tea.KeyRunes, Runes: []rune("Y")},
		{Type: tea.KeyRunes, Runes: []rune("081"), Paste: true}, {Type: tea.KeyEnter}, {Type: tea.KeyEsc}, {Type: tea.KeyEsc, Alt: true},
		{Type: tea.KeyF1}, {Type: tea.KeyCtrlU}, {Type: tea.KeyBackspace}, {Type: tea.KeyRunes, Runes: []rune("ab")},
	}
	matched := 0
	for _, m := range msgs {
		for _, b := range bindings {
			if got, want := key.Matches(Press(m), b), key.Matches(m, b); got != want {
				t.Errorf("%q against %v: %v, the KeyMsg %v", m.String(), b.Keys(), got, want)
			} else if got {
				matched++
			}
		}
	}
	if matched < 8 {
		t.Fatalf("only %d matches: the cases test little", matched)
	}
}

// ViewTo and ParagraphTo write what View and the joined lines of a
// paragraph are, in colour and without.
func TestWritersDrawLikeStrings(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	for _, st := range []*Styles{asciiStyles(), NewStyles(r)} {
		for _, v := range []string{"", "5", "20.000", "0812345678901234567", "a\tb", "日本"} {
			for _, focused := range []bool{false, true} {
				f := NewField(0, nil, nil)
				f.SetValue(v)
				f.SetFocus(focused)
				for _, w := range []int{0, 14, 16} {
					var b strings.Builder
					f.ViewTo(&b, st, w)
					if got, want := b.String(), f.View(st, w); got != want {
						t.Errorf("ViewTo(%q, focused %v, %d) = %q, View %q", v, focused, w, got, want)
					}
				}
			}
		}
		for _, text := range []string{"", "x short", "x a reason long enough to wrap over two lines at forty columns or so", strings.Repeat(" ", 50), "a\nb"} {
			for _, w := range []int{0, 40, 80} {
				lines := Wrap(text, max(10, w-4))
				for i, l := range lines {
					lines[i] = "  " + st.Error.Render(l)
				}
				if got, want := Paragraph(st.Error, w, text), strings.Join(lines, "\n"); got != want {
					t.Errorf("Paragraph(%q, %d) = %q, want %q", text, w, got, want)
				}
			}
		}
	}
}

// A Memo draws each key once, and starts again past its size.
func TestMemo(t *testing.T) {
	m := NewMemo[int](3)
	draws := 0
	get := func(k int) string {
		return m.Get(k, func() string { draws++; return strings.Repeat("x", k) })
	}
	for range 2 {
		for k := range 3 {
			if got := get(k); got != strings.Repeat("x", k) {
				t.Fatalf("Get(%d) = %q", k, got)
			}
		}
	}
	if draws != 3 || m.Len() != 3 {
		t.Fatalf("%d draws, %d kept", draws, m.Len())
	}
	if get(7) != "xxxxxxx" || m.Len() != 1 || draws != 4 {
		t.Fatalf("past its size: %d kept, %d draws", m.Len(), draws)
	}
}

// The spinner's frame, counted by the ticks the spinner took, is the frame
// bubbles' spinner draws, in every profile, stale and foreign ticks
// ignored, across a restart.
func TestRequestSpinnerFrameIsTheSpinnersOwn(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.Ascii} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(p)
		st := NewStyles(r)
		for _, styles := range []*Styles{st, nil} {
			q := NewRequest(styles, false)
			q.Start()
			want := func() string {
				if styles == nil {
					return q.spin.View()
				}
				return styles.Spinner.Render(q.spin.View())
			}
			for i := range 11 {
				if got := q.Spinner(); got != want() {
					t.Fatalf("%v, tick %d: %q, the spinner draws %q", p, i, got, want())
				}
				switch i % 4 {
				case 1:
					q.Update(spinner.TickMsg{ID: q.spin.ID() + 1000}) // another spinner's
				case 2:
					q.Restart()
				default:
					q.Update(spinner.TickMsg{ID: q.spin.ID()})
				}
			}
		}
	}
}

// A call started again soon after the last one ended has two ticks on their
// way: the last call's, still scheduled, and the new call's first. The
// spinner takes one and drops the other (a stale tag); the frame drawn
// moves with the spinner, once, not once per tick delivered.
func TestRequestSpinnerFrameSkipsAStaleTick(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	st := NewStyles(r)
	q := NewRequest(st, false)
	want := func() string { return st.Spinner.Render(q.spin.View()) }
	_, tick := q.Start()
	next := q.Update(tick()) // the spinner turns: its next tick is scheduled
	if next == nil {
		t.Fatal("the first tick was not taken")
	}
	q.Stop() // the answer came
	_, tick = q.Start()
	if tick == nil {
		t.Fatal("a new call does not turn the spinner")
	}
	late := next() // the last call's tick, as it arrives (after the spinner's interval)
	for i, msg := range []tea.Msg{tick(), late} {
		took := q.Update(msg) != nil
		if got := q.Spinner(); got != want() {
			t.Fatalf("tick %d (taken %v): %q, the spinner draws %q", i, took, got, want())
		}
		if took != (i == 0) {
			t.Fatalf("tick %d taken: %v", i, took)
		}
	}
}
