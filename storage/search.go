package storage

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// The search index finds a transaction by anything a cashier may read on
// the slip without reading the ledger: a page is a cursor walk over one
// term's postings, so it costs the page, not the ledger.
//
// A transaction is named in the index by a posting, its reference's
// sequence number and creation day (the reference is rebuilt from them and
// the installation id: formatRef), a few bytes instead of a 38-byte time
// key. bucketTerms holds, per term, its postings packed in chunks:
//
//	kind byte ‖ term ‖ 0x00 ‖ 5-byte big-endian sequence of the chunk's first posting
//	  → postings in sequence order, each uvarint(Δsequence<<1 | new day) [uvarint(day)]
//
// and bucketOVORef the postings of each OVO reference (one transaction;
// more only if two references' hashes collide, told apart when read):
//
//	FNV-1a 64 of the upper-case OVO reference → (uvarint(sequence) uvarint(day))…
//
// (8-byte keys in any order pack better than OVO's 20-character references,
// whose order is OVO's to choose).
//
// Only some lengths of a term are indexed (phone endings of 4 and 6
// digits, name-word starts of 2, 4 and 6 letters): a longer query walks
// the longest indexed start of it and keeps the transactions that match it
// all, so the results are those of indexing every length, at a bounded
// multiple of the page (a 5-digit ending visits about 10 postings per
// result, a 3-letter start a few) and about 90 bytes a transaction at
// 1,000,000 instead of 3,000.
//
// Postings are not added in Begin's commit: the commit made before a byte
// goes to OVO writes only what settling needs. The commit that records a
// transaction's first outcome (or OVO's reference) queues them, and the
// queue is folded into the index every foldAt transactions (queue.go), so
// the outcome commit does not write the eight or so leaf pages of the
// postings either. A transaction still pending (in flight, or left by a
// crash until the reconciler settles it) or queued has no postings yet:
// Search finds it in the open set or the queue (unindexed) and merges it in
// sequence order. Transactions begun before these rules have their
// postings from Begin or their outcome (adding one again writes nothing);
// migrateSearchPostings indexes a ledger written before the postings.
var (
	bucketTerms  = []byte("idx_terms")
	bucketOVORef = []byte("idx_ovoref")
	// bucketSearch is the first search index (one key per term and
	// transaction, schema 3), dropped by migrateSearchPostings.
	bucketSearch = []byte("idx_search")
)

// indexedPhoneEnds and indexedNameStarts are the term lengths that have
// postings (ascending); a query of another length walks the longest of
// them below it. (ledger.SearchTerms lists every length a backend may
// index; this one indexes these and finds the same transactions.)
var (
	indexedPhoneEnds  = []int{MinPhoneEnd, 6}
	indexedNameStarts = []int{MinNamePrefix, 4, 6}
)

// maxChunk is the size past which a term's next posting starts a new
// chunk: a chunk is decoded whole when a posting is added to it.
const maxChunk = 256

// posting names a transaction in the index.
type posting struct {
	seq uint64 // the sequence number in its reference
	day uint64 // its reference's date, days since 1970-01-01
}

// postingOf is the posting of a reference made by formatRef with
// installation id inst; ok is false for any other reference. It reads the
// reference's digits in place (every read of the ledger names
// transactions by reference: it allocates nothing), and accepts exactly
// what ledger.FormatRef makes: a real date from 1970 on, the installation
// id and a sequence of ledger.RefSeqDigits digits from 1 to
// ledger.MaxRefSeq.
func postingOf[S ~string | ~[]byte](ref S, inst string) (posting, bool) {
	if len(ref) != 8+len(inst)+ledger.RefSeqDigits || string(ref[8:8+len(inst)]) != inst {
		return posting{}, false
	}
	y, ok1 := digits(ref[0:4])
	m, ok2 := digits(ref[4:6])
	d, ok3 := digits(ref[6:8])
	seq, ok4 := digits(ref[8+len(inst):])
	if !ok1 || !ok2 || !ok3 || !ok4 || y < 1970 || m < 1 || m > 12 || d < 1 || seq == 0 || seq > ledger.MaxRefSeq {
		return posting{}, false
	}
	at := time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC)
	if at.Day() != int(d) { // the 31st of a 30-day month, 29 February of a common year
		return posting{}, false
	}
	return posting{seq: seq, day: uint64(at.Unix() / 86400)}, true
}

