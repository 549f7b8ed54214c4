package storage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The decoder as it was before decodeBinary cut its strings from one
// allocation and headOf read a value's head (bb606db), kept to fuzz the
// new readers against.

// oldReader reads the binary form; the first error sticks.
type oldReader struct {
	b      []byte
	err    error
	packed bool // strings are in their forms (tag 0x02)
}

func (r *oldReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errShort, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *oldReader) string() string {
	if r.packed {
		return r.packedString()
	}
	l, n := binary.Uvarint(r.b)
	return r.take(n, l)
}

// take reads l bytes after an n-byte length (n ≤ 0: a bad length).
func (r *oldReader) take(n int, l uint64) string {
	if n <= 0 || l > uint64(len(r.b)-n) {
		r.err, r.b = errShort, nil
		return ""
	}
	s := string(r.b[n : n+int(l)])
	r.b = r.b[n+int(l):]
	return s
}

// packedString reads a string appendPackedString wrote.
func (r *oldReader) packedString() string {
	h, n := binary.Uvarint(r.b)
	l, form := h>>2, h&3
	if form == strRaw {
		return r.take(n, l)
	}
	nb := (l + 1) / 2
	if n <= 0 || form > strHex || l < 2 || nb > uint64(len(r.b)-n) {
		r.err, r.b = errShort, nil
		return ""
	}
	p := r.b[n : n+int(nb)]
	s := make([]byte, l)
	for i := range s {
		d := p[i/2] >> 4
		if i%2 == 1 {
			d = p[i/2] & 0x0f
		}
		if form == strDigits && d > 9 {
			r.err, r.b = errShort, nil
			return ""
		}
		s[i] = hexDigits[d]
	}
	r.b = r.b[n+int(nb):]
	return string(s)
}

func oldReadEnum[T ~string](r *oldReader, codes []T) T {
	if len(r.b) == 0 {
		r.err = errShort
		return ""
	}
	c := r.b[0]
	r.b = r.b[1:]
	switch {
	case c == 0:
		return T(r.string())
	case int(c) < len(codes):
		return codes[c]
	}
	r.err, r.b = fmt.Errorf("unknown code %d", c), nil
	return ""
}

// decodeBinary parses the binary form after its tag (packed: tag 0x02).
// customerOf is the CustomerNumber of a stored transaction value, read
// without decoding the rest (the binary forms; ok is false for another
// form or a value that does not read).
func oldCustomerOf(v []byte) (phone string, ok bool) {
	if len(v) == 0 || v[0] != txnFormatBinary && v[0] != txnFormatPacked {
		return "", false
	}
	r := &oldReader{b: v[1:], packed: v[0] == txnFormatPacked}
	oldReadEnum(r, kindCodes)
	oldReadEnum(r, stateCodes)
	phone = r.string()
	return phone, r.err == nil
}

func oldDecodeBinary(b []byte, packed bool) (Txn, error) {
	r := &oldReader{b: b, packed: packed}
	var t Txn
	t.Kind = oldReadEnum(r, kindCodes)
	t.State = oldReadEnum(r, stateCodes)
	for _, p := range []*string{&t.CustomerNumber, &t.CustomerName, &t.Operator, &t.Outlet, &t.ExternalID, &t.SessionID,
		&t.ReferenceNo, &t.ResponseCode, &t.ResponseMessage, &t.LastStatus, &t.ReceiptNo} {
		*p = r.string()
	}
	t.Amount = r.varint()
	t.Fee = r.varint()
	t.StatusChecks = int(r.varint())
	base := r.varint()
	t.CreatedAt = ledger.TimeOfNanos(base)
	t.UpdatedAt = ledger.TimeOfNanos(base + r.varint())
	n, w := binary.Uvarint(r.b)
	if w <= 0 || n > uint64(len(r.b)) { // a change takes at least 4 bytes
		return Txn{}, errShort
	}
	r.b = r.b[w:]
	if n > 0 {
		t.History = make([]Change, n)
	}
	for i := range t.History {
		c := &t.History[i]
		c.State = oldReadEnum(r, stateCodes)
		c.At = ledger.TimeOfNanos(base + r.varint())
		c.Code = r.string()
		c.Reason, c.Note = splitNote(r.string())
	}
	if r.err == nil && len(r.b) > 0 && r.b[0] == tagExtra {
		r.b = r.b[1:]
		if extra := r.string(); r.err == nil {
			if err := json.Unmarshal([]byte(extra), &t); err != nil {
				r.err = fmt.Errorf("extra fields: %w", err)
			}
		}
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes after the value", len(r.b))
	}
	if r.err != nil {
		return Txn{}, r.err
	}
	return t, nil
}

// FuzzDecodeMatchesOld: decodeBinary, appendCustomer and headOf give the
// old decoder's answer for any value.
func FuzzDecodeMatchesOld(f *testing.F) {
	s := sampleTxn()
	for _, tag := range []byte{txnFormatBinary, txnFormatPacked} {
		if b, ok := encodeBinaryTag(&s, tag); ok {
			f.Add(b)
		}
	}
	f.Add([]byte{txnFormatPacked, 1, 2, 0x31, 0x12, 0x34, 0x0a, 0xab, 0xcd, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != txnFormatBinary && b[0] != txnFormatPacked {
			return
		}
		packed := b[0] == txnFormatPacked
		want, werr := oldDecodeBinary(b[1:], packed)
		got, gerr := decodeBinary(b[1:], packed)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(want, got) {
			t.Fatalf("decodeBinary = %+v, %v; old %+v, %v", got, gerr, want, werr)
		}
		oc, ook := oldCustomerOf(b)
		nc, nok := customerOf(b)
		if oc != nc || ook != nok {
			t.Fatalf("customerOf = %q %v, old %q %v", nc, nok, oc, ook)
		}
		var buf [32]byte
		if h, ok := headOf(b, buf[:]); ok && werr == nil {
			if h.state != want.State || string(h.phone) != want.CustomerNumber || ledger.TimeOfNanos(h.created) != want.CreatedAt {
				t.Fatalf("headOf = %v %q %d; decoded %v %q %v", h.state, h.phone, h.created, want.State, want.CustomerNumber, want.CreatedAt)
			}
		}
	})
}
