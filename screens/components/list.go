package components

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// ListKeyMap is the keys of a List. A binding with no keys matches nothing
// (a list whose rows all fit needs no page keys).
type ListKeyMap struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
}

// ShortHelp lists the list's bindings that have keys.
func (k ListKeyMap) ShortHelp() []key.Binding {
	var out []key.Binding
	for _, b := range []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown} {
		if len(b.Keys()) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// List is a scroll list of n rows (the screen keeps the rows; the list
// keeps where the cursor and the window are). Three kinds:
//   - NewList: a cursor on one row, the window following it;
//   - NewPicker: like NewList, but nothing is picked until ↑/↓ is pressed
//     (Cursor is -1);
//   - NewViewport: no cursor; ↑/↓ move the window over lines (a receipt).
//
// The cursor and the window always stay within the rows and the height.
type List struct {
	KeyMap ListKeyMap

	n, cursor, offset, height int
	viewport, picker          bool
}

// NewList returns an empty list with the cursor on the first row.
func NewList(km ListKeyMap) List { return List{KeyMap: km} }

// NewPicker returns an empty list with nothing picked.
func NewPicker(km ListKeyMap) List { return List{KeyMap: km, cursor: -1, picker: true} }

// NewViewport returns an empty window over lines, at the top.
func NewViewport(km ListKeyMap) List { return List{KeyMap: km, viewport: true} }

// SetLen sets how many rows there are; the cursor and window stay within them.
func (l *List) SetLen(n int) {
	l.n = max(0, n)
	l.clamp()
}

// Len is the number of rows.
func (l *List) Len() int { return l.n }

// SetHeight sets how many rows are shown at once (0: all).
func (l *List) SetHeight(h int) {
	l.height = max(0, h)
	l.clamp()
}

// Height is how many rows are shown at once.
func (l *List) Height() int {
	if l.height == 0 {
		return l.n
	}
	return l.height
}

// Cursor is the row under the cursor: -1 when nothing is picked (a picker,
// or an empty list), and always -1 for a viewport.
func (l *List) Cursor() int {
	if l.viewport || l.n == 0 {
		return -1
	}
	return l.cursor
}

// SetCursor puts the cursor on row i (clamped; -1 unpicks a picker).
func (l *List) SetCursor(i int) {
	l.cursor = i
	l.clamp()
}

// Reset puts the cursor (and the window) back at the start.
func (l *List) Reset() {
	l.offset = 0
	if l.cursor > 0 {
		l.cursor = 0
	}
}

// Window is the rows shown: from start to end (exclusive).
func (l *List) Window() (start, end int) {
	return l.offset, min(l.n, l.offset+l.Height())
}

// Scrolls reports whether there are more rows than shown.
func (l *List) Scrolls() bool { return l.height > 0 && l.n > l.height }

// Update moves the cursor or the window on the keys of the KeyMap; it
// reports whether the key was the list's (it moved or could not move
// further).
func (l *List) Update(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false
	}
	page := max(1, l.Height())
	switch {
	case key.Matches(k, l.KeyMap.Up):
		l.move(-1)
	case key.Matches(k, l.KeyMap.Down):
		l.move(1)
	case key.Matches(k, l.KeyMap.PageUp):
		l.move(-page)
	case key.Matches(k, l.KeyMap.PageDown):
		l.move(page)
	default:
		return false
	}
	return true
}

func (l *List) move(d int) {
	if l.viewport {
		l.offset += d
	} else if l.cursor < 0 && d > 0 {
		l.cursor = 0
	} else {
		l.cursor = max(0, l.cursor+d)
	}
	l.clamp()
}

// clamp keeps the cursor within the rows and the window around the cursor.
func (l *List) clamp() {
	h := l.Height()
	maxOff := max(0, l.n-h)
	if l.viewport {
		l.offset = min(max(0, l.offset), maxOff)
		return
	}
	if l.cursor >= l.n {
		l.cursor = l.n - 1
	}
	if l.cursor < -1 || l.cursor < 0 && !l.picker && l.n > 0 {
		l.cursor = max(-1, min(0, l.n-1))
	}
	if l.cursor >= 0 && h > 0 {
		if l.cursor < l.offset {
			l.offset = l.cursor
		}
		if l.cursor >= l.offset+h {
			l.offset = l.cursor - h + 1
		}
	}
	l.offset = min(max(0, l.offset), maxOff)
}