// digits is the value of s, all decimal digits (at most 19); ok is false
// for any other character or an empty s.
func digits[S ~string | ~[]byte](s S) (n uint64, ok bool) {
	if len(s) == 0 || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// ref is the reference the posting names: ledger.FormatRef of its date
// (yyyyMMdd), inst and its sequence, built in one allocation.
func (p posting) ref(inst string) string {
	if p.day > maxRefDay || p.seq > ledger.MaxRefSeq {
		// Not a posting a reference of this ledger gives (a damaged
		// chunk): whatever FormatRef makes of it.
		return ledger.FormatRef(time.Unix(int64(p.day)*86400, 0).UTC().Format("20060102"), inst, p.seq)
	}
	y, m, d := time.Unix(int64(p.day)*86400, 0).UTC().Date()
	var sb strings.Builder
	sb.Grow(8 + len(inst) + ledger.RefSeqDigits)
	writeDigits(&sb, uint64(y), 4)
	writeDigits(&sb, uint64(m), 2)
	writeDigits(&sb, uint64(d), 2)
	sb.WriteString(inst)
	writeDigits(&sb, p.seq, ledger.RefSeqDigits)
	return sb.String()
}

// maxRefDay is the day of 31 December 9999, the last with a 4-digit year.
const maxRefDay = 2932896

// writeDigits writes n as w decimal digits, zero-padded (n fits).
func writeDigits(sb *strings.Builder, n uint64, w int) {
	var b [20]byte
	for i := w - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	sb.Write(b[:w])
}

// searchTerms are the term prefixes (kind ‖ term ‖ 0x00) that hold a
// posting of t in bucketTerms.
func searchTerms(t *Txn) [][]byte {
	var out [][]byte
	p := t.CustomerNumber
	for _, n := range indexedPhoneEnds {
		if n <= len(p) {
			out = append(out, searchPrefix(SearchPhoneEnd, p[len(p)-n:]))
		}
	}
	seen := map[string]bool{}
	for _, w := range NameWords(t.CustomerName) {
		for _, n := range indexedNameStarts {
			if n <= len(w) && !seen[w[:n]] {
				seen[w[:n]] = true
				out = append(out, searchPrefix(SearchName, w[:n]))
			}
		}
	}
	return out
}

// searchPrefix is kind ‖ term ‖ 0x00.
func searchPrefix(k SearchKind, term string) []byte {
	b := make([]byte, 0, len(term)+2+5)
	return append(append(append(b, byte(k)), term...), 0)
}

// chunkKey is prefix ‖ 5-byte big-endian seq.
func chunkKey(prefix []byte, seq uint64) []byte {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], seq)
	return append(append(make([]byte, 0, len(prefix)+5), prefix...), n[3:]...)
}

// decodeChunk appends the postings of a chunk whose first sequence is base.
func decodeChunk(out []posting, base uint64, v []byte) ([]posting, bool) {
	seq, day := base, uint64(0)
	for len(v) > 0 {
		x, n := binary.Uvarint(v)
		if n <= 0 {
			return out, false
		}
		v = v[n:]
		seq += x >> 1
		if x&1 == 1 {
			if day, n = binary.Uvarint(v); n <= 0 {
				return out, false
			}
			v = v[n:]
		}
		out = append(out, posting{seq: seq, day: day})
	}
	return out, true
}

// lastPosting is the last posting of a chunk whose first sequence is base
// and how many it holds, read as decodeChunk reads them (ok as its) but
// without keeping them: the fold appends to a term's last chunk.
func lastPosting(base uint64, v []byte) (last posting, n int, ok bool) {
	seq, day := base, uint64(0)
	for len(v) > 0 {
		x, w := binary.Uvarint(v)
		if w <= 0 {
			return last, n, false
		}
		v = v[w:]
		seq += x >> 1
		if x&1 == 1 {
			if day, w = binary.Uvarint(v); w <= 0 {
				return last, n, false
			}
			v = v[w:]
		}
		last, n = posting{seq: seq, day: day}, n+1
	}
	return last, n, true
}

// encodeChunk is the value of a chunk of ps (ascending; base = ps[0].seq).
func encodeChunk(ps []posting) []byte {
	var b []byte
	for i, p := range ps {
		if i == 0 {
			b = appendPosting(b, posting{seq: p.seq}, p, true)
		} else {
			b = appendPosting(b, ps[i-1], p, false)
		}
	}
	return b
}

