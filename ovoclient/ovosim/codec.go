package ovosim

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"time"
)

// The state file's records (schema 2) are changes in a compact binary
// form: a record is a format byte, the number of changes, and each change
// as its fields in a fixed order — integers as varints, strings and lists
// as a length and their contents, times as seconds, nanoseconds and the
// zone offset (zero time: one byte). Smaller than JSON, and encoded
// without reflection. A record ends with the CRC-32C of its bytes before
// it: bbolt checks no data page, and a page torn or stale after a power
// cut (the file is written without fsync) would otherwise decode, often,
// to other references or amounts — a transaction forgotten, a balance
// changed — where it must be an error naming the file as damaged.

const (
	// recordFormatV1 is the first format: no checksum (still read).
	recordFormatV1 = 1
	// recordFormat is the format written: the changes, then the CRC-32C.
	recordFormat = 2
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// appendRecord appends the record of cs to dst.
func appendRecord(dst []byte, cs []*change) []byte {
	start := len(dst)
	dst = appendChanges(append(dst, recordFormat), cs)
	return binary.BigEndian.AppendUint32(dst, crc32.Checksum(dst[start:], crcTable))
}

// appendChanges appends the number of changes and each change.
func appendChanges(dst []byte, cs []*change) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(cs)))
	for _, c := range cs {
		dst = appendChange(dst, c)
	}
	return dst
}

func appendChange(b []byte, c *change) []byte {
	if c.deposit != nil {
		b = append(b, 1)
		b = binary.AppendVarint(b, *c.deposit)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(c.customers)))
	for i := range c.customers {
		cu := &c.customers[i]
		b = appendStrings(b, cu.Number, cu.Name, string(cu.State), string(cu.Behavior), cu.Month)
		b = binary.AppendVarint(b, cu.Balance)
		b = binary.AppendVarint(b, cu.MonthlyIn)
	}
	b = binary.AppendUvarint(b, uint64(len(c.txns)))
	for i := range c.txns {
		t := &c.txns[i]
		b = appendStrings(b, t.PartnerReferenceNo, t.ReferenceNo, t.ExternalID, t.SessionID, t.CustomerNumber,
			t.CustomerName, t.ResponseCode, t.ResponseMessage, t.Status, t.StatusDesc, t.PendingOutcome)
		b = binary.AppendVarint(b, t.Amount)
		b = binary.AppendVarint(b, t.Fee)
		b = binary.AppendVarint(b, int64(t.Applied))
		if t.Refunded {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = appendTime(b, t.SettleAt)
		b = appendTime(b, t.Received)
		b = appendTime(b, t.Settled)
	}
	b = appendStrings(b, c.extDay, c.extID)
	b = appendList(b, c.dropDays)
	b = appendList(b, c.dropTxns)
	return b
}

func appendStrings(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func appendList(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	return appendStrings(b, ss...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	_, off := t.Zone()
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(off))
}

// errRecord is a record that does not decode: the file is damaged.
var errRecord = errors.New("record does not decode (the file is damaged)")

// decoder reads a record; the first fault sticks in err.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errRecord
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errRecord
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.err = errRecord
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

// count reads a length that must fit in what is left of the record.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errRecord
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) list() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) time() time.Time {
	if d.byte() == 0 {
		return time.Time{}
	}
	sec, nsec, off := d.varint(), d.uvarint(), d.varint()
	if d.err != nil || nsec >= 1e9 {
		d.err = errRecord
		return time.Time{}
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", int(off))
	}
	return time.Unix(sec, int64(nsec)).In(loc)
}

// decodeRecord reads a record written by appendRecord (or one of the
// first format, without a checksum).
func decodeRecord(b []byte) ([]*change, error) {
	d := &decoder{b: b}
	switch d.byte() {
	case recordFormatV1:
	case recordFormat:
		if len(b) < 5 {
			return nil, errRecord
		}
		body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
		if crc32.Checksum(body, crcTable) != sum {
			return nil, errRecord
		}
		d.b = body[1:]
	default:
		return nil, errRecord
	}
	n := d.count()
	cs := make([]*change, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		cs = append(cs, d.change())
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errRecord
	}
	if d.err != nil {
		return nil, d.err
	}
	return cs, nil
}

func (d *decoder) change() *change {
	c := &change{}
	if d.byte() == 1 {
		c.setDeposit(d.varint())
	}
	if n := d.count(); n > 0 {
		c.customers = make([]Customer, n)
		for i := range c.customers {
			cu := &c.customers[i]
			cu.Number, cu.Name, cu.State, cu.Behavior, cu.Month = d.str(), d.str(), AccountState(d.str()), Behavior(d.str()), d.str()
			cu.Balance, cu.MonthlyIn = d.varint(), d.varint()
		}
	}
	if n := d.count(); n > 0 {
		c.txns = make([]Txn, n)
		for i := range c.txns {
			t := &c.txns[i]
			t.PartnerReferenceNo, t.ReferenceNo, t.ExternalID, t.SessionID = d.str(), d.str(), d.str(), d.str()
			t.CustomerNumber, t.CustomerName, t.ResponseCode, t.ResponseMessage = d.str(), d.str(), d.str(), d.str()
			t.Status, t.StatusDesc, t.PendingOutcome = d.str(), d.str(), d.str()
			t.Amount, t.Fee, t.Applied = d.varint(), d.varint(), int(d.varint())
			t.Refunded = d.byte() == 1
			t.SettleAt, t.Received, t.Settled = d.time(), d.time(), d.time()
		}
	}
	c.extDay, c.extID = d.str(), d.str()
	c.dropDays, c.dropTxns = d.list(), d.list()
	return c
}
