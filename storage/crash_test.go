package storage

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// crashChildEnv names the ledger a child process of TestKillDuringFolds
// writes to until it is killed.
const crashChildEnv = "OVO_CRASH_CHILD_LEDGER"

// TestCrashChild is the child of TestKillDuringFolds: with crashChildEnv
// set it begins and settles top ups from several goroutines (outcomes of
// every kind, so the queue fills and folds) and prints each one once its
// call has returned, until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("opt-in: the child process of TestKillDuringFolds (set OVO_LOAD=1 to run it), not a test of its own")
	}
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Println("open", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		fmt.Printf(format+"\n", args...)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(g)))
			for {
				n := newTxn(10_000)
				n.CustomerNumber = modelPhones[rng.IntN(len(modelPhones))]
				tr, err := db.Begin(n)
				if err != nil {
					say("error begin %v", err)
					return
				}
				say("begun %s", tr.PartnerReferenceNo)
				if rng.IntN(5) == 0 {
					continue // left pending, as a crash before the outcome would
				}
				o := Outcome{State: []State{StateSuccess, StateSuccess, StateFailed, StateUnknown}[rng.IntN(4)], ReferenceNo: "OVO" + tr.PartnerReferenceNo[len(tr.PartnerReferenceNo)-8:]}
				if _, err := db.Settle(tr.PartnerReferenceNo, o); err != nil {
					say("error settle %v", err)
					return
				}
				say("settled %s %s", tr.PartnerReferenceNo, o.State)
			}
		})
	}
	wg.Wait()
	os.Exit(1)
}

// A process killed (SIGKILL) at any moment while top ups are begun and
// settled, with the queue filling and folding, loses nothing and
// duplicates nothing: after each kill the ledger opens, check is clean,
// every transaction the child was told is durable is there in the state it
// was told, history walks every transaction once, and the unsettled ones
// are open for the reconciler. OVO_LOAD=1 (it runs child processes).
func TestKillDuringFolds(t *testing.T) {
	if os.Getenv("OVO_LOAD") == "" {
		t.Skip("crash command: set OVO_LOAD=1 to run")
	}
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1<<50)
	db.Close()
	told := map[string]State{} // what the children were told is durable
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		kill := time.After(time.Duration(200+rand.IntN(400)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				f := strings.Fields(l)
				switch f[0] {
				case "begun":
					told[f[1]] = StatePending
				case "settled":
					told[f[1]] = State(f[2])
				default:
					t.Fatalf("round %d: child: %s", round, l)
				}
			case <-kill:
				cmd.Process.Kill()
				kill = nil
			}
		}
		cmd.Wait()

		db, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if err := db.Check(); err != nil {
			t.Fatalf("round %d: check after kill: %v", round, err)
		}
		var walked []string
		for before := ""; ; {
			p, err := db.History(Query{Before: before, Limit: 13})
			if err != nil {
				t.Fatal(err)
			}
			walked = append(walked, refsOf(p.Txns)...)
			if before = p.Next; before == "" {
				break
			}
		}
		seen := map[string]bool{}
		for _, r := range walked {
			if seen[r] {
				t.Fatalf("round %d: %s twice in history", round, r)
			}
			seen[r] = true
		}
		for ref, st := range told {
			got, err := db.Get(ref)
			if err != nil || !seen[ref] {
				t.Fatalf("round %d: %s (told %s) lost: %v, in history %v", round, ref, st, err, seen[ref])
			}
			if st != StatePending && got.State != st {
				t.Fatalf("round %d: %s told %s, stored %s", round, ref, st, got.State)
			}
			if got.State == StateSuccess {
				if r, err := db.GetByReceipt(got.ReceiptNo); err != nil || r.PartnerReferenceNo != ref {
					t.Fatalf("round %d: receipt %s: %v", round, got.ReceiptNo, err)
				}
			}
		}
		open, err := db.Open()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range open {
			if told[o.PartnerReferenceNo] == StateSuccess || told[o.PartnerReferenceNo] == StateFailed {
				t.Fatalf("round %d: %s is final but open", round, o.PartnerReferenceNo)
			}
		}
		seqs := make([]uint64, 0, len(seen))
		for r := range seen {
			n, _ := refSeq(r)
			seqs = append(seqs, n)
		}
		slices.Sort(seqs)
		for i, n := range seqs { // a reference is used once and none is skipped
			if n != uint64(i+1) {
				t.Fatalf("round %d: the %dth reference has sequence %d", round, i+1, n)
			}
		}
		refs := seqs
		t.Logf("round %d: %d transactions, %d told, %d open", round, len(refs), len(told), len(open))
		db.Close()
	}
}
