package ledgertest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The core cases about reading many transactions: History, Search and the
// ranges.
func init() {
	Register(
		Case{Name: "History/Paging", Run: historyPaging},
		Case{Name: "History/DefaultsAndCursor", Run: historyDefaultsAndCursor},
		Case{Name: "History/MaxLimit", Run: historyMaxLimit},
		Case{Name: "History/Operator", Run: historyOperator},
		Case{Name: "Search/FindsByAnythingOnTheSlip", Run: searchFinds},
		Case{Name: "Search/Keep", Run: searchKeep},
		Case{Name: "Range/TxnsAndOtherTxns", Run: rangeTxns},
	)
}

var phones = []string{"081111111111", "082222222222", "0811111111"} // the last is a prefix of the first

// historyFixture: 45 txns a minute apart from 23:40 on 10 March (Jakarta),
// so 20 fall on the 10th and 25 on the 11th; phones and operators rotate.
func historyFixture(e *Env) []ledger.Txn {
	db := e.L
	e.Fund(db, 1_000_000_000)
	e.Clock.SetStep(time.Minute)
	e.Clock.Set(JKT(2025, time.March, 10, 23, 40, 0))
	var all []ledger.Txn
	for i := range 45 {
		n := NewTxn(int64(1000 + i))
		n.CustomerNumber = phones[i%len(phones)]
		n.Operator = []string{"ani", "Budi", "ANI", "citra"}[i%4]
		all = append(all, e.MustBegin(db, n))
	}
	return all
}

// walkHistory pages through History from q until Next is "", checking page
// sizes.
func (e *Env) walkHistory(q ledger.Query) []string {
	e.T.Helper()
	var got []string
	for pages := 0; ; pages++ {
		if pages > 100 {
			e.T.Fatal("History does not end")
		}
		p, err := e.L.History(q)
		if err != nil {
			e.T.Fatal(err)
		}
		if len(p.Txns) > q.Limit || (p.Next != "" && len(p.Txns) != q.Limit && q.Operator == "") {
			e.T.Fatalf("page of %d txns with Next=%q for limit %d", len(p.Txns), p.Next, q.Limit)
		}
		got = append(got, Refs(p.Txns)...)
		if p.Next == "" {
			return got
		}
		q.Before = p.Next
	}
}

// newestFirst lists the references of all that keep keeps, newest first.
func newestFirst(all []ledger.Txn, keep func(ledger.Txn) bool) []string {
	var want []string
	for i := len(all) - 1; i >= 0; i-- {
		if keep(all[i]) {
			want = append(want, all[i].PartnerReferenceNo)
		}
	}
	return want
}

func historyPaging(e *Env) {
	all := historyFixture(e)
	day10 := JKT(2025, time.March, 10, 12, 0, 0)
	// 17:30 UTC on the 10th is 00:30 on the 11th in Jakarta.
	day11 := time.Date(2025, time.March, 10, 17, 30, 0, 0, time.UTC)
	onDay := func(d time.Time, loc *time.Location) func(ledger.Txn) bool {
		y, m, dd := d.In(loc).Date()
		return func(t ledger.Txn) bool {
			ty, tm, td := t.CreatedAt.In(loc).Date()
			return ty == y && tm == m && td == dd
		}
	}
	hasPhone := func(p string) func(ledger.Txn) bool { return func(t ledger.Txn) bool { return t.CustomerNumber == p } }
	and := func(a, b func(ledger.Txn) bool) func(ledger.Txn) bool {
		return func(t ledger.Txn) bool { return a(t) && b(t) }
	}
	// Makassar (WITA) is an hour ahead of Jakarta: its day starts at
	// 23:00 Jakarta time.
	wita, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		e.T.Fatal(err)
	}
	tests := []struct {
		name  string
		q     ledger.Query
		keep  func(ledger.Txn) bool
		count int
	}{
		{"all", ledger.Query{}, func(ledger.Txn) bool { return true }, 45},
		{"day 10", ledger.Query{Day: day10}, onDay(day10, Jakarta), 20},
		{"day 11 given in UTC", ledger.Query{Day: day11}, onDay(day11, Jakarta), 25},
		{"day 11 in WITA", ledger.Query{Day: day11, Location: wita}, onDay(day11, wita), 45},
		{"empty day", ledger.Query{Day: JKT(2025, time.March, 12, 0, 0, 0)}, func(ledger.Txn) bool { return false }, 0},
		{"phone", ledger.Query{Phone: phones[0]}, hasPhone(phones[0]), 15},
		{"phone that prefixes another", ledger.Query{Phone: phones[2]}, hasPhone(phones[2]), 15},
		{"unknown phone", ledger.Query{Phone: "0899"}, func(ledger.Txn) bool { return false }, 0},
		{"phone and day", ledger.Query{Phone: phones[1], Day: day10}, and(hasPhone(phones[1]), onDay(day10, Jakarta)), 7},
	}
	for _, tc := range tests {
		want := newestFirst(all, tc.keep)
		if len(want) != tc.count {
			e.T.Fatalf("%s: fixture gives %d, test expects %d", tc.name, len(want), tc.count)
		}
		for _, limit := range []int{1, 7, 20, 45, 500} {
			q := tc.q
			q.Limit = limit
			if got := e.walkHistory(q); !slices.Equal(got, want) {
				e.T.Fatalf("%s, limit %d: got  %v\nwant %v", tc.name, limit, got, want)
			}
		}
	}
}

