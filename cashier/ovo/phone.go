package ovo

import (
	"errors"
	"fmt"
	"strings"
)

// Phone number rules of SNAP.md: OVO's customerNumber is the Indonesian mobile
// number in its 08… form, 10 to 13 digits in all.
const (
	PhoneMinDigits = 10
	PhoneMaxDigits = 13
)

// Phone errors. Every error NormalizePhone returns matches ErrInvalidPhone and,
// more precisely, one of the others, so a form can say what is wrong while the
// number is being typed.
var (
	ErrInvalidPhone = errors.New("invalid phone number")
	ErrPhoneEmpty   = errors.New("phone number is empty")
	ErrPhonePrefix  = errors.New("phone number must start with 08")
	ErrPhoneChars   = errors.New("phone number may contain only digits")
	ErrPhoneShort   = errors.New("phone number is too short")
	ErrPhoneLong    = errors.New("phone number is too long")
)

type phoneError struct {
	kind  error
	input string
}

func (e *phoneError) Error() string {
	switch e.kind {
	case ErrPhoneShort:
		return fmt.Sprintf("phone number %q is too short: 08 then 8 to 11 digits", e.input)
	case ErrPhoneLong:
		return fmt.Sprintf("phone number %q is too long: 08 then 8 to 11 digits", e.input)
	case ErrPhoneEmpty:
		return "phone number is empty"
	}
	return fmt.Sprintf("%v: %q", e.kind, e.input)
}

func (e *phoneError) Is(target error) bool { return target == ErrInvalidPhone || target == e.kind }

// NormalizePhone turns what an operator typed or pasted into OVO's 08… form:
// spaces, dashes, dots and brackets are dropped, and a +62… or 62… prefix
// becomes 0…. Anything else is refused with an error saying what is wrong
// (prefix, characters, length), matching ErrInvalidPhone.
func NormalizePhone(s string) (string, error) {
	raw := s
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t':
			return -1
		}
		return r
	}, s)
	if s == "" {
		return "", &phoneError{ErrPhoneEmpty, raw}
	}
	switch {
	case strings.HasPrefix(s, "+62"):
		s = "0" + s[3:]
	case strings.HasPrefix(s, "62"):
		s = "0" + s[2:]
	}
	if !allDigits(s) {
		return "", &phoneError{ErrPhoneChars, raw}
	}
	if !strings.HasPrefix(s, "08") {
		if s == "0" {
			return "", &phoneError{ErrPhoneShort, raw}
		}
		return "", &phoneError{ErrPhonePrefix, raw}
	}
	switch {
	case len(s) < PhoneMinDigits:
		return "", &phoneError{ErrPhoneShort, raw}
	case len(s) > PhoneMaxDigits:
		return "", &phoneError{ErrPhoneLong, raw}
	}
	return s, nil
}
