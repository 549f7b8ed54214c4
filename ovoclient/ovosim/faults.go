package ovosim

import (
	"net/http"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Operation names for InjectFault.
const (
	OpToken   = "token"
	OpInquiry = "inquiry"
	OpTopUp   = "topup"
	OpStatus  = "status"
	OpBalance = "balance"
)

// Fault replaces the answer of the next call(s) of one operation. A fault is
// consumed by a request that passed authentication (and, for transactional
// calls, the external-id check); requests refused before that do not consume
// it.
type Fault struct {
	// HTTPStatus is the status sent; default the Code's first three digits,
	// or 504 for a Hang and 500 otherwise. A status that disagrees with Code
	// is sent as is, to test a client against an inconsistent answer.
	HTTPStatus int
	// Code is the responseCode; default HTTPStatus + the operation's service
	// code + "00". A Code that is not seven digits is replaced by the default.
	Code string
	// Message is the responseMessage; default SNAP's standard message.
	Message string
	// ApplyFirst processes the request normally (a top up moves money if the
	// business rules allow) before the fault replaces its answer. Without it
	// nothing is applied or remembered.
	ApplyFirst bool
	// Hang holds the answer until the client gives up (nothing is written)
	// or Config.HangMax passes (then the fault is answered).
	Hang bool
	// Times is how many consecutive calls get the fault; default 1.
	Times int
}

// InjectFault queues f for the next call(s) of op: OpToken, OpInquiry,
// OpTopUp, OpStatus or OpBalance (any other name never fires). Faults of one
// op are used in the order injected.
func (s *Sim) InjectFault(op string, f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[op] = append(s.faults[op], f)
}

// takeFault consumes one use of the first fault queued for op. Called with
// s.mu held.
func (s *Sim) takeFault(op string) (Fault, bool) {
	q := s.faults[op]
	if len(q) == 0 {
		return Fault{}, false
	}
	f := q[0]
	q[0].Times--
	if q[0].Times <= 0 {
		q = q[1:]
	}
	if len(q) == 0 {
		delete(s.faults, op)
	} else {
		s.faults[op] = q
	}
	return f, true
}

// reply is the fault's answer for a service.
func (f Fault) reply(service string) reply {
	status := f.HTTPStatus
	code, ok := ovo.ParseCode(f.Code)
	if ok && status == 0 {
		status = code.HTTPStatus
	}
	if status < 200 || status > 599 {
		status = http.StatusInternalServerError
		if f.Hang {
			status = http.StatusGatewayTimeout
		}
	}
	if !ok {
		code = ovo.Code{HTTPStatus: status, Service: service, Case: "00"}
	}
	msg := f.Message
	if msg == "" {
		msg = code.StandardMessage()
	}
	if msg == "" {
		msg = "Injected Fault"
	}
	return reply{status: status, code: code.String(), msg: msg, hang: f.Hang}
}
