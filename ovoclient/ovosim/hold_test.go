package ovosim

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// A held top up is applied but not answered until released; other
// operations are not held; a client that leaves while held gets nothing.
func TestHoldAndRelease(t *testing.T) {
	h := newHarness(t, nil)
	held := h.sim.Hold(OpTopUp)
	if h.sim.Hold(OpTopUp) != held {
		t.Fatal("a second Hold of the same op is another hold")
	}
	done := make(chan result, 1)
	go func() { done <- h.topUp("H1", NumberBudi, 50_000) }()
	<-held.Arrived()
	select {
	case r := <-done:
		t.Fatalf("answered while held: %+v", r)
	default:
	}
	if got := h.sim.Applied("H1"); got != 1 {
		t.Fatalf("applied %d times while held", got)
	}
	h.status("H1") // not held
	held.Release()
	expect(t, <-done, "2003800", "")
	held.Release() // twice is fine
	expect(t, h.topUp("H2", NumberBudi, 50_000), "2003800", "")

	// A client that leaves while held: nothing written, still applied.
	held = h.sim.Hold(OpTopUp)
	defer held.Release()
	ctx, cancel := context.WithCancel(context.Background())
	req := h.request(h.api(ovoclient.PathTopUp, topUpBody("H3", NumberBudi, 50_000, DefaultFee, ""))).WithContext(ctx)
	w := httptest.NewRecorder()
	served := make(chan struct{})
	go func() { h.sim.ServeHTTP(w, req); close(served) }()
	<-held.Arrived()
	cancel()
	<-served
	if w.Body.Len() != 0 || h.sim.Applied("H3") != 1 {
		t.Fatalf("wrote %q, applied %d", w.Body, h.sim.Applied("H3"))
	}
}
