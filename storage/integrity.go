package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DefaultCheckBudget is how long Open may spend walking the file when
// Options.CheckBudget is zero. A ledger of a few megabytes is walked whole
// within it on a small machine; a larger one gets the parts every
// write touches (see quickCheck) and as much more as fits.
const DefaultCheckBudget = 100 * time.Millisecond

// edgeKeys is how many keys at each end of every bucket Open always reads:
// the pages the next appends and the oldest history touch.
const edgeKeys = 256

// guard runs fn with memory faults (SIGBUS from a truncated or unreadable
// mmap) turned into panics, and any panic turned into a *DamagedError, so a
// damaged file never kills the process. A panic also marks the DB broken:
// every later write is refused.
func (db *DB) guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if p := recover(); p != nil {
			err = db.markBroken(fmt.Sprintf("reading or writing it failed: %v", p))
		}
	}()
	return fn()
}

// markBroken records that the file failed under us and returns the error
// every later write gets.
func (db *DB) markBroken(detail string) error {
	e := &DamagedError{Path: db.path, Detail: detail}
	db.c.broken.CompareAndSwap(nil, e)
	return e
}

// bboltMagic, metaPgidOffset and metaTxidOffset locate the high-water mark
// in bbolt's meta pages (page header 16 bytes; then magic, version,
// pageSize, flags, root bucket (16), freelist, pgid, txid, checksum).
const (
	bboltMagic         = 0xED0CDAED
	metaMagicOffset    = 16
	metaPageSize       = 24
	metaFreelistOffset = 48
	metaPgidOffset     = 56
	metaTxidOffset     = 64
	// freelistPageFlag is bbolt's page flag of the freelist page.
	freelistPageFlag = 0x10
)

// preflight looks at an existing ledger file before bbolt maps it: an empty
// file, a file too short to hold its meta pages, or a file shorter than the
// high-water mark its newest meta page records (truncated: mapping it would
// fault) is refused. It reads only the first two pages.
func preflight(path string, size int64) error {
	damaged := func(format string, a ...any) error {
		return &DamagedError{Path: path, Detail: fmt.Sprintf(format, a...)}
	}
	if size == 0 {
		return damaged("the file is empty (0 bytes) where a ledger is expected")
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("storage: open ledger %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("storage: read ledger %s: %w", path, err)
	}
	head = head[:n]
	if n < metaTxidOffset+8 || binary.LittleEndian.Uint32(head[metaMagicOffset:]) != bboltMagic {
		return damaged("not a ledger file: its first page is not a bbolt meta page (%d bytes)", size)
	}
	pageSize := int64(binary.LittleEndian.Uint32(head[metaPageSize:]))
	if pageSize < 512 || pageSize > 1<<20 || size < 4*pageSize {
		return damaged("truncated: %d bytes, shorter than the four pages every ledger starts with", size)
	}
	meta1 := make([]byte, metaTxidOffset+8)
	if _, err := f.ReadAt(meta1, pageSize); err != nil {
		return fmt.Errorf("storage: read ledger %s: %w", path, err)
	}
	hwm := func(m []byte) (pgid, txid uint64, ok bool) {
		if binary.LittleEndian.Uint32(m[metaMagicOffset:]) != bboltMagic {
			return 0, 0, false
		}
		return binary.LittleEndian.Uint64(m[metaPgidOffset:]), binary.LittleEndian.Uint64(m[metaTxidOffset:]), true
	}
	p0, t0, ok0 := hwm(head)
	p1, t1, ok1 := hwm(meta1)
	pgid := p0
	if ok1 && (!ok0 || t1 > t0) {
		pgid = p1
	}
	if want := int64(pgid) * pageSize; want > size {
		return damaged("truncated: %d bytes, but its last commit wrote up to %d", size, want)
	}
	return nil
}

// quickCheck is the check Open runs: the file is as long as its last commit
// says; the meta and deposit buckets read back; every open transaction
// decodes under its own reference; the first and last edgeKeys keys of every
// bucket (the pages the next writes touch) read back; then, within budget,
// every key and value of every bucket and, if time remains, the ledger's
// own invariants (Check). A negative budget checks only the first part.
func (db *DB) quickCheck(size int64, budget time.Duration) error {
	deadline := time.Now().Add(budget)
	return db.view(func(tx *bolt.Tx) error {
		if tx.Size() > size {
			return db.markBroken(fmt.Sprintf("truncated: %d bytes, but its last commit wrote up to %d", size, tx.Size()))
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				return db.markBroken(fmt.Sprintf("bucket %s is missing", name))
			}
		}
		_ = readDeposit(tx)
		if err := tx.Bucket(bucketOpen).ForEach(func(k, _ []byte) error {
			t, err := getTxn(tx, string(k))
			if err != nil {
				return err
			}
			if t.PartnerReferenceNo != string(k) || t.State.Final() {
				return fmt.Errorf("open transaction %s reads back as %s (%s)", k, t.PartnerReferenceNo, t.State)
			}
			return nil
		}); err != nil {
			return db.markBroken(err.Error())
		}
		for _, name := range allBuckets {
			c := tx.Bucket(name).Cursor()
			i := 0
			for k, _ := c.First(); k != nil && i < edgeKeys; k, _ = c.Next() {
				i++
			}
			i = 0
			for k, _ := c.Last(); k != nil && i < edgeKeys; k, _ = c.Prev() {
				i++
			}
		}
		if budget < 0 {
			return nil
		}
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		defer cancel()
		switch err := walkAll(ctx, tx); {
		case errors.Is(err, context.DeadlineExceeded):
			return nil
		case err != nil:
			return db.markBroken(err.Error())
		}
		if time.Now().Before(deadline) && getU64(tx.Bucket(bucketMeta).Get(keySeqRef)) < 5_000 /* at most that many transactions: cheap to count */ {
			if err := check(tx); err != nil {
				return db.markBroken(err.Error())
			}
		}
		return nil
	})
}

