package storage

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// postingOfByParse is postingOf as it was first written (time.Parse,
// strconv and a round trip through FormatRef): the oracle the fast one
// must agree with.
func postingOfByParse(ref, inst string) (posting, bool) {
	if len(ref) != 8+len(inst)+ledger.RefSeqDigits || ref[8:8+len(inst)] != inst {
		return posting{}, false
	}
	d, err := time.Parse("20060102", ref[:8])
	if err != nil || d.Unix() < 0 {
		return posting{}, false
	}
	seq, err := strconv.ParseUint(ref[8+len(inst):], 10, 64)
	if err != nil || seq == 0 || seq > ledger.MaxRefSeq {
		return posting{}, false
	}
	p := posting{seq: seq, day: uint64(d.Unix() / 86400)}
	if ledger.FormatRef(time.Unix(int64(p.day)*86400, 0).UTC().Format("20060102"), inst, p.seq) != ref {
		return posting{}, false
	}
	return p, true
}

// postingOf and posting.ref read and make references exactly as
// time.Parse, strconv and ledger.FormatRef do, for real references and for
// every near miss: bad dates, signs, letters, other installations, lengths.
func TestPostingOfAgreesWithFormatRef(t *testing.T) {
	const inst = "123456789012"
	refs := []string{
		"20250310" + inst + "0000000001",
		"19700101" + inst + "9999999999",
		"99991231" + inst + "0000000042",
		"19691231" + inst + "0000000001", // before 1970
		"20250229" + inst + "0000000001", // not a leap year
		"20240229" + inst + "0000000001",
		"20250431" + inst + "0000000001",
		"20251301" + inst + "0000000001",
		"20250001" + inst + "0000000001",
		"20250100" + inst + "0000000001",
		"20250310" + inst + "0000000000", // sequence 0
		"20250310" + inst + "+000000001",
		"20250310" + inst + "00000000a1",
		"2025031a" + inst + "0000000001",
		"+0250310" + inst + "0000000001",
		"20250310" + "123456789013" + "0000000001",
		"20250310" + inst + "000000001",
		"20250310" + inst + "00000000001",
		"202503101234567890120000000001x",
		"",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		day := time.Unix(int64(rng.IntN(2932897))*86400, 0).UTC()
		refs = append(refs, ledger.FormatRef(day.Format("20060102"), inst, 1+rng.Uint64N(ledger.MaxRefSeq)))
		b := []byte(refs[len(refs)-1])
		b[rng.IntN(len(b))] = "0123456789+-x "[rng.IntN(14)]
		refs = append(refs, string(b))
	}
	for _, ref := range refs {
		got, ok := postingOf(ref, inst)
		want, wantOK := postingOfByParse(ref, inst)
		if got != want || ok != wantOK {
			t.Fatalf("postingOf(%q) = %+v %v, want %+v %v", ref, got, ok, want, wantOK)
		}
		if ok {
			if back := got.ref(inst); back != ref {
				t.Fatalf("posting %+v .ref = %q, want %q", got, back, ref)
			}
		}
	}
	// Postings no reference gives (a damaged chunk) name what FormatRef
	// makes of them.
	for _, p := range []posting{{seq: ledger.MaxRefSeq + 1, day: 20000}, {seq: 5, day: maxRefDay + 1}, {seq: 0, day: 0}} {
		want := ledger.FormatRef(time.Unix(int64(p.day)*86400, 0).UTC().Format("20060102"), inst, p.seq)
		if got := p.ref(inst); got != want {
			t.Errorf("%+v.ref = %q, want %q", p, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { postingOf(refs[0], inst) }); n != 0 {
		t.Errorf("postingOf allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = posting{seq: 7, day: 20000}.ref(inst) }); n != 1 {
		t.Errorf("posting.ref allocates %v times, want 1", n)
	}
}

// lastPosting reads a chunk as decodeChunk does: the same last posting,
// count and verdict, for whole chunks and cut or damaged ones.
func TestLastPostingAgreesWithDecodeChunk(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		var ps []posting
		seq, day := 1+rng.Uint64N(1<<30), uint64(20000)
		for range 1 + rng.IntN(60) {
			seq += 1 + rng.Uint64N(1000)
			if rng.IntN(5) == 0 {
				day++
			}
			ps = append(ps, posting{seq: seq, day: day})
		}
		v := encodeChunk(ps)
		for _, c := range [][]byte{v, v[:rng.IntN(len(v))], append(slices.Clone(v), 0xff), nil} {
			want, good := decodeChunk(nil, ps[0].seq, c)
			last, n, ok := lastPosting(ps[0].seq, c)
			if ok != good || n != len(want) || (n > 0 && last != want[n-1]) {
				t.Fatalf("lastPosting = %+v %d %v, decodeChunk = %d postings, %v", last, n, ok, len(want), good)
			}
		}
	}
}