// The operator filter is case-insensitive and pages like the others.
func historyOperator(e *Env) {
	all := historyFixture(e)
	want := newestFirst(all, func(t ledger.Txn) bool { return strings.EqualFold(t.Operator, "ani") })
	if len(want) != 23 {
		e.T.Fatalf("fixture gives %d txns of ani", len(want))
	}
	for _, limit := range []int{1, 5, 23, 100} {
		if got := e.walkHistory(ledger.Query{Operator: "aNi", Limit: limit}); !slices.Equal(got, want) {
			e.T.Fatalf("operator aNi, limit %d: got %v\nwant %v", limit, got, want)
		}
	}
	if got := e.walkHistory(ledger.Query{Operator: "dewi", Limit: 5}); len(got) != 0 {
		e.T.Fatalf("unknown operator: %v", got)
	}
}

func historyDefaultsAndCursor(e *Env) {
	all := historyFixture(e)
	db := e.L
	p, err := db.History(ledger.Query{})
	if err != nil {
		e.T.Fatal(err)
	}
	if len(p.Txns) != ledger.DefaultHistoryLimit || p.Next == "" {
		e.T.Fatalf("default page: %d txns, next %q", len(p.Txns), p.Next)
	}
	if !reflect.DeepEqual(p.Txns[0], all[44]) {
		e.T.Fatalf("newest = %+v, want %+v", p.Txns[0], all[44])
	}
	// New transactions arriving between pages do not shift the cursor.
	e.Clock.Set(JKT(2025, time.March, 11, 9, 0, 0))
	e.MustBegin(db, NewTxn(5))
	p2, err := db.History(ledger.Query{Before: p.Next, Limit: 3})
	if err != nil {
		e.T.Fatal(err)
	}
	if want := Refs([]ledger.Txn{all[24], all[23], all[22]}); !slices.Equal(Refs(p2.Txns), want) {
		e.T.Fatalf("page after new writes = %v, want %v", Refs(p2.Txns), want)
	}
	for _, bad := range []string{"!!!", "AAAA", "not base64 at all"} {
		_, err := db.History(ledger.Query{Before: bad})
		e.WantErr(err, ledger.ErrInvalid)
	}
}

func historyMaxLimit(e *Env) {
	db := e.L
	e.Fund(db, 1<<50)
	e.Clock.SetStep(time.Second)
	for range ledger.MaxHistoryLimit + 5 {
		e.MustBegin(db, NewTxn(1))
	}
	p, err := db.History(ledger.Query{Limit: 10_000})
	if err != nil {
		e.T.Fatal(err)
	}
	if len(p.Txns) != ledger.MaxHistoryLimit || p.Next == "" {
		e.T.Fatalf("limit 10000 gave %d txns, next %q", len(p.Txns), p.Next)
	}
}