// walkAll reads every key and value of every bucket, stopping when ctx ends
// (checked every 1024 keys) with ctx's error.
func walkAll(ctx context.Context, tx *bolt.Tx) error {
	for _, name := range allBuckets {
		c := tx.Bucket(name).Cursor()
		var n int
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			switch { // every transaction must decode
			case string(name) == string(bucketTxns):
				if _, err := decodeTxn(refOfTxnKey(k, installation(tx)), v); err != nil {
					return err
				}
			case string(name) == string(bucketOpen) && len(v) > 0:
				if _, err := decodeTxn(string(k), v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Verify is the full check behind `ovocashier check`: it reads every key and
// value of every bucket, runs bbolt's own page check (every page reachable
// or free, exactly once, keys in order) and then the ledger's invariants
// (Check). It returns nil for a sound ledger, a *DamagedError for a file
// that does not read back, or the violations found. Its cost grows with the
// ledger; ctx bounds it. It runs beside the live process's writes.
func (db *DB) Verify(ctx context.Context) error {
	return db.view(func(tx *bolt.Tx) error {
		if err := walkAll(ctx, tx); err != nil {
			if ctx.Err() != nil {
				return err
			}
			return db.markBroken(err.Error())
		}
		// bbolt's page check runs in a goroutine of its own, where a
		// damaged page panics or faults beyond any recover: first touch,
		// here under guard, every page it will read.
		if err := walkEvery(ctx, tx); err != nil {
			if ctx.Err() != nil {
				return err
			}
			return db.markBroken(err.Error())
		}
		if err := checkFreelistPage(tx, db.path); err != nil {
			return db.markBroken(err.Error())
		}
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return db.markBroken(fmt.Sprintf("bbolt page check: %v", errors.Join(errs...)))
		}
		return check(tx)
	})
}

// walkEvery reads every key and value of every bucket in the file, nested
// and unlisted ones too (the shift and batch buckets), so every branch and
// leaf page reachable from the root passes bbolt's page assertions in the
// caller's goroutine, where guard turns a panic or a fault into an error.
func walkEvery(ctx context.Context, tx *bolt.Tx) error {
	var sink byte
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		c := b.Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			sink ^= k[0] ^ k[len(k)-1]
			if len(v) > 0 {
				sink ^= v[0] ^ v[len(v)-1]
			}
			if v == nil {
				if nb := b.Bucket(k); nb != nil {
					if err := walk(nb); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
	_ = sink
	return err
}

// checkFreelistPage reads, with plain file reads, the freelist page that
// the meta page of tx names and returns an error unless it is a freelist
// page of the right id whose ids fit in it: bbolt loads it in Tx.Check's own
// goroutine and panics there on a bad one. A ledger without a synced
// freelist passes.
func checkFreelistPage(tx *bolt.Tx, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	pageSize := int64(tx.DB().Info().PageSize)
	var meta []byte
	for i := int64(0); i < 2; i++ {
		m := make([]byte, metaTxidOffset+8)
		if _, err := f.ReadAt(m, i*pageSize); err != nil {
			return fmt.Errorf("meta page %d does not read back: %v", i, err)
		}
		if binary.LittleEndian.Uint32(m[metaMagicOffset:]) == bboltMagic && binary.LittleEndian.Uint64(m[metaTxidOffset:]) == uint64(tx.ID()) {
			meta = m
		}
	}
	if meta == nil {
		return nil // a newer commit replaced the meta page under a live writer: nothing to compare
	}
	id := binary.LittleEndian.Uint64(meta[metaFreelistOffset:])
	hwm := binary.LittleEndian.Uint64(meta[metaPgidOffset:])
	if id == ^uint64(0) {
		return nil
	}
	if id < 2 || id >= hwm {
		return fmt.Errorf("the freelist page %d is outside the file's %d pages", id, hwm)
	}
	h := make([]byte, 24)
	if _, err := f.ReadAt(h, int64(id)*pageSize); err != nil {
		return fmt.Errorf("the freelist page %d does not read back: %v", id, err)
	}
	gotID, flags := binary.LittleEndian.Uint64(h), binary.LittleEndian.Uint16(h[8:])
	count, overflow := uint64(binary.LittleEndian.Uint16(h[10:])), uint64(binary.LittleEndian.Uint32(h[12:]))
	if gotID != id || flags&freelistPageFlag == 0 {
		return fmt.Errorf("the freelist page %d is not a freelist page (it says id %d, flags %#x)", id, gotID, flags)
	}
	if count == 0xFFFF { // the real count is the first element
		count = binary.LittleEndian.Uint64(h[16:]) + 1
	}
	if id+overflow >= hwm || count > ((overflow+1)*uint64(pageSize)-16)/8 {
		return fmt.Errorf("the freelist page %d lists more ids than it holds", id)
	}
	return nil
}
