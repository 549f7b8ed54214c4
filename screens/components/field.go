package components

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// FieldKeyMap is the editing keys of a Field (typed characters are not
// bindings: what a field accepts is its Accept rule).
type FieldKeyMap struct {
	DeleteBackward key.Binding // the last character
	Clear          key.Binding // the whole value
}

// DefaultFieldKeyMap is Backspace and Ctrl+U.
func DefaultFieldKeyMap() FieldKeyMap { return defaultFieldKeys }

// defaultFieldKeys are built once: every field shares their key lists,
// which nothing changes (a binding's SetKeys replaces its list).
var defaultFieldKeys = FieldKeyMap{
	DeleteBackward: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "delete")),
	Clear:          key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear")),
}

// Pressed is a key's name (tea.KeyMsg.String) worked out once: key.Matches
// takes it in place of the KeyMsg, which names itself anew (a new string
// for a typed character) for every binding it is matched against.
type Pressed string

// Press is the name of the key of m.
func Press(m tea.KeyMsg) Pressed { return Pressed(m.String()) }

// String is the key's name, as tea.KeyMsg.String says it.
func (p Pressed) String() string { return string(p) }

// Change says what a key did to a Field.
type Change int

// What a key did to a field.
const (
	Ignored  Change = iota // not a key for the field
	Changed                // the value changed
	Rejected               // a character or paste the field refuses
	Full                   // the field is full
)

// Field is a one-line input the cashier types into. It takes the typed
// characters Accept allows, pastes through Clean (which may normalise, e.g.
// +62… → 08…) and the keys of its KeyMap. It has no cursor movement: a
// cashier types and corrects from the end.
type Field struct {
	KeyMap FieldKeyMap
	Max    int                           // in runes; 0: no limit
	Accept func(r rune) bool             // a typed character; nil: any
	Clean  func(s string) (string, bool) // a paste; false: refuse it; nil: Accept each rune

	value   string
	focused bool
}

// NewField returns an empty, unfocused field with the default keys.
func NewField(maxRunes int, accept func(rune) bool, clean func(string) (string, bool)) Field {
	return Field{KeyMap: DefaultFieldKeyMap(), Max: maxRunes, Accept: accept, Clean: clean}
}

// Value is what the field holds.
func (f *Field) Value() string { return f.value }

// SetValue replaces the value (unchecked: the caller's own text).
func (f *Field) SetValue(v string) { f.value = v }

// Focus gives the field the keys (its cursor shows).
func (f *Field) Focus() { f.focused = true }

// Blur takes the keys away.
func (f *Field) Blur() { f.focused = false }

// Focused reports whether the field has the keys.
func (f *Field) Focused() bool { return f.focused }

// Update applies a key to the field and says what it did.
func (f *Field) Update(msg tea.KeyMsg) Change {
	p := Press(msg)
	switch {
	case key.Matches(p, f.KeyMap.DeleteBackward):
		if f.value == "" {
			return Ignored
		}
		_, n := utf8.DecodeLastRuneInString(f.value)
		f.value = f.value[:len(f.value)-n]
		return Changed
	case key.Matches(p, f.KeyMap.Clear):
		if f.value == "" {
			return Ignored
		}
		f.value = ""
		return Changed
	}
	switch msg.Type {
	case tea.KeySpace:
		if msg.Paste {
			return f.paste(" ")
		}
		msg.Runes = []rune{' '}
	case tea.KeyRunes:
	default:
		return Ignored
	}
	if len(msg.Runes) == 0 {
		return Ignored
	}
	if msg.Paste || len(msg.Runes) > 1 {
		return f.paste(string(msg.Runes))
	}
	r := msg.Runes[0]
	if f.Accept != nil && !f.Accept(r) {
		return Rejected
	}
	if f.Max > 0 && utf8.RuneCountInString(f.value) >= f.Max {
		return Full
	}
	f.value += string(r)
	return Changed
}

// paste adds pasted text (after what is there) through Clean.
func (f *Field) paste(s string) Change {
	v := f.value + s
	if f.Clean != nil {
		var ok bool
		if v, ok = f.Clean(v); !ok {
			return Rejected
		}
	} else {
		for _, r := range s {
			if f.Accept != nil && !f.Accept(r) {
				return Rejected
			}
		}
	}
	if f.Max > 0 && utf8.RuneCountInString(v) > f.Max {
		return Full
	}
	f.value = v
	return Changed
}

// View draws the field as "[ value_      ]" with width runes of room; the
// underscore is the cursor of the focused field.
func (f *Field) View(s *Styles, width int) string {
	v := f.value
	cursor := " "
	if f.focused {
		cursor = "_"
	}
	pad := max(0, width-utf8.RuneCountInString(v)-1)
	body := "[ " + v + cursor + strings.Repeat(" ", pad) + " ]"
	if f.focused {
		return s.Focused.Render(body)
	}
	return s.Field.Render(body)
}

// ViewTo writes f.View(s, width) to b.
func (f *Field) ViewTo(b *strings.Builder, s *Styles, width int) {
	st, cursor := s.Field, " "
	if f.focused {
		st, cursor = s.Focused, "_"
	}
	if !st.fast || strings.ContainsAny(f.value, "\n\t") {
		b.WriteString(f.View(s, width))
		return
	}
	b.WriteString(st.pre)
	b.WriteString("[ ")
	b.WriteString(f.value)
	b.WriteString(cursor)
	for range max(0, width-utf8.RuneCountInString(f.value)-1) {
		b.WriteByte(' ')
	}
	b.WriteString(" ]")
	b.WriteString(st.post)
}

// SetFocus focuses (true) or blurs the field.
func (f *Field) SetFocus(on bool) { f.focused = on }