func searchFinds(e *Env) {
	db := e.L
	e.Fund(db, 1<<40)
	budi := NewTxn(50_000)
	siti := NewTxn(20_000)
	siti.CustomerNumber, siti.CustomerName = "081298767890", "Siti Rahayu"
	b1 := e.MustBegin(db, budi)
	s1 := e.MustBegin(db, siti)
	budi.ExternalID += "-again"
	b2 := e.MustBegin(db, budi)
	b1 = e.MustSettle(db, b1.PartnerReferenceNo, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: "OVO20250310ABC", Code: "2003800"})
	db = e.Reopen() // the index is durable with the transactions

	for _, tc := range []struct {
		kind ledger.SearchKind
		term string
		want []string
	}{
		{ledger.SearchPhoneEnd, "7890", []string{b2.PartnerReferenceNo, s1.PartnerReferenceNo, b1.PartnerReferenceNo}},
		{ledger.SearchPhoneEnd, "98767890", []string{s1.PartnerReferenceNo}},
		{ledger.SearchPhoneEnd, "081234567890", []string{b2.PartnerReferenceNo, b1.PartnerReferenceNo}},
		{ledger.SearchPhoneEnd, "1234", nil},
		{ledger.SearchName, "budi", []string{b2.PartnerReferenceNo, b1.PartnerReferenceNo}},
		{ledger.SearchName, "ra", []string{s1.PartnerReferenceNo}},
		{ledger.SearchName, "santoso", []string{b2.PartnerReferenceNo, b1.PartnerReferenceNo}},
		{ledger.SearchName, "x", nil},
		{ledger.SearchOVORef, "OVO20250310ABC", []string{b1.PartnerReferenceNo}},
		{ledger.SearchOVORef, "OVO2025", nil},
	} {
		p, err := db.Search(tc.kind, tc.term, "", 0, nil)
		if err != nil {
			e.T.Fatal(err)
		}
		if got := Refs(p.Txns); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			e.T.Errorf("%c %q: %v, want %v", tc.kind, tc.term, got, tc.want)
		}
	}
	// Pages follow the cursor.
	p, err := db.Search(ledger.SearchPhoneEnd, "7890", "", 2, nil)
	if err != nil || len(p.Txns) != 2 || p.Next == "" {
		e.T.Fatalf("first page %v %v", Refs(p.Txns), err)
	}
	p, err = db.Search(ledger.SearchPhoneEnd, "7890", p.Next, 2, nil)
	if err != nil || fmt.Sprint(Refs(p.Txns)) != fmt.Sprint([]string{b1.PartnerReferenceNo}) || p.Next != "" {
		e.T.Fatalf("second page %v %q %v", Refs(p.Txns), p.Next, err)
	}
	_, err = db.Search(ledger.SearchName, "budi", "!!", 2, nil)
	e.WantErr(err, ledger.ErrInvalid)
}

// keep drops transactions after the index matched; pages still fill and
// the cursor goes on after the last transaction looked at.
func searchKeep(e *Env) {
	db := e.L
	e.Fund(db, 1<<40)
	var refs []string
	for i := range 12 {
		n := NewTxn(int64(1000 + i))
		refs = append(refs, e.MustBegin(db, n).PartnerReferenceNo)
	}
	even := func(t ledger.Txn) bool { return t.Amount%2 == 0 }
	var got []string
	before := ""
	for pages := 0; ; pages++ {
		if pages > 20 {
			e.T.Fatal("Search does not end")
		}
		p, err := db.Search(ledger.SearchName, "budi", before, 4, even)
		if err != nil {
			e.T.Fatal(err)
		}
		for _, t := range p.Txns {
			if !even(t) {
				e.T.Fatalf("keep was ignored: %+v", t)
			}
		}
		got = append(got, Refs(p.Txns)...)
		if p.Next == "" {
			break
		}
		before = p.Next
	}
	var want []string
	for i := len(refs) - 1; i >= 0; i-- {
		if i%2 == 0 {
			want = append(want, refs[i])
		}
	}
	if !slices.Equal(got, want) {
		e.T.Fatalf("search with keep: %v, want %v", got, want)
	}
}

// RangeTxns visits [from, to) oldest first; RangeOtherTxns leaves out one
// shift's transactions; an error from fn stops the walk and is returned.
func rangeTxns(e *Env) {
	all := historyFixture(e)
	db := e.L
	from, to := all[5].CreatedAt, all[40].CreatedAt
	var got []string
	if err := db.RangeTxns(from, to, func(t ledger.Txn) error {
		got = append(got, t.PartnerReferenceNo)
		return nil
	}); err != nil {
		e.T.Fatal(err)
	}
	if want := Refs(all[5:40]); !slices.Equal(got, want) {
		e.T.Fatalf("RangeTxns = %v\nwant %v", got, want)
	}
	stop := fmt.Errorf("stop")
	n := 0
	err := db.RangeTxns(time.Time{}, all[44].CreatedAt.Add(time.Second), func(ledger.Txn) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		e.T.Fatalf("RangeTxns with a stopping fn: %v after %d", err, n)
	}
	// No shift id: RangeOtherTxns is RangeTxns.
	got = nil
	if err := db.RangeOtherTxns(from, to, "", func(t ledger.Txn) error {
		got = append(got, t.PartnerReferenceNo)
		return nil
	}); err != nil || !slices.Equal(got, Refs(all[5:40])) {
		e.T.Fatalf("RangeOtherTxns without a shift = %v, %v", got, err)
	}
}
