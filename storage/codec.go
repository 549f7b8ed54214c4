package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The stored form of a transaction (the value under its reference in txns).
//
// Since the size work of issue 17 a transaction is written in a compact
// binary form, about a third of its JSON:
//
//	0x01                                   format tag (JSON always starts with '{')
//	kind, state                            one byte each: a known value's code, or 0 and a string
//	customerNumber … receiptNo             11 strings, each uvarint length ‖ bytes, in field order
//	amount, fee, statusChecks              varints
//	createdAt                              varint UnixNano (0: the zero time)
//	updatedAt                              varint nanoseconds from createdAt
//	history count, then per change:        state (as above), varint ns from createdAt, code, note
//
// The reference is the key and is not repeated. Values written before (JSON)
// are still read, and are rewritten in the binary form when the transaction
// next changes; nothing needs migrating. A transaction with a time outside
// what UnixNano can hold (years 1678–2262) is still written as JSON.
//
// Since schema 5 the tag is 0x02 and every string is uvarint(n<<2|form)
// then its bytes: form 0 the string as is, 1 a string of n ≥ 2 decimal
// digits packed two to a byte (phone numbers, external ids, OVO's
// references and codes), 2 a string of n ≥ 2 lower-case hex digits (not all
// decimal) packed the same way (session ids); an odd count ends with a 0
// nibble. Values tagged 0x01 (plain strings) are still read.
const (
	txnFormatBinary = 0x01
	txnFormatPacked = 0x02
)

var (
	kindCodes  = []Kind{"", KindTopUp, KindDisburse}
	stateCodes = []State{"", StatePending, StateSuccess, StateFailed, StateUnknown}
)

// encodeTxn is the stored form of t.
func encodeTxn(t *Txn) ([]byte, error) {
	if b, ok := encodeBinary(t); ok {
		return b, nil
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("storage: encode txn %s: %w", t.PartnerReferenceNo, err)
	}
	return b, nil
}

// decodeTxn parses the stored form (binary or JSON) of the transaction
// stored under ref.
func decodeTxn(ref string, b []byte) (Txn, error) {
	if len(b) > 0 && (b[0] == txnFormatBinary || b[0] == txnFormatPacked) {
		t, err := decodeBinary(b[1:], b[0] == txnFormatPacked)
		if err != nil {
			return Txn{}, fmt.Errorf("storage: decode txn %s: %w", ref, err)
		}
		t.PartnerReferenceNo = ref
		return t, nil
	}
	var t Txn
	if err := json.Unmarshal(b, &t); err != nil {
		return Txn{}, fmt.Errorf("storage: decode txn %s: %w", ref, err)
	}
	for i := range t.History {
		if c := &t.History[i]; c.Reason == "" {
			c.Reason, c.Note = splitNote(c.Note)
		}
	}
	return t, nil
}

// reasonPrefix starts the note slot of a change that records a reason.
// Before reasons were typed the cashier wrote them as notes of this form
// ("reason:timeout"); the binary form keeps that form, so a ledger written
// before reads the same and an older ovocashier still reads a newer
// ledger's reasons.
const reasonPrefix = "reason:"

// noteSlot is the note slot of c in the stored form: the note, or
// "reason:CODE" with the note after a space when there is one.
func noteSlot(c Change) string {
	switch {
	case c.Reason == "" && strings.HasPrefix(c.Note, reasonPrefix):
		return reasonPrefix + " " + c.Note // no reason, then the note
	case c.Reason == "":
		return c.Note
	case c.Note == "":
		return reasonPrefix + string(c.Reason)
	}
	return reasonPrefix + string(c.Reason) + " " + c.Note
}

// splitNote reads a note slot back into the reason and the note (the
// inverse of noteSlot; a reason code holds no space).
func splitNote(slot string) (Reason, string) {
	rest, ok := strings.CutPrefix(slot, reasonPrefix)
	if !ok {
		return "", slot
	}
	reason, note, _ := strings.Cut(rest, " ")
	return Reason(reason), note
}

