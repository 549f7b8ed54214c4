package ovosim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// A record holds every field of every kind of change, exactly; a record
// cut short or with bytes left over is an error, never a panic.
func TestRecordRoundTrip(t *testing.T) {
	jkt := time.Date(2026, 12, 2, 9, 30, 1, 123456789, ovo.Jakarta)
	full := &change{
		customers: []Customer{{Number: NumberBudi, Name: "Budi Santoso", State: AccountActive, Behavior: BehaviorPendingFail,
			Balance: 1_249_000, Month: "2026-12", MonthlyIn: 999_000}},
		txns: []Txn{{PartnerReferenceNo: "R-1", ReferenceNo: "OVO1", ExternalID: "123", SessionID: "s", CustomerNumber: NumberBudi,
			CustomerName: "Budi Santoso", Amount: 1_000_000, Fee: 1_000, ResponseCode: "2023800", ResponseMessage: "Request In Progress",
			Status: "03", StatusDesc: "Pending", PendingOutcome: "06", SettleAt: jkt.Add(time.Minute), Applied: 1, Refunded: true,
			Received: jkt.UTC(), Settled: time.Time{}}},
		extDay: "20261202", extID: "2026120200000000001", dropDays: []string{"20261130", "20261201"}, dropTxns: []string{"R-0"},
	}
	full.setDeposit(-5) // a record does not judge; the sandbox does
	cs := []*change{full, {}, {extDay: "d", extID: "e"}}
	rec := appendRecord(nil, cs)
	got, err := decodeRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(cs) {
		t.Fatalf("%d changes, want %d", len(got), len(cs))
	}
	for i := range cs {
		// Times compare by instant and offset, as the JSON of schema 1 kept them.
		if !reflect.DeepEqual(normalise(got[i]), normalise(cs[i])) {
			t.Errorf("change %d:\n got %+v\nwant %+v", i, got[i], cs[i])
		}
	}
	if tx := got[0].txns[0]; !tx.SettleAt.Equal(jkt.Add(time.Minute)) || tx.SettleAt.Format(time.RFC3339Nano) != jkt.Add(time.Minute).Format(time.RFC3339Nano) {
		t.Errorf("settleAt %v", tx.SettleAt)
	}
	for n := 0; n < len(rec); n++ {
		if _, err := decodeRecord(rec[:n]); err == nil {
			t.Fatalf("a record cut to %d of %d bytes decoded", n, len(rec))
		}
	}
	if _, err := decodeRecord(append(rec, 0)); err == nil {
		t.Fatal("a record with a byte left over decoded")
	}
}

// A record whose bytes changed on the disk (a power cut tore a page; NoSync
// writes them in any order) is an error naming the file as damaged, never a
// different state read silently: a changed byte of a reference or an amount
// would decode to another transaction (the sandbox forgetting one it applied)
// or another balance. Every single-byte change of a record is caught.
func TestRecordDamageIsAnError(t *testing.T) {
	jkt := time.Date(2026, 12, 2, 9, 30, 1, 0, ovo.Jakarta)
	c := &change{txns: []Txn{{PartnerReferenceNo: "R-1", ReferenceNo: "OVO1", ExternalID: "123", CustomerNumber: NumberBudi,
		Amount: 25_000, Fee: 1_000, ResponseCode: "2003800", Status: "00", Applied: 1, Received: jkt}},
		customers: []Customer{{Number: NumberBudi, Name: "Budi Santoso", State: AccountActive, Balance: 274_000}}}
	c.setDeposit(49_975_000)
	rec := appendRecord(nil, []*change{c})
	for i := range rec {
		for _, flip := range []byte{0x01, 0x20, 0x80} {
			bad := append([]byte(nil), rec...)
			bad[i] ^= flip
			if _, err := decodeRecord(bad); err == nil {
				t.Fatalf("byte %d of %d xor %#x: the damaged record decoded", i, len(rec), flip)
			}
		}
	}
	// A record of the first format (no checksum), as a file written before
	// it has them, still reads.
	old := appendRecordV1(nil, []*change{c})
	if got, err := decodeRecord(old); err != nil || !reflect.DeepEqual(normalise(got[0]), normalise(c)) {
		t.Fatalf("format 1 record: %+v, %v", got, err)
	}
}

