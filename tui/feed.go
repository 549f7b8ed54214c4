package tui

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// Feed carries the service's events to many sessions at the cost of one:
// it holds the process's one subscription, reads the deposit once per
// changed transaction (an event then carries the deposit with the
// transaction), and keeps for each session a mailbox of only what that
// session shows. A session on a screen that shows no transaction gets no
// transaction; a deposit reaches a session only when a figure it shows
// changed (the available amount in the header, or any figure on the
// deposit screen). A burst of events wakes an idle session once.
//
// One Feed serves every session of a process (sshserver makes one); a
// session without one (New with Options.Feed nil) makes its own.
type Feed struct {
	svc   *cashier.Service
	unsub func()
	done  chan struct{}
	once  sync.Once

	mu    sync.Mutex
	boxes map[*mailbox]struct{}
	last  *cashier.Deposit // the latest deposit delivered or read, for resend
}

// NewFeed subscribes to svc's events until Close.
func NewFeed(svc *cashier.Service) *Feed {
	ch, unsub := svc.Subscribe()
	f := &Feed{svc: svc, unsub: unsub, done: make(chan struct{}), boxes: map[*mailbox]struct{}{}}
	go f.run(ch)
	return f
}

// Close ends the subscription; the sessions get nothing more.
func (f *Feed) Close() {
	f.once.Do(func() {
		f.unsub()
		close(f.done)
	})
}

func (f *Feed) run(ch <-chan cashier.Event) {
	for {
		select {
		case <-f.done:
			return
		case ev := <-ch:
			f.deliver(ev)
		}
	}
}

// deliver hands ev to every mailbox that shows something of it.
func (f *Feed) deliver(ev cashier.Event) {
	// Under f.mu: a mailbox opened meanwhile (subscribe) reads the deposit
	// under it too, so it never misses a change.
	f.mu.Lock()
	defer f.mu.Unlock()
	dep := ev.Deposit
	if dep == nil && ev.Txn != nil {
		// A transaction moved the mirror (reserved, debited, released):
		// read it once here, not once per session.
		if d, err := f.svc.Deposit(); err == nil {
			dep = &d
		}
	}
	if dep != nil {
		f.last = dep
	}
	for b := range f.boxes {
		b.put(ev.Txn, dep)
	}
}

// resend gives b the latest deposit again, after what its session shows
// changed (its interest): a deposit that arrived while the session did not
// show it (before the terminal's size was known, say) is shown now. It
// reads no ledger: the feed keeps the latest one.
func (f *Feed) resend(b *mailbox) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.last != nil {
		b.put(nil, f.last)
	}
}

// What a session shows of the events (mailbox.interest).
const (
	showsTxns          = 1 << iota // the screen on top follows transactions
	showsDepositDetail             // the screen on top shows every figure of the deposit
	showsNoHeader                  // the header (available deposit) is not on screen
	showsDepositInBody             // the screen on top shows the available deposit too
)

// mailbox is what one session has not yet taken: the deposit as it is now
// (if it changed in a way the session shows) and the transactions changed
// (the latest of each, if the session follows transactions).
type mailbox struct {
	interest atomic.Int32
	// follows, when set, is the one transaction the screen on top follows
	// (screens.OneTxnFollower): other transactions are not kept, and do not
	// wake the session ("" keeps none). Nil: every transaction is kept.
	follows atomic.Pointer[string]
	wake    chan struct{} // one token: something is waiting

	mu         sync.Mutex
	shown      cashier.Deposit // the last deposit the session took
	known      bool
	dep        *cashier.Deposit
	txns       []cashier.Txn
	headerSent time.Time // when a deposit for the header alone was last taken
	holding    bool      // the session waits (holdFor) before taking a header's deposit
	// hurried: the session's own money call was answered (hurry); the
	// deposit it moved is taken at once, not at the header's slot. Its
	// events went by while the result did not know its transaction
	// (screens.OneTxnFollower), so they could not bring it.
	hurried bool
	// phase is this session's slot in each headerEvery (random, fixed), and
	// due when its header's deposit is taken (zero: not yet decided).
	// Sessions take a header's deposit at their own slot, so a thousand
	// headers are drawn spread over headerEvery, not in one burst that a
	// lone cashier's top up would wait behind.
	phase time.Duration
	due   time.Time
}

// headerEvery paces a deposit that only the header shows: a session takes
// one at its own slot, one every headerEvery, at most one a slot and never
// sooner than headerEvery−headerSlack after the last (the latest; nothing
// is lost). With a thousand
// sessions connected, every top up changes every header: drawn and sent to
// each at once, that was most of the server's work for a top up (sshload:
// 9.9× the CPU of a top up with nobody else connected; 4.2× paced at one
// second). A screen that shows the deposit in its body (checkout, the
// deposit screen) and a transaction for a screen that follows it are never
// held: the header is a glance, the checkout is where the deposit decides.
const headerEvery = 3 * time.Second

// headerSlack is how late a header may have taken its deposit after its
// slot and still take the next one at the next slot (holdFor).
const headerSlack = headerEvery / 4