// nanosFits reports whether t survives UnixNano (the zero time does).
func nanosFits(t time.Time) bool {
	return t.IsZero() || (t.After(time.Unix(0, math.MinInt64)) && t.Before(time.Unix(0, math.MaxInt64)))
}

// encodeBinary is the binary form of t; ok is false when a time does not fit.
func encodeBinary(t *Txn) (b []byte, ok bool) { return encodeBinaryTag(t, txnFormatPacked) }

// encodeBinaryTag is the binary form of t with tag (0x01: plain strings,
// as written before schema 5; kept for the tests of reading them).
func encodeBinaryTag(t *Txn, tag byte) (b []byte, ok bool) {
	str := appendPackedString
	if tag == txnFormatBinary {
		str = appendString
	}
	if !nanosFits(t.CreatedAt) || !nanosFits(t.UpdatedAt) {
		return nil, false
	}
	for _, c := range t.History {
		if !nanosFits(c.At) {
			return nil, false
		}
	}
	b = make([]byte, 0, 256)
	b = append(b, tag)
	b = appendEnum(b, string(t.Kind), kindCodes, str)
	b = appendEnum(b, string(t.State), stateCodes, str)
	for _, s := range []string{t.CustomerNumber, t.CustomerName, t.Operator, t.Outlet, t.ExternalID, t.SessionID,
		t.ReferenceNo, t.ResponseCode, t.ResponseMessage, t.LastStatus, t.ReceiptNo} {
		b = str(b, s)
	}
	b = binary.AppendVarint(b, t.Amount)
	b = binary.AppendVarint(b, t.Fee)
	b = binary.AppendVarint(b, int64(t.StatusChecks))
	base := ledger.NanosOf(t.CreatedAt)
	b = binary.AppendVarint(b, base)
	b = binary.AppendVarint(b, ledger.NanosOf(t.UpdatedAt)-base)
	b = binary.AppendUvarint(b, uint64(len(t.History)))
	for _, c := range t.History {
		b = appendEnum(b, string(c.State), stateCodes, str)
		b = binary.AppendVarint(b, ledger.NanosOf(c.At)-base)
		b = str(b, c.Code)
		b = str(b, noteSlot(c))
	}
	if extra := extraFields(t); extra != nil {
		b = str(append(b, tagExtra), string(extra))
	}
	return b, true
}

// tagExtra starts the optional tail of the binary form: the fields the
// fixed part does not hold (ShiftID and any field added to Txn later), as
// a JSON object of the non-zero ones under their JSON names. A field added
// to Txn is stored without a codec change; moving a frequent one into the
// fixed part is an optimisation, never a condition of correctness.
const tagExtra = 1

// fixedFields are the Txn fields the fixed part of the binary form holds
// (PartnerReferenceNo is the key).
var fixedFields = map[string]bool{
	"PartnerReferenceNo": true, "Kind": true, "State": true, "CustomerNumber": true, "CustomerName": true,
	"Operator": true, "Outlet": true, "ExternalID": true, "SessionID": true, "ReferenceNo": true,
	"ResponseCode": true, "ResponseMessage": true, "LastStatus": true, "ReceiptNo": true, "Amount": true,
	"Fee": true, "StatusChecks": true, "CreatedAt": true, "UpdatedAt": true, "History": true,
}

// extraFields is the JSON object of t's non-zero fields outside
// fixedFields, or nil when there are none.
func extraFields(t *Txn) []byte {
	v := reflect.ValueOf(t).Elem()
	var m map[string]any
	for _, f := range extraFieldList {
		if v.Field(f.index).IsZero() {
			continue
		}
		if m == nil {
			m = map[string]any{}
		}
		m[f.name] = v.Field(f.index).Interface()
	}
	if m == nil {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return b
}

// extraField is a Txn field the tail of the binary form holds: its index
// and JSON name.
type extraField struct {
	index int
	name  string
}

// extraFieldList are the exported Txn fields outside fixedFields that JSON
// names, found once (every encode walked Txn's fields by reflection).
var extraFieldList = func() []extraField {
	var out []extraField
	typ := reflect.TypeFor[Txn]()
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if fixedFields[f.Name] || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, extraField{i, name})
	}
	return out
}()

