package ovosim

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

func TestPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	h := newHarness(t, func(c *Config) { c.StatePath = path; c.Deposit = 5_000_000; c.PendingFor = time.Minute })
	expect(t, h.topUp("S-OK", NumberBudi, 1_000_000), "2003800", "")
	expect(t, h.topUp("S-REF", NumberBudi, 10_000_001), "4033802", "")
	expect(t, h.topUp("S-206", NumberPendingFail, 500_000), "2023800", "")
	used := h.api(ovoclient.PathBalance, "")
	used.extID = "31337"
	expect(t, h.send(used), "2001100", "")
	if err := h.sim.Close(); err != nil {
		t.Fatal(err)
	}
	if err := h.sim.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file %v %v", fi.Mode(), err)
	}

	// A new sandbox on the same file: a different Deposit is ignored.
	key, _ := keys(t)
	sim, err := New(Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &key.PublicKey,
		Now: h.clock.Now, StatePath: path, Deposit: 99, PendingFor: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	old := h.sim
	h.sim = sim
	if d := sim.Deposit(); d != 5_000_000-1_000_000-500_000 {
		t.Fatalf("deposit %d", d)
	}
	if cu, _ := sim.Customer(NumberBudi); cu.Balance != 250_000+999_000 {
		t.Fatalf("customer %+v", cu)
	}
	// Tokens are not kept.
	expect(t, h.send(h.api(ovoclient.PathBalance, "")), "4011101", "")
	h.token = h.newToken()
	// Transactions, refusals and external ids are.
	if h.status("S-OK") != "00" || h.status("S-REF") != "06" || h.status("S-206") != "03" {
		t.Fatal("statuses lost")
	}
	expect(t, h.topUp("S-OK", NumberBudi, 1_000_000), "4093801", "")
	expect(t, h.send(used), "4091100", "Conflict")
	if sim.Applied("S-OK") != 1 {
		t.Fatal("applied count lost")
	}
	// The pending failure settles after the restart, once, durably.
	h.clock.Advance(time.Minute)
	if h.status("S-206") != "06" || sim.Deposit() != 4_000_000 {
		t.Fatalf("deposit %d", sim.Deposit())
	}
	if err := sim.SetDeposit(1234); err != nil {
		t.Fatal(err)
	}
	sim.Close()
	sim2, err := New(Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &key.PublicKey, Now: h.clock.Now, StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer sim2.Close()
	if tx, _ := sim2.Transaction("S-206"); tx.Status != "06" || !tx.Refunded || sim2.Deposit() != 1234 {
		t.Fatalf("txn %+v deposit %d", tx, sim2.Deposit())
	}
	_ = old
}

// A second sandbox on a file in use fails within about a second.
func TestStateFileLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	h := newHarness(t, func(c *Config) { c.StatePath = path })
	_ = h
	key, _ := keys(t)
	start := time.Now()
	_, err := New(Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &key.PublicKey, StatePath: path})
	if err == nil || !strings.Contains(err.Error(), "in use") || time.Since(start) > 3*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}

// After Close every call is a JSON 5xx, never a panic.
func TestClosed(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.StatePath = filepath.Join(t.TempDir(), "s.db") })
	h.sim.Close()
	expect(t, h.topUp("C1", NumberBudi, 50_000), "5003800", "")
	expect(t, h.send(h.tokenCall()), "5007300", "")
	if err := h.sim.SetDeposit(1); err == nil {
		t.Fatal("SetDeposit after Close")
	}
}

