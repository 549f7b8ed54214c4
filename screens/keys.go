package screens

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"

	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// KeyMap is every key of the cashier, with its help in the operator's
// language. Screens list the ones that work on them (help.KeyMap); keys are
// only arrows, Enter, Esc, Tab, digits and a few letters, so a cashier never
// needs the mouse.
type KeyMap struct {
	Up, Down     key.Binding
	Enter        key.Binding    // move on / choose
	Back         key.Binding    // Esc: one step back
	Quit         key.Binding    // q on the menu
	ForceQuit    key.Binding    // Ctrl+C anywhere
	Suspend      key.Binding    // Ctrl+Z (local terminal only)
	Confirm      key.Binding    // y: send the money (checkout, confirm)
	SendAnyway   key.Binding    // r: send although it looks like a repeat
	Presets      key.Binding    // F1–F6 on the amount screen (the help's line for Preset)
	Preset       [6]key.Binding // F1 … F6, one per preset amount (matched)
	SwitchField  key.Binding    // Tab / Shift+Tab between fields
	MenuNumbers  key.Binding    // the menu's number keys (the help's line for each item's own binding)
	Print        key.Binding
	Save         key.Binding
	View         key.Binding // show the receipt on screen
	Next         key.Binding // next customer
	Check        key.Binding // ask OVO the status now
	Refresh      key.Binding
	Filter       key.Binding
	ClearFilter  key.Binding
	NextPage     key.Binding
	PrevPage     key.Binding
	History      key.Binding
	Yes, No      key.Binding // answers of a question
	ScrollUpDown key.Binding // help only
}

// NewKeyMap builds the key map with help texts from cat. The screens of a
// session share it (Common.Keys): it is read, never changed.
func NewKeyMap(cat *i18n.Catalog) *KeyMap {
	b := func(keys []string, help string, desc i18n.Key) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, cat.T(desc)))
	}
	km := &KeyMap{
		Up:           b([]string{"up"}, "↑", i18n.KeyUp),
		Down:         b([]string{"down"}, "↓", i18n.KeyDown),
		Enter:        b([]string{"enter"}, "enter", i18n.KeyEnter),
		Back:         b([]string{"esc", "alt+esc"}, "esc", i18n.KeyBack),
		Quit:         b([]string{"q", "Q"}, "q", i18n.KeyQuit), // not Esc: a cashier presses Esc to get back to the menu, never to leave
		ForceQuit:    b([]string{"ctrl+c"}, "ctrl+c", i18n.KeyQuit),
		Suspend:      b([]string{"ctrl+z"}, "ctrl+z", i18n.KeySuspend),
		Confirm:      b([]string{"y", "Y"}, "y", i18n.KeyConfirm),
		SendAnyway:   b([]string{"r", "R"}, "r", i18n.KeySendAnyway),
		Presets:      b([]string{"f1", "f2", "f3", "f4", "f5", "f6"}, "F1-F6", i18n.KeyPresets),
		SwitchField:  b([]string{"tab", "shift+tab"}, "tab", i18n.KeySwitchField),
		MenuNumbers:  b([]string{"1", "2", "3", "4", "5", "6", "7"}, "1-7", i18n.KeyChoose),
		Print:        b([]string{"p", "P"}, "p", i18n.KeyPrint),
		Save:         b([]string{"s", "S"}, "s", i18n.KeySave),
		View:         b([]string{"v", "V"}, "v", i18n.KeyView),
		Next:         b([]string{"n", "N"}, "n", i18n.KeyNext),
		Check:        b([]string{"c", "C"}, "c", i18n.KeyCheck),
		Refresh:      b([]string{"r", "R"}, "r", i18n.KeyRefresh),
		Filter:       b([]string{"/", "f"}, "/", i18n.KeyFilter),
		ClearFilter:  b([]string{"x", "X"}, "x", i18n.KeyClearFilter),
		NextPage:     b([]string{"pgdown", "right"}, "→", i18n.KeyNextPage),
		PrevPage:     b([]string{"pgup", "left"}, "←", i18n.KeyPrevPage),
		History:      b([]string{"h", "H"}, "h", i18n.KeyHistory),
		Yes:          b([]string{"y", "Y"}, "y", i18n.KeyYes),
		No:           b([]string{"n", "N", "esc", "alt+esc"}, "n", i18n.KeyNo),
		ScrollUpDown: b([]string{"up", "down"}, "↑/↓", i18n.KeyScroll),
	}
	for i := range km.Preset {
		f := "f" + strconv.Itoa(i+1)
		km.Preset[i] = key.NewBinding(key.WithKeys(f), key.WithHelp("F"+strconv.Itoa(i+1), cat.T(i18n.KeyPresets)))
	}
	return km
}

// List is the keys of a scroll list: ↑/↓ move the cursor, and with pages
// (a list longer than the screen) ←/→ or PgUp/PgDn move a screenful.
func (k KeyMap) List(pages bool) components.ListKeyMap {
	km := components.ListKeyMap{Up: k.Up, Down: k.Down}
	if pages {
		km.PageUp, km.PageDown = k.PrevPage, k.NextPage
	}
	return km
}