// holdFor is how long the session should wait before taking what its
// mailbox holds: 0 unless it is only a header's deposit, the last one
// taken less than headerEvery−headerSlack ago or its slot not yet come.
func (b *mailbox) holdFor(now time.Time) time.Duration {
	in := b.interest.Load()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.txns) > 0 || b.dep == nil || !b.known || b.hurried || in&(showsDepositDetail|showsDepositInBody) != 0 {
		b.holding = false
		return 0
	}
	if b.due.IsZero() {
		// The first slot at least headerSlack short of headerEvery after
		// the last: a header takes its deposit a little after its slot (its
		// goroutine runs late), and the slot a full headerEvery after that
		// is the one after next — every other slot, 2×headerEvery.
		due := b.headerSent.Add(headerEvery - headerSlack)
		if due.Before(now) {
			due = now
		}
		off := (b.phase - time.Duration(due.UnixNano())%headerEvery + headerEvery) % headerEvery
		b.due = due.Add(off)
	}
	d := max(0, b.due.Sub(now))
	b.holding = d > 0
	return d
}

// maxPending bounds the transactions a mailbox keeps for a session that
// does not take them (the oldest go; a history screen re-reads anyway).
const maxPending = 64

func (b *mailbox) put(t *cashier.Txn, d *cashier.Deposit) {
	in := b.interest.Load()
	b.mu.Lock()
	changed := false
	if t != nil && in&showsTxns != 0 && b.keeps(t.PartnerReferenceNo) {
		changed = true
		replaced := false
		for i := range b.txns {
			if b.txns[i].PartnerReferenceNo == t.PartnerReferenceNo {
				b.txns[i], replaced = *t, true
			}
		}
		if !replaced {
			if len(b.txns) >= maxPending {
				b.txns = b.txns[1:]
			}
			b.txns = append(b.txns, *t)
		}
	}
	urgent := changed || b.hurried || in&(showsDepositDetail|showsDepositInBody) != 0 // anything but a header's deposit
	if d != nil {
		if depositShows(in, b.known, b.shown, *d) {
			b.dep, changed = d, true
		} else {
			// Back to what the session shows (a reservation released): a
			// deposit still waiting for the session is older than this one
			// and must not be taken after it.
			b.dep = nil
		}
	}
	// A session holding a header's deposit (holdFor) takes the newer one
	// when its wait ends: waking it for each top up would cost a thousand
	// idle sessions a thousand wake-ups a top up.
	wake := changed && (urgent || !b.holding)
	b.mu.Unlock()
	if wake {
		b.nudge()
	}
}

// hurry takes the next deposit at once, and the one held now if any: the
// session's own money call was answered, and its header is to show what
// that call moved with its result, not at the header's slot.
func (b *mailbox) hurry() {
	b.mu.Lock()
	b.hurried = true
	held := b.dep != nil
	b.mu.Unlock()
	if held {
		b.nudge()
	}
}

// nudge wakes the session's wait (waitEvent) if it is not already due to
// wake: the one token of wake.
func (b *mailbox) nudge() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// keeps reports whether the session follows transaction ref.
func (b *mailbox) keeps(ref string) bool {
	f := b.follows.Load()
	return f == nil || *f == ref
}

// follow sets the one transaction the session follows (one false: all).
func (b *mailbox) follow(ref string, one bool) {
	if !one {
		if b.follows.Load() != nil {
			b.follows.Store(nil)
		}
		return
	}
	if f := b.follows.Load(); f == nil || *f != ref {
		b.follows.Store(&ref)
	}
}

// depositShows reports whether a session showing in, last given old (known:
// it was ever given one), would show d differently.
func depositShows(in int32, known bool, old, d cashier.Deposit) bool {
	switch {
	case !known:
		return true
	case in&showsDepositDetail != 0:
		return old != d
	case in&showsNoHeader != 0:
		return false
	}
	return old.Available != d.Available || old.RefreshedAt.IsZero() != d.RefreshedAt.IsZero()
}

// take empties the mailbox.
func (b *mailbox) take() feedMsg {
	b.mu.Lock()
	defer b.mu.Unlock()
	msg := feedMsg{dep: b.dep, txns: b.txns}
	b.due = time.Time{}
	if b.dep != nil {
		if b.known && b.interest.Load()&(showsDepositDetail|showsDepositInBody) == 0 {
			b.headerSent = time.Now()
		}
		b.shown, b.known, b.hurried = *b.dep, true, false
	}
	b.dep, b.txns = nil, nil
	return msg
}

// subscribe opens a mailbox holding the deposit as it is now: every later
// change reaches it as an event.
func (f *Feed) subscribe() *mailbox {
	b := &mailbox{wake: make(chan struct{}, 1), phase: rand.N(headerEvery)}
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, err := f.svc.Deposit(); err == nil {
		f.last = &d
		b.put(nil, &d)
	}
	f.boxes[b] = struct{}{}
	return b
}

func (f *Feed) unsubscribe(b *mailbox) {
	f.mu.Lock()
	delete(f.boxes, b)
	f.mu.Unlock()
}

// feedMsg is what changed for a session since it last looked.
type feedMsg struct {
	dep  *cashier.Deposit
	txns []cashier.Txn
}
