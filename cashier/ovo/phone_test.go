package ovo

import (
	"errors"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"081234567890", "081234567890", nil},
		{"0812-3456-7890", "081234567890", nil},
		{"0812 3456 7890", "081234567890", nil},
		{"+6281234567890", "081234567890", nil},
		{"6281234567890", "081234567890", nil},
		{"+62 812-3456-7890", "081234567890", nil},
		{"0812345678", "0812345678", nil},       // 10 digits
		{"0812345678901", "0812345678901", nil}, // 13 digits
		{"081234567", "", ErrPhoneShort},        // 9
		{"08123456789012", "", ErrPhoneLong},    // 14
		{"", "", ErrPhoneEmpty},
		{"   ", "", ErrPhoneEmpty},
		{"0", "", ErrPhoneShort},
		{"071234567890", "", ErrPhonePrefix},
		{"81234567890", "", ErrPhonePrefix},
		{"0812a4567890", "", ErrPhoneChars},
		{"+6581234567", "", ErrPhoneChars},
		{"621234567890", "", ErrPhonePrefix},
	}
	for _, tc := range tests {
		got, err := NormalizePhone(tc.in)
		if got != tc.want || (tc.err == nil) != (err == nil) || (tc.err != nil && !errors.Is(err, tc.err)) {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && !errors.Is(err, ErrInvalidPhone) {
			t.Errorf("NormalizePhone(%q) error does not match ErrInvalidPhone", tc.in)
		}
	}
}
