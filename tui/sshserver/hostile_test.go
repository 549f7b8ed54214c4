package sshserver

import (
	"runtime"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/tui"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// A client that says its terminal is 2147483647×2147483647 (in the pty-req
// and in window changes) gets a 500×200 frame, and one that says 0×0 gets
// 80×24: both work, and memory and output stay bounded.
func TestHostileTerminalSizes(t *testing.T) {
	f := serve(t, testenv.Options{}, nil)
	before := heapInUse()

	huge := f.dial("siti", sshtest.Options{Width: tui.MaxWidth, Height: tui.MaxHeight, PtySize: &[2]int{2147483647, 2147483647}})
	huge.WaitFor("Cashier menu", "Cashier: siti")
	huge.WindowChangeRaw(2147483647, 2147483647)
	huge.WindowChangeRaw(1_000_000, 1_000_000)
	huge.Key("4")
	huge.WaitFor("Merchant deposit")
	// A 500×200 frame is a few KB; a frame at the size the client claimed
	// would be gigabytes (1,000,000 columns alone: 3 MB per rule line).
	if n := huge.OutputBytes(); n > 512<<10 {
		t.Fatalf("%d bytes of output for three frames", n)
	}

	zero := f.dial("budi", sshtest.Options{Width: tui.DefaultWidth, Height: tui.DefaultHeight, PtySize: &[2]int{0, 0}})
	zero.WaitFor("Cashier menu", "Cashier: Budi Kasir")
	zero.Key("4")
	zero.WaitFor("Merchant deposit")
	zero.WindowChangeRaw(0, 0)
	zero.Key(sshtest.Esc)
	zero.WaitFor("Cashier menu")

	if grew := int64(heapInUse()) - int64(before); grew > 64<<20 {
		t.Fatalf("the heap grew by %d MB for two sessions", grew>>20)
	}
	huge.Key(sshtest.Esc)
	huge.WaitFor("Cashier menu")
	for _, c := range []*sshtest.Client{huge, zero} {
		c.Key("q")
		if err := c.Wait(10 * time.Second); err != nil {
			t.Fatalf("quit: %v", err)
		}
	}
}