// appendPosting appends p to the encoded chunk b whose last posting is
// prev (first: p starts the chunk, prev.seq its base).
func appendPosting(b []byte, prev, p posting, first bool) []byte {
	if first || p.day != prev.day {
		b = binary.AppendUvarint(b, (p.seq-prev.seq)<<1|1)
		return binary.AppendUvarint(b, p.day)
	}
	return binary.AppendUvarint(b, (p.seq-prev.seq)<<1)
}

// addPostings adds ps (ascending, distinct sequences) to the postings of
// the term prefix, as addPosting each would: when they all follow the
// term's last posting (the fold's usual case) its last chunk is decoded
// once and each chunk written once; otherwise one by one.
func addPostings(b *bolt.Bucket, prefix []byte, ps []posting) error {
	c := b.Cursor()
	one := func() error {
		for _, p := range ps {
			if err := addPosting(b, prefix, p); err != nil {
				return err
			}
		}
		return nil
	}
	k, v := c.Seek(chunkKey(prefix, ps[0].seq))
	if _, ok := chunkBase(k, prefix); ok { // a chunk starts at or after ps[0]
		return one()
	}
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	var (
		base uint64
		enc  []byte
		last posting
	)
	if bs, ok := chunkBase(k, prefix); ok { // the term's last chunk
		end, n, good := lastPosting(bs, v)
		if !good || n == 0 || end.seq >= ps[0].seq {
			return one()
		}
		if len(v) < maxChunk {
			base, enc, last = bs, slices.Clone(v), end
		}
	}
	for _, p := range ps {
		if enc != nil && len(enc) >= maxChunk {
			if err := b.Put(chunkKey(prefix, base), enc); err != nil {
				return err
			}
			enc = nil
		}
		if enc == nil {
			base, enc = p.seq, appendPosting(nil, posting{seq: p.seq}, p, true)
		} else {
			enc = appendPosting(enc, last, p, false)
		}
		last = p
	}
	return b.Put(chunkKey(prefix, base), enc)
}

// chunkBase is the first sequence of the chunk key k under prefix; ok is
// false for a key that is not one of prefix's chunks.
func chunkBase(k, prefix []byte) (uint64, bool) {
	if len(k) != len(prefix)+5 || !bytes.HasPrefix(k, prefix) {
		return 0, false
	}
	return seq5(k[len(prefix):]), true
}

