package ledgertest

import (
	"fmt"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Search cases at the edges of the index: terms longer than the longest
// indexed start, and names whose letters take more than one byte.
func init() {
	Register(
		Case{Name: "Search/LongAndMultibyteNames", Run: searchLongNames},
	)
}

// searchLongNames: a term longer than ledger.MaxNamePrefix finds the names
// with a word starting with all of it (not only its first MaxNamePrefix
// bytes), and names with letters of several bytes are written and found,
// also by a start that cuts a letter in two (what a term clipped at
// MaxNamePrefix bytes may be), on every backend alike.
func searchLongNames(e *Env) {
	db := e.L
	e.Fund(db, 1<<40)
	long := e.MustBegin(db, named("Muhammadrizkyramadhanputrapratama Siregar"))
	twin := e.MustBegin(db, named("Muhammadrizkyramadhanputrapratiwi"))
	jose := e.MustBegin(db, named("José Ñandú"))
	accents := e.MustBegin(db, named("Aéééééééééééé Dewi")) // 25 bytes: the 24th is half an é
	db = e.Reopen()

	cut := "aéééééééééééé"[:ledger.MaxNamePrefix]
	for _, tc := range []struct {
		term string
		want []string
	}{
		{"muhammadrizkyramadhanputrapratama", []string{long.PartnerReferenceNo}},
		{"muhammadrizkyramadhanputrapratiwi", []string{twin.PartnerReferenceNo}},
		{"muhammadrizkyramadhanputra", []string{twin.PartnerReferenceNo, long.PartnerReferenceNo}},
		{"muhammadrizkyramadhanput", []string{twin.PartnerReferenceNo, long.PartnerReferenceNo}}, // exactly MaxNamePrefix
		{"muhammadrizkyramadhanputrax", nil},
		{"muhammadrizkyramadhanputrapratamax", nil},
		{"siregar", []string{long.PartnerReferenceNo}},
		{"josé", []string{jose.PartnerReferenceNo}},
		{"jos", []string{jose.PartnerReferenceNo}},
		{"jos\xc3", []string{jose.PartnerReferenceNo}},
		{"ñandú", []string{jose.PartnerReferenceNo}},
		{"ña", []string{jose.PartnerReferenceNo}},
		{"aéééééééééééé", []string{accents.PartnerReferenceNo}},
		{cut, []string{accents.PartnerReferenceNo}},
		{"aééééééééééééé", nil},
		{"dewi", []string{accents.PartnerReferenceNo}},
	} {
		p, err := db.Search(ledger.SearchName, tc.term, "", 0, nil)
		if err != nil {
			e.T.Errorf("%q: %v", tc.term, err)
			continue
		}
		if got := Refs(p.Txns); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			e.T.Errorf("%q (%d bytes): %v, want %v", tc.term, len(tc.term), got, tc.want)
		}
	}
	// A long term pages like any other: one a page, the cursor between.
	term := "muhammadrizkyramadhanputra"
	p, err := db.Search(ledger.SearchName, term, "", 1, nil)
	if err != nil || fmt.Sprint(Refs(p.Txns)) != fmt.Sprint([]string{twin.PartnerReferenceNo}) || p.Next == "" {
		e.T.Fatalf("first page of %q: %v next %q, %v", term, Refs(p.Txns), p.Next, err)
	}
	p, err = db.Search(ledger.SearchName, term, p.Next, 1, nil)
	if err != nil || fmt.Sprint(Refs(p.Txns)) != fmt.Sprint([]string{long.PartnerReferenceNo}) {
		e.T.Fatalf("second page of %q: %v next %q, %v", term, Refs(p.Txns), p.Next, err)
	}
	got, err := db.Get(jose.PartnerReferenceNo)
	if err != nil || got.CustomerName != "José Ñandú" || !strings.HasPrefix(got.CustomerName, "José") {
		e.T.Fatalf("the name reads back as %q (%v)", got.CustomerName, err)
	}
	e.Check(db)
}

// named is NewTxn(10_000) for a customer called name.
func named(name string) ledger.NewTxn {
	n := NewTxn(10_000)
	n.CustomerName = name
	return n
}
