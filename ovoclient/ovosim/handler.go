package ovosim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// serviceNone is the service code of answers to paths the sandbox does not serve.
const serviceNone = "00"

// route is one endpoint of the sandbox.
type route struct {
	op, service, method string
}

var routes = map[string]route{
	ovoclient.PathToken:       {OpToken, ovoclient.ServiceToken, http.MethodPost},
	ovoclient.PathInquiry:     {OpInquiry, ovoclient.ServiceInquiry, http.MethodPost},
	ovoclient.PathTopUp:       {OpTopUp, ovoclient.ServiceTopUp, http.MethodPost},
	ovoclient.PathTopUpStatus: {OpStatus, ovoclient.ServiceStatus, http.MethodPost},
	ovoclient.PathBalance:     {OpBalance, ovoclient.ServiceBalance, http.MethodGet},
}

// reply is one answer: status and envelope, and the whole body when there is
// more than the envelope.
type reply struct {
	status    int
	code, msg string
	body      any  // nil: the envelope alone
	hang      bool // hold the answer until the client gives up or HangMax
}

// answer is an envelope-only reply whose HTTP status is the code's first three
// digits; msg "" means SNAP's standard message.
func answer(service string, status int, caseCode, msg string) reply {
	c := ovo.Code{HTTPStatus: status, Service: service, Case: caseCode}
	if msg == "" {
		msg = c.StandardMessage()
	}
	return reply{status: status, code: c.String(), msg: msg}
}

// envelope is the shared part of a body for the reply's code and message.
func (rep reply) envelope() ovoclient.Envelope {
	return ovoclient.Envelope{ResponseCode: rep.code, ResponseMessage: rep.msg}
}

// request is one call on its way through the handler.
type request struct {
	r     *http.Request
	rt    route
	body  []byte
	now   time.Time
	token string // transactional calls: the bearer token, once verified
	extID string // transactional calls: X-EXTERNAL-ID, once verified
}

// ServeHTTP answers one SNAP call. It never panics and never answers without
// a SNAP JSON body; see the package documentation for the rules it applies.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rt, known := routes[r.URL.Path]
	service := rt.service
	if !known {
		service = serviceNone
	}
	var (
		rep     reply
		written bool
		gone    bool
	)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("ovosim: handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !written {
				rep = answer(service, http.StatusInternalServerError, "00", "")
				s.write(w, rep)
				written = true
			}
		}
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rep.status, "responseCode", rep.code, "duration", time.Since(start)}
		if gone {
			attrs = append(attrs, "clientGone", true)
		}
		s.log.Info("ovosim request", attrs...)
	}()

	if known && r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
	}
	rep = s.dispatch(r, rt, known)
	if rt.op == OpTopUp && s.cfg.Latency > 0 && !sleepCtx(r.Context(), s.cfg.Latency) {
		gone = true
		return
	}
	if !s.wait(r.Context(), rt.op) {
		gone = true
		return
	}
	if rep.hang && !sleepCtx(r.Context(), s.cfg.HangMax) {
		gone = true
		return
	}
	s.write(w, rep)
	written = true
}

// dispatch routes and answers a request, before any delay.
func (s *Sim) dispatch(r *http.Request, rt route, known bool) reply {
	if !known {
		return answer(serviceNone, http.StatusNotFound, "02", "Invalid Routing")
	}
	if r.Method != rt.method {
		return answer(rt.service, http.StatusMethodNotAllowed, "00", "")
	}
	body, err := readBody(r)
	if err != nil {
		return answer(rt.service, http.StatusBadRequest, "00", "Bad Request")
	}
	q := &request{r: r, rt: rt, body: body, now: s.now()}
	if rt.op == OpToken {
		return s.token(q)
	}
	if rep, ok := s.authenticate(q); !ok {
		return rep
	}
	return s.transact(q)
}

// transact runs an authenticated transactional call in one critical section:
// external-id check, fault, the operation, and one commit of all it changed.
func (s *Sim) transact(q *request) reply {
	svc := q.rt.service
	rep, committed := s.transactLocked(q)
	if committed {
		return rep
	}
	return answer(svc, http.StatusInternalServerError, "01", "")
}

// transactLocked is transact's critical section, then the wait until what
// it read and changed is durable (Sim.commit); committed is false when it
// may not be (the answer must then not be written).
func (s *Sim) transactLocked(q *request) (rep reply, committed bool) {
	svc := q.rt.service
	var (
		upto   uint64
		err    error
		closed bool
	)
	func() {
		s.mu.Lock()
		defer s.mu.Unlock() // also when the operation panics (ServeHTTP recovers)
		if closed = s.closed; !closed {
			rep, err = s.operate(q)
			upto = s.seq
		}
	}()
	switch {
	case closed:
		return answer(svc, http.StatusInternalServerError, "00", ""), true
	case err == nil:
		err = s.sync(upto)
	}
	if err != nil {
		s.log.Error("ovosim: committing state failed", "op", q.rt.op, "err", err)
		return rep, false
	}
	return rep, true
}

// operate is one authenticated call's work under s.mu: external-id check,
// fault, the operation, and its change applied and queued for the state file.
func (s *Sim) operate(q *request) (reply, error) {
	svc := q.rt.service
	s.settleDue(q.now)
	day := jakartaDay(q.now)
	if s.st.extSeen(day, q.extID) {
		return answer(svc, http.StatusConflict, "00", "Conflict"), nil
	}
	c := &change{extDay: day, extID: q.extID, dropDays: s.st.oldDays(day)}
	f, faulty := s.takeFault(q.rt.op)
	var rep reply
	if !faulty || f.ApplyFirst {
		switch q.rt.op {
		case OpInquiry:
			rep = s.inquiry(q)
		case OpTopUp:
			rep = s.topUp(q, c)
		case OpStatus:
			rep = s.status(q)
		case OpBalance:
			rep = s.balance(q)
		}
	}
	if faulty {
		rep = f.reply(svc)
	}
	return rep, s.commit(c)
}

// readBody reads at most MaxBodyBytes of the body; more is an error.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBodyBytes {
		return nil, fmt.Errorf("body over %d bytes", MaxBodyBytes)
	}
	return b, nil
}

// write sends rep as JSON. A body that cannot be encoded becomes 500xx00.
func (s *Sim) write(w http.ResponseWriter, rep reply) {
	var body any = rep.envelope()
	if rep.body != nil {
		body = rep.body
	}
	data, ok := ovoclient.AppendJSON(make([]byte, 0, 512), body, true)
	var err error
	if !ok {
		data, err = json.Marshal(body)
	}
	if err != nil {
		s.log.Error("ovosim: encoding an answer failed", "code", rep.code, "err", err)
		svc := serviceNone
		if c, ok := ovo.ParseCode(rep.code); ok {
			svc = c.Service
		}
		rep = answer(svc, http.StatusInternalServerError, "00", "")
		data, _ = json.Marshal(rep.envelope())
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	now := s.now()
	h[keyTimestamp] = []string{ovoclient.FormatTimestamp(now)} // h.Set without canonicalising the name again
	// Date from the sandbox clock, so a client can measure its skew against it.
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	w.WriteHeader(rep.status)
	w.Write(data)
}

// sleepCtx waits d; false when ctx ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