// appendEnum appends v's code in codes, or 0 and v as a string by str.
func appendEnum[T ~string](b []byte, v string, codes []T, str func([]byte, string) []byte) []byte {
	for i, c := range codes {
		if i > 0 && string(c) == v {
			return append(b, byte(i))
		}
	}
	return str(append(b, 0), v)
}

// The forms of a string in the packed binary form.
const (
	strRaw    = 0
	strDigits = 1
	strHex    = 2
)

// stringForm is the form s is stored in.
func stringForm(s string) int {
	if len(s) < 2 {
		return strRaw
	}
	form := strDigits
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			form = strHex
		default:
			return strRaw
		}
	}
	return form
}

// appendPackedString appends s in its form (see the top of this file).
func appendPackedString(b []byte, s string) []byte {
	form := stringForm(s)
	b = binary.AppendUvarint(b, uint64(len(s))<<2|uint64(form))
	if form == strRaw {
		return append(b, s...)
	}
	for i := 0; i < len(s); i += 2 {
		hi, lo := nibble(s[i]), byte(0)
		if i+1 < len(s) {
			lo = nibble(s[i+1])
		}
		b = append(b, hi<<4|lo)
	}
	return b
}

func nibble(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

const hexDigits = "0123456789abcdef"

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// errShort is a binary value that ends too early or holds a bad length.
var errShort = errors.New("binary value cut short or malformed")

// reader reads the binary form; the first error sticks.
type reader struct {
	b      []byte
	err    error
	packed bool // strings are in their forms (tag 0x02)
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errShort, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// string reads the next string.
func (r *reader) string() string {
	var buf [64]byte
	return string(r.appendString(buf[:0]))
}

// appendString reads the next string and appends its bytes to dst (dst as
// it was when the value is cut short or malformed).
func (r *reader) appendString(dst []byte) []byte {
	if !r.packed {
		l, n := binary.Uvarint(r.b)
		return r.take(dst, n, l)
	}
	h, n := binary.Uvarint(r.b)
	l, form := h>>2, h&3
	if form == strRaw {
		return r.take(dst, n, l)
	}
	nb := (l + 1) / 2
	if n <= 0 || form > strHex || l < 2 || nb > uint64(len(r.b)-n) {
		r.err, r.b = errShort, nil
		return dst
	}
	p := r.b[n : n+int(nb)]
	start := len(dst)
	for i := range int(l) {
		d := p[i/2] >> 4
		if i%2 == 1 {
			d = p[i/2] & 0x0f
		}
		if form == strDigits && d > 9 {
			r.err, r.b = errShort, nil
			return dst[:start]
		}
		dst = append(dst, hexDigits[d])
	}
	r.b = r.b[n+int(nb):]
	return dst
}

// take appends the l bytes after an n-byte length (n ≤ 0: a bad length).
func (r *reader) take(dst []byte, n int, l uint64) []byte {
	if n <= 0 || l > uint64(len(r.b)-n) {
		r.err, r.b = errShort, nil
		return dst
	}
	dst = append(dst, r.b[n:n+int(l)]...)
	r.b = r.b[n+int(l):]
	return dst
}

// skipString steps over the next string without reading it (its digits
// unchecked: decodeBinary checks them).
func (r *reader) skipString() {
	h, n := binary.Uvarint(r.b)
	l := h
	if r.packed {
		if l = h >> 2; h&3 != strRaw {
			l = (l + 1) / 2
		}
	}
	if n <= 0 || l > uint64(len(r.b)-n) {
		r.err, r.b = errShort, nil
		return
	}
	r.b = r.b[n+int(l):]
}

func readEnum[T ~string](r *reader, codes []T) T {
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

// txnHead is what the readers of the open set and the index queue need of
// a stored transaction before deciding to decode it: its state, customer
// number and creation time.
type txnHead struct {
	state   State
	phone   []byte // in the caller's buffer
	created int64  // UnixNano (0: the zero time)
}

// headOf reads the head of a stored transaction value without decoding the
// rest and without allocating (the customer number goes to buf, which
// should hold 32 bytes); ok is false for another form (JSON) or a value
// that does not read that far. A value whose head reads may still fail to
// decode whole.
func headOf(v []byte, buf []byte) (h txnHead, ok bool) {
	if len(v) == 0 || v[0] != txnFormatBinary && v[0] != txnFormatPacked {
		return txnHead{}, false
	}
	r := reader{b: v[1:], packed: v[0] == txnFormatPacked}
	if len(r.b) < 2 || r.b[0] == 0 || r.b[1] == 0 || int(r.b[0]) >= len(kindCodes) || int(r.b[1]) >= len(stateCodes) {
		return txnHead{}, false // a kind or state outside the codes: rare, decoded whole
	}
	h.state = stateCodes[r.b[1]]
	r.b = r.b[2:]
	h.phone = r.appendString(buf[:0])
	for range 10 { // CustomerName … ReceiptNo
		r.skipString()
	}
	r.varint() // Amount
	r.varint() // Fee
	r.varint() // StatusChecks
	h.created = r.varint()
	return h, r.err == nil
}

// customerOf is the CustomerNumber of a stored transaction value, read
// without decoding the rest (the binary forms; ok is false for another
// form or a value that does not read).
func customerOf(v []byte) (phone string, ok bool) {
	var buf [32]byte
	c, ok := appendCustomer(buf[:0], v)
	return string(c), ok
}

// appendCustomer is customerOf appending the number to dst (which it
// returns as it was when ok is false).
func appendCustomer(dst, v []byte) ([]byte, bool) {
	if len(v) == 0 || v[0] != txnFormatBinary && v[0] != txnFormatPacked {
		return dst, false
	}
	r := &reader{b: v[1:], packed: v[0] == txnFormatPacked}
	readEnum(r, kindCodes)
	readEnum(r, stateCodes)
	out := r.appendString(dst)
	if r.err != nil {
		return dst, false
	}
	return out, true
}

// decodeBinary parses the binary form after its tag (packed: tag 0x02).
// The strings of the transaction share one allocation: a transaction is
// read for every row of a page.
func decodeBinary(b []byte, packed bool) (Txn, error) {
	r := &reader{b: b, packed: packed}
	var t Txn
	t.Kind = readEnum(r, kindCodes)
	t.State = readEnum(r, stateCodes)
	// The strings are read into buf and cut from one string at the end.
	var (
		scratch [256]byte
		spanArr [11 + 2*4]int // end offsets in buf: the fixed strings, then each change's code and note
	)
	buf, ends := scratch[:0], spanArr[:0]
	fields := [...]*string{&t.CustomerNumber, &t.CustomerName, &t.Operator, &t.Outlet, &t.ExternalID, &t.SessionID,
		&t.ReferenceNo, &t.ResponseCode, &t.ResponseMessage, &t.LastStatus, &t.ReceiptNo}
	for range fields {
		buf = r.appendString(buf)
		ends = append(ends, len(buf))
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
		c.State = readEnum(r, stateCodes)
		c.At = ledger.TimeOfNanos(base + r.varint())
		buf = r.appendString(buf)
		ends = append(ends, len(buf))
		buf = r.appendString(buf)
		ends = append(ends, len(buf))
	}
	if r.err != nil {
		return Txn{}, r.err
	}
	all, at := string(buf), 0
	cut := func() string {
		s := all[at:ends[0]]
		at, ends = ends[0], ends[1:]
		return s
	}
	for _, p := range fields {
		*p = cut()
	}
	for i := range t.History {
		c := &t.History[i]
		c.Code = cut()
		c.Reason, c.Note = splitNote(cut())
	}
	if len(r.b) > 0 && r.b[0] == tagExtra {
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