// Many concurrent top ups against a deposit that covers only some: the exact
// number succeed, the deposit never goes negative, nothing moves twice.
func TestConcurrentTopUps(t *testing.T) {
	for _, persist := range []bool{false, true} {
		t.Run(fmt.Sprint("persist=", persist), func(t *testing.T) {
			h := newHarness(t, func(c *Config) {
				c.Deposit = 10_000_000
				if persist {
					c.StatePath = filepath.Join(t.TempDir(), "s.db")
				}
			})
			const n, amount = 100, 300_000
			codes := make([]string, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					phone := fmt.Sprintf("0812%08d", i)
					ref := fmt.Sprint("CONC-", i)
					res := h.serve(h.request(h.api(ovoclient.PathTopUp, topUpBody(ref, phone, amount, DefaultFee, ""))))
					codes[i] = res.code
					// And a duplicate of every one, racing the first.
					h.serve(h.request(h.api(ovoclient.PathTopUp, topUpBody(ref, phone, amount, DefaultFee, ""))))
				}()
			}
			wg.Wait()
			ok, refused := 0, 0
			for i, c := range codes {
				switch c {
				case "2003800":
					ok++
				case "4033814", "4093801":
					refused++
				default:
					t.Fatalf("top up %d: %s", i, c)
				}
				if a := h.sim.Applied(fmt.Sprint("CONC-", i)); a > 1 {
					t.Fatalf("applied %d times", a)
				}
			}
			if ok != 33 || h.sim.Deposit() != 10_000_000-33*amount {
				t.Fatalf("%d succeeded, deposit %d", ok, h.sim.Deposit())
			}
		})
	}
}

// A state file whose pages reached the disk out of order (a power cut or an
// OS crash: it is written without fsync) has valid meta pages pointing at
// pages holding something else. New refuses it with an error naming the
// file; the process running the sandbox does not panic.
func TestDamagedStateFileIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pages func(n int64) []int64 // the pages overwritten, of n (nil: all but the metas and the freelist)
		again bool                  // a second New finds the file let go of (not after a panic inside bbolt.Open)
	}{
		{"freelist and tree", func(n int64) (p []int64) {
			for i := int64(2); i < n; i++ {
				p = append(p, i)
			}
			return p
		}, false},
		{"tree only", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sandbox.db")
			h := newHarness(t, func(c *Config) { c.StatePath = path })
			expect(t, h.topUp("D-OK", NumberBudi, 100_000), "2003800", "")
			if err := h.sim.Close(); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			fi, err := f.Stat()
			if err != nil {
				t.Fatal(err)
			}
			ps := int64(os.Getpagesize())
			junk := []byte(strings.Repeat("\xa5", int(ps)))
			pages := tc.pages
			if pages == nil {
				pages = func(n int64) (p []int64) {
					keep := freelistPages(t, f, ps)
					for i := int64(2); i < n; i++ {
						if !keep[i] {
							p = append(p, i)
						}
					}
					return p
				}
			}
			for _, p := range pages(fi.Size() / ps) {
				if _, err := f.WriteAt(junk, p*ps); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			key, _ := keys(t)
			for i := range 2 {
				if i == 1 && !tc.again {
					break
				}
				sim, err := New(Config{ClientID: testClientID, ClientSecret: testSecret, PartnerPublicKey: &key.PublicKey, StatePath: path})
				if err == nil {
					sim.Close()
					t.Fatal("a damaged state file was loaded")
				}
				if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") {
					t.Fatalf("error %q does not say which file is damaged", err)
				}
			}
		})
	}
}

// freelistPages are the pages of the freelist the newer meta page of the
// bbolt file f names (bbolt's layout: a 16-byte page header, then the
// meta's magic, version, page size, flags, root bucket (16 bytes), freelist
// page id, high page id, txid; a page header's overflow at byte 12).
func freelistPages(t *testing.T, f *os.File, ps int64) map[int64]bool {
	t.Helper()
	var best struct{ txid, freelist uint64 }
	for m := int64(0); m < 2; m++ {
		b := make([]byte, 80)
		if _, err := f.ReadAt(b, m*ps); err != nil {
			t.Fatal(err)
		}
		if txid := binary.LittleEndian.Uint64(b[64:]); txid >= best.txid {
			best.txid, best.freelist = txid, binary.LittleEndian.Uint64(b[48:])
		}
	}
	h := make([]byte, 16)
	if _, err := f.ReadAt(h, int64(best.freelist)*ps); err != nil {
		t.Fatal(err)
	}
	keep := map[int64]bool{}
	for i := int64(0); i <= int64(binary.LittleEndian.Uint32(h[12:])); i++ {
		keep[int64(best.freelist)+i] = true
	}
	return keep
}
