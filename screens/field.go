package screens

import (
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// field is a one-line input the cashier types into. It takes typed
// characters that accept allows, pastes through clean (which may
// normalise, e.g. +62… → 08…), Backspace and Ctrl+U (clear). It has no
// cursor movement: a cashier types and corrects from the end.
type field struct {
	value   string
	max     int                           // in runes; 0: no limit
	accept  func(r rune) bool             // a typed character
	clean   func(s string) (string, bool) // a paste; false: refuse it
	focused bool
}

// fieldResult says what a key did to a field.
type fieldResult int

const (
	fieldIgnored  fieldResult = iota // not a key for the field
	fieldChanged                     // the value changed
	fieldRejected                    // a character or paste the field refuses
	fieldFull                        // the field is full
)

// key applies a key to the field.
func (f *field) key(msg tea.KeyMsg) fieldResult {
	switch msg.Type {
	case tea.KeyBackspace:
		if f.value == "" {
			return fieldIgnored
		}
		_, n := utf8.DecodeLastRuneInString(f.value)
		f.value = f.value[:len(f.value)-n]
		return fieldChanged
	case tea.KeyCtrlU:
		if f.value == "" {
			return fieldIgnored
		}
		f.value = ""
		return fieldChanged
	case tea.KeySpace:
		if msg.Paste {
			return f.paste(" ")
		}
		msg.Runes = []rune{' '}
	case tea.KeyRunes:
	default:
		return fieldIgnored
	}
	if msg.Paste || len(msg.Runes) > 1 {
		return f.paste(string(msg.Runes))
	}
	r := msg.Runes[0]
	if f.accept != nil && !f.accept(r) {
		return fieldRejected
	}
	if f.max > 0 && utf8.RuneCountInString(f.value) >= f.max {
		return fieldFull
	}
	f.value += string(r)
	return fieldChanged
}

// paste adds pasted text (after what is there) through clean.
func (f *field) paste(s string) fieldResult {
	v := f.value + s
	if f.clean != nil {
		var ok bool
		if v, ok = f.clean(v); !ok {
			return fieldRejected
		}
	} else {
		for _, r := range s {
			if f.accept != nil && !f.accept(r) {
				return fieldRejected
			}
		}
	}
	if f.max > 0 && utf8.RuneCountInString(v) > f.max {
		return fieldFull
	}
	f.value = v
	return fieldChanged
}

// set replaces the value.
func (f *field) set(v string) { f.value = v }

// view draws the field as "[value_      ]" with width runes of room; the
// underscore is the cursor of the focused field.
func (f *field) view(s *Styles, width int) string {
	v := f.value
	cursor := " "
	if f.focused {
		cursor = "_"
	}
	pad := width - utf8.RuneCountInString(v) - 1
	if pad < 0 {
		pad = 0
	}
	body := "[ " + v + cursor + strings.Repeat(" ", pad) + " ]"
	if f.focused {
		return s.Focused.Render(body)
	}
	return s.Field.Render(body)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// cleanPhone reads a pasted phone number: blanks, dashes, dots and brackets
// dropped, +62…/62… turned into 0…; only digits may remain.
func cleanPhone(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t', '\n', '\r':
			return -1
		}
		return r
	}, s)
	switch {
	case strings.HasPrefix(s, "+62"):
		s = "0" + s[3:]
	case strings.HasPrefix(s, "62"):
		s = "0" + s[2:]
	}
	for _, r := range s {
		if !isDigit(r) {
			return "", false
		}
	}
	return s, true
}

// isAmountRune reports whether r may be typed into an amount: a digit or a
// separator (whether the separator makes sense is ParseAmount's to say).
func isAmountRune(r rune) bool { return isDigit(r) || r == '.' || r == ',' }

// cleanAmount takes a paste as typed text (blanks and "Rp" dropped) when
// it holds only what may be typed; whether it is an amount is for
// cashier.ParseAmount to say, exactly as for typed text.
func cleanAmount(s string) (string, bool) {
	s = strings.NewReplacer(" ", "", "\t", "", "\n", "", "\r", "", "Rp", "", "rp", "", "RP", "").Replace(s)
	for _, r := range s {
		if !isAmountRune(r) {
			return "", false
		}
	}
	return s, true
}

// newPhoneField is the phone number input: digits only, pastes normalised.
func newPhoneField() field {
	return field{max: 13, accept: isDigit, clean: cleanPhone}
}

// newAmountField is the amount input: digits and separators, read by
// cashier.ParseAmount (which bounds the digits).
func newAmountField() field {
	return field{max: 24, accept: isAmountRune, clean: cleanAmount}
}