// addPosting adds p to the postings of the term prefix (idempotent).
func addPosting(b *bolt.Bucket, prefix []byte, p posting) error {
	c := b.Cursor()
	k, v := c.Seek(chunkKey(prefix, p.seq))
	if base, ok := chunkBase(k, prefix); !ok || base != p.seq {
		k, v = c.Prev() // the chunk before p, if the term has one
	}
	base, ok := chunkBase(k, prefix)
	if !ok { // no chunk starts at or before p: p starts one
		return b.Put(chunkKey(prefix, p.seq), encodeChunk([]posting{p}))
	}
	ps, _ := decodeChunk(nil, base, v)
	i, found := slices.BinarySearchFunc(ps, p.seq, func(q posting, s uint64) int { return cmpU64(q.seq, s) })
	switch {
	case found:
		return nil
	case i == len(ps) && len(v) >= maxChunk: // the usual case: the newest posting of a full chunk
		return b.Put(chunkKey(prefix, p.seq), encodeChunk([]posting{p}))
	}
	return b.Put(chunkKey(prefix, base), encodeChunk(slices.Insert(ps, i, p)))
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// indexSearch adds the phone and name postings of t, and its OVO
// reference if it has one (idempotent).
func indexSearch(tx *bolt.Tx, t *Txn) error {
	p, ok := postingOf(t.PartnerReferenceNo, installation(tx))
	if !ok {
		return nil // not a reference this ledger made: nothing to name it by
	}
	b := tx.Bucket(bucketTerms)
	for _, prefix := range searchTerms(t) {
		if err := addPosting(b, prefix, p); err != nil {
			return err
		}
	}
	return indexOVORef(tx, t)
}

// indexOVORef adds the OVO reference of t (indexSearch; the fold).
func indexOVORef(tx *bolt.Tx, t *Txn) error {
	if t.ReferenceNo == "" {
		return nil
	}
	p, ok := postingOf(t.PartnerReferenceNo, installation(tx))
	if !ok {
		return nil
	}
	b := tx.Bucket(bucketOVORef)
	k := ovoRefKey(strings.ToUpper(t.ReferenceNo))
	v := b.Get(k)
	ps, _ := decodeOVORef(v)
	if slices.Contains(ps, p) {
		return nil
	}
	return b.Put(k, binary.AppendUvarint(binary.AppendUvarint(slices.Clip(v), p.seq), p.day))
}

// ovoRefKey is the bucketOVORef key of an upper-case OVO reference.
func ovoRefKey(ref string) []byte {
	h := fnv.New64a()
	h.Write([]byte(ref))
	return h.Sum(nil)
}

// decodeOVORef is the postings of a bucketOVORef value.
func decodeOVORef(v []byte) ([]posting, bool) {
	var ps []posting
	for len(v) > 0 {
		seq, n := binary.Uvarint(v)
		if n <= 0 {
			return ps, false
		}
		day, m := binary.Uvarint(v[n:])
		if m <= 0 {
			return ps, false
		}
		v = v[n+m:]
		ps = append(ps, posting{seq: seq, day: day})
	}
	return ps, true
}

// installation is the ledger's installation id (part of every reference).
func installation(tx *bolt.Tx) string {
	return string(tx.Bucket(bucketMeta).Get(keyInstallationID))
}

// Search returns the transactions whose term of kind k starts with (name)
// or ends with (phone) or is (OVO reference) term, newest first, one page
// at a time (before is the previous page's Next; limit as in Query). The
// term is taken as given: callers normalise it (digits, lower-case word
// start, upper-case reference). keep, when not nil, drops the
// transactions it refuses (a finer match than the index); the walk still
// only visits the postings of the longest indexed part of the term.
func (db *DB) Search(k SearchKind, term, before string, limit int, keep func(Txn) bool) (Page, error) {
	var p Page
	err := db.view(func(tx *bolt.Tx) (err error) {
		p, _, err = search(tx, k, term, before, limit, keep)
		return err
	})
	return p, err
}

// indexedTerm is the longest indexed part of term (its end for a phone,
// its start for a name) and whether the postings need the finer match.
func indexedTerm(k SearchKind, term string) (string, bool) {
	lengths := indexedNameStarts
	if k == SearchPhoneEnd {
		lengths = indexedPhoneEnds
	}
	n := 0
	for _, l := range lengths {
		if l <= len(term) {
			n = l
		}
	}
	if n == 0 {
		return "", false
	}
	if k == SearchPhoneEnd {
		return term[len(term)-n:], n < len(term)
	}
	return term[:n], n < len(term)
}

// matches says whether t's term of kind k starts (name) or ends (phone)
// with term.
func matches(k SearchKind, term string, t *Txn) bool {
	if k == SearchPhoneEnd {
		return strings.HasSuffix(t.CustomerNumber, term)
	}
	for _, w := range NameWords(t.CustomerName) {
		if strings.HasPrefix(w, term) {
			return true
		}
	}
	return false
}

// search is Search inside tx; it also returns how many postings it
// visited.
func search(tx *bolt.Tx, k SearchKind, term, before string, limit int, keep func(Txn) bool) (Page, int, error) {
	limit = ledger.PageLimit(limit)
	bound := uint64(1<<40 - 1) // postings below this sequence number
	if before != "" {
		b, err := base64.RawURLEncoding.DecodeString(before)
		if err != nil || len(b) != 8 {
			return Page{}, 0, &ValidationError{Field: "before", Problem: "not a search cursor"}
		}
		bound = binary.BigEndian.Uint64(b)
	}
	inst := installation(tx)
	if k == SearchOVORef {
		return searchOVORef(tx, inst, term, before, keep)
	}
	it, finer := indexedTerm(k, term)
	b := tx.Bucket(bucketTerms)
	if it == "" || bound == 0 {
		return Page{}, 0, nil
	}
	pending, err := pendingMatches(tx, inst, k, term, bound, keep)
	if err != nil {
		return Page{}, 0, err
	}
	var p Page
	// flush adds the pending transactions above sequence above, newest
	// first; done when the page is full and more follow.
	flush := func(above uint64) (done bool) {
		for len(pending) > 0 && pending[0].seq > above {
			if len(p.Txns) == limit {
				p.Next = base64.RawURLEncoding.EncodeToString(u64(bound))
				return true
			}
			p.Txns, bound, pending = append(p.Txns, pending[0].t), pending[0].seq, pending[1:]
		}
		if len(pending) > 0 && pending[0].seq == above { // it has postings too (begun before the rule)
			pending = pending[1:]
		}
		return false
	}
	if b == nil {
		flush(0)
		return p, 0, nil
	}
	prefix := searchPrefix(k, it)
	c := b.Cursor()
	key, v := c.Seek(chunkKey(prefix, bound))
	if base, ok := chunkBase(key, prefix); !ok || base >= bound {
		key, v = c.Prev()
	}
	var (
		visited int
		ps      []posting
	)
	for ; ; key, v = c.Prev() {
		base, ok := chunkBase(key, prefix)
		if !ok {
			break
		}
		var good bool
		if ps, good = decodeChunk(ps[:0], base, v); !good {
			return Page{}, visited, &DamagedError{Path: tx.DB().Path(), Detail: "a search index chunk does not decode"}
		}
		for i := len(ps) - 1; i >= 0; i-- {
			if ps[i].seq >= bound {
				continue
			}
			if flush(ps[i].seq) {
				return p, visited, nil
			}
			visited++
			if len(p.Txns) == limit {
				p.Next = base64.RawURLEncoding.EncodeToString(u64(bound))
				return p, visited, nil
			}
			t, err := getTxn(tx, ps[i].ref(inst))
			if err != nil {
				return Page{}, visited, err
			}
			bound = ps[i].seq
			if (!finer || matches(k, term, &t)) && (keep == nil || keep(t)) {
				p.Txns = append(p.Txns, t)
			}
		}
	}
	flush(0)
	return p, visited, nil
}

// seqTxn is a transaction and its reference's sequence.
type seqTxn struct {
	seq uint64
	t   Txn
}

// pendingMatches are the transactions that may lack postings (pending, or
// queued: see unindexed) whose term of kind k matches term and that keep
// keeps, below sequence bound, newest first.
func pendingMatches(tx *bolt.Tx, inst string, k SearchKind, term string, bound uint64, keep func(Txn) bool) ([]seqTxn, error) {
	var out []seqTxn
	err := unindexed(tx, inst, func(seq uint64, t *Txn) error {
		if seq < bound && matches(k, term, t) && (keep == nil || keep(*t)) {
			out = append(out, seqTxn{seq, *t})
		}
		return nil
	})
	slices.SortFunc(out, func(a, b seqTxn) int { return cmpU64(b.seq, a.seq) })
	return out, err
}

// searchOVORef is the page of the transaction with OVO reference ref.
func searchOVORef(tx *bolt.Tx, inst, ref, before string, keep func(Txn) bool) (Page, int, error) {
	b := tx.Bucket(bucketOVORef)
	if b == nil || before != "" {
		return Page{}, 0, nil
	}
	ps, ok := decodeOVORef(b.Get(ovoRefKey(ref)))
	if !ok {
		return Page{}, len(ps), &DamagedError{Path: tx.DB().Path(), Detail: "an OVO reference index entry does not decode"}
	}
	var p Page
	found := map[uint64]bool{}
	for _, q := range ps {
		t, err := getTxn(tx, q.ref(inst))
		if err != nil {
			return Page{}, len(ps), err
		}
		if strings.EqualFold(t.ReferenceNo, ref) && !found[q.seq] && (keep == nil || keep(t)) {
			found[q.seq] = true
			p.Txns = append(p.Txns, t)
		}
	}
	// A reference recorded since the last fold is in the queue only.
	err := unindexed(tx, inst, func(seq uint64, t *Txn) error {
		if strings.EqualFold(t.ReferenceNo, ref) && !found[seq] && (keep == nil || keep(*t)) {
			found[seq] = true
			p.Txns = append(p.Txns, *t)
		}
		return nil
	})
	return p, len(ps), err
}

// migrateSearch (schema 3) created the first search index. Its keys are
// dropped and rebuilt by migrateSearchPostings (schema 4), so at an upgrade
// it only makes the bucket that the next migration drops.
func migrateSearch(tx *bolt.Tx, _ migrateEnv) error {
	_, err := tx.CreateBucketIfNotExists(bucketSearch)
	return err
}

// migrateSearchPostings (schema 4) replaces the first search index (a key
// per term and transaction, about 3 KB a transaction) by packed postings,
// indexing every transaction the ledger holds (a one-time full scan).
func migrateSearchPostings(tx *bolt.Tx, _ migrateEnv) error {
	if tx.Bucket(bucketSearch) != nil {
		if err := tx.DeleteBucket(bucketSearch); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bucketTerms, bucketOVORef} {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	inst := installation(tx)
	return tx.Bucket(bucketTxns).ForEach(func(k, v []byte) error {
		t, err := decodeTxn(refOfTxnKey(k, inst), v)
		if err != nil {
			return err
		}
		return indexSearch(tx, &t)
	})
}