// normalise is c with its times as RFC 3339 text (instant and offset).
func normalise(c *change) any {
	type txn struct {
		Txn
		SettleAt, Received, Settled string
	}
	var ts []txn
	for _, t := range c.txns {
		f := func(v time.Time) string {
			if v.IsZero() {
				return ""
			}
			return v.Format(time.RFC3339Nano)
		}
		n := txn{Txn: t, SettleAt: f(t.SettleAt), Received: f(t.Received), Settled: f(t.Settled)}
		n.Txn.SettleAt, n.Txn.Received, n.Txn.Settled = time.Time{}, time.Time{}, time.Time{}
		ts = append(ts, n)
	}
	var dep *int64
	if c.deposit != nil {
		dep = c.deposit
	}
	return []any{dep, c.customers, ts, c.extDay, c.extID, c.dropDays, c.dropTxns}
}

// A state file of schema 1 (a bucket per kind, JSON values) is read and
// rewritten as schema 2 when opened: nothing it remembered is lost.
func TestStateFileSchema1Upgraded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	clock := newClock()
	now := clock.Now()
	day := jakartaDay(now)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	budi := Customer{Number: NumberBudi, Name: "Budi Santoso", State: AccountActive, Balance: 300_000,
		Month: now.In(ovo.Jakarta).Format("2006-01"), MonthlyIn: 49_000}
	ok := Txn{PartnerReferenceNo: "V1-OK", ReferenceNo: "OVO1", ExternalID: "111", CustomerNumber: NumberBudi, CustomerName: "Budi Santoso",
		Amount: 50_000, Fee: 1_000, ResponseCode: "2003800", ResponseMessage: "Successful", Status: "00", StatusDesc: "Success",
		Applied: 1, Received: now, Settled: now}
	pend := Txn{PartnerReferenceNo: "V1-206", ExternalID: "112", CustomerNumber: NumberPendingFail, Amount: 20_000, Fee: 1_000,
		ResponseCode: "2023800", Status: "03", PendingOutcome: "06", SettleAt: now.Add(time.Minute), Applied: 1, Received: now}
	err = db.Update(func(tx *bbolt.Tx) error {
		meta, _ := tx.CreateBucket([]byte("meta"))
		meta.Put([]byte("schema"), []byte("1"))
		meta.Put([]byte("deposit"), []byte("4930000"))
		cus, _ := tx.CreateBucket([]byte("customers"))
		v, _ := json.Marshal(budi)
		cus.Put([]byte(budi.Number), v)
		txns, _ := tx.CreateBucket([]byte("txns"))
		for _, t := range []Txn{ok, pend} {
			v, _ := json.Marshal(t)
			txns.Put([]byte(t.PartnerReferenceNo), v)
		}
		ext, _ := tx.CreateBucket([]byte("extids"))
		d, _ := ext.CreateBucket([]byte(day))
		return d.Put([]byte("31337"), []byte{})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, nil)
	h.clock = clock
	for round := range 2 { // the upgrade, then the file as upgraded
		h.start(func(c *Config) { c.StatePath = path; c.PendingFor = time.Minute })
		if d := h.sim.Deposit(); d != 4_930_000 {
			t.Fatalf("round %d: deposit %d", round, d)
		}
		if cu, _ := h.sim.Customer(NumberBudi); cu.Balance != 300_000 || cu.MonthlyIn != 49_000 {
			t.Fatalf("round %d: customer %+v", round, cu)
		}
		if got, _ := h.sim.Transaction("V1-OK"); !got.Received.Equal(now) || got.ReferenceNo != "OVO1" || got.Applied != 1 {
			t.Fatalf("round %d: txn %+v", round, got)
		}
		if h.status("V1-OK") != "00" || h.status("V1-206") != "03" {
			t.Fatalf("round %d: statuses", round)
		}
		used := h.api(ovoclient.PathBalance, "")
		used.extID = "31337"
		expect(t, h.send(used), "4091100", "Conflict")
		h.sim.Close()
	}
	db, err = bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bbolt.Tx) error {
		if s := tx.Bucket(bucketMeta).Get(keySchema); string(s) != schemaVersion {
			t.Errorf("schema %q after the upgrade", s)
		}
		for _, name := range []string{"customers", "txns", "extids"} {
			if tx.Bucket([]byte(name)) != nil {
				t.Errorf("schema 1's bucket %s left behind", name)
			}
		}
		if tx.Bucket(bucketMeta).Get(keyDeposit) != nil {
			t.Error("schema 1's deposit left behind")
		}
		return nil
	})
}

// A state file of a schema this sandbox does not know is refused with an
// error naming the file and both schemas; it is left as it was.
func TestStateFileUnknownSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bbolt.Tx) error {
		meta, _ := tx.CreateBucket([]byte("meta"))
		return meta.Put([]byte("schema"), []byte("9"))
	})
	db.Close()
	before, _ := os.ReadFile(path)
	key, _ := keys(t)
	_, err = New(Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &key.PublicKey, StatePath: path})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `schema "9"`) || !strings.Contains(err.Error(), `reads "2"`) {
		t.Fatalf("err = %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("the file was changed")
	}
}

// Every commit appends one record; a log grown past twice what the state
// holds is rewritten as a snapshot when opened, and the state is the same.
func TestStateLogCompacted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	h := newHarness(t, func(c *Config) { c.StatePath = path; c.Deposit = 1 << 40 })
	state := func(c *Config) { c.StatePath = path }
	records := func() (n int, bytes int) {
		h.t.Helper()
		db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.View(func(tx *bbolt.Tx) error {
			return tx.Bucket(bucketLog).ForEach(func(k, v []byte) error { n, bytes = n+1, bytes+len(k)+len(v); return nil })
		})
		return n, bytes
	}
	// Many balance calls: each consumes an external id (a record each),
	// and a day later they are all forgotten.
	const calls = 1000
	for range calls {
		expect(t, h.send(h.api(ovoclient.PathBalance, "")), "2001100", "")
	}
	h.sim.Close()
	n, bytes := records()
	if n != 1+calls { // the new file's snapshot (the deposit), then a record a call
		t.Fatalf("%d records after %d calls", n, calls)
	}
	h.clock.Advance(48 * time.Hour)
	h.start(state)
	expect(t, h.send(h.api(ovoclient.PathBalance, "")), "2001100", "") // drops the old day
	h.sim.Close()
	if n2, _ := records(); n2 != n+1 {
		t.Fatalf("%d records, want %d (not compacted: the log is small)", n2, n+1)
	}
	// Past the slack, with every id but the last call's forgotten:
	// opening compacts.
	defer func(s int) { compactSlack = s }(compactSlack)
	compactSlack = bytes / 2
	h.start(state)
	dep := h.sim.Deposit()
	h.sim.Close()
	if n, bytes := records(); n > 2 || bytes > 1024 {
		t.Fatalf("%d records of %d bytes after compaction", n, bytes)
	}
	h.start(state)
	if d := h.sim.Deposit(); d != dep || d != 1<<40 {
		t.Fatalf("deposit %d after compaction, was %d", d, dep)
	}
}

// Compaction keeps the whole state: every customer, transaction (pending
// ones stay pending, forgotten ones stay forgotten), external id and the
// deposit, as the log replayed them before.
func TestStateLogCompactionKeepsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	b, _, err := openBolt(path, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	jkt := time.Date(2026, 12, 2, 9, 0, 0, 0, ovo.Jakarta)
	var cs []*change
	for i := range 50 {
		c := &change{extDay: "20261202", extID: string(rune('a'+i%26)) + "x"}
		c.setDeposit(1_000_000 - int64(i)*1000)
		c.putCustomer(Customer{Number: NumberBudi, Name: "Budi", State: AccountActive, Balance: int64(i) * 1000})
		status := ovo.StatusSuccess
		if i%7 == 0 {
			status = ovo.StatusPending
		}
		c.putTxn(Txn{PartnerReferenceNo: "R" + string(rune('A'+i%20)), Amount: int64(i), Status: status, Received: jkt.Add(time.Duration(i) * time.Second)})
		if i == 49 {
			c.dropTxns = []string{"RB"}
			c.dropDays = []string{"20261201"}
		}
		if i == 5 {
			c.extDay, c.extID = "20261201", "old"
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		if err := b.commit([]*change{c}); err != nil {
			t.Fatal(err)
		}
	}
	b.close()
	open := func() *state {
		t.Helper()
		b, st, err := openBolt(path, 1)
		if err != nil {
			t.Fatal(err)
		}
		b.close()
		return st
	}
	before := open()
	if _, ok := before.txns["RB"]; ok || len(before.pending) == 0 || before.extIDs["20261201"] != nil {
		t.Fatalf("replay: %+v", before)
	}
	defer func(s int) { compactSlack = s }(compactSlack)
	compactSlack = -1 << 30 // always
	compacted := open()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	records := 0
	db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketLog).ForEach(func(_, _ []byte) error { records++; return nil })
	})
	db.Close()
	if records != 1 { // 1 + 50 before: one snapshot record now
		t.Fatalf("%d records after compaction", records)
	}
	compactSlack = 1 << 30
	after := open()
	if !reflect.DeepEqual(before, compacted) || !reflect.DeepEqual(before, after) {
		t.Fatalf("before %+v\ncompacted %+v\nafter %+v", before, compacted, after)
	}
}

// appendRecordV1 writes a record of the first format: no checksum.
func appendRecordV1(dst []byte, cs []*change) []byte {
	return appendChanges(append(dst, recordFormatV1), cs)
}
