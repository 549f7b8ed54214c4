package golive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// Runner runs scenarios against one OVO host and writes their evidence.
type Runner struct {
	// Client is the client to test, built with Recorder.Instrument (or at
	// least with Recorder.Trace as its Config.Trace). Required.
	Client *ovoclient.Client
	// Recorder collects the exchanges and redacts them. Required.
	Recorder *Recorder
	// OutDir receives one evidence file per scenario plus summary.txt and
	// summary.json. It is created (0700) if absent and must hold none of
	// those files yet. Required.
	OutDir string
	// Params are the scenarios' inputs, for the limits they assume.
	Params Params
	// Environment and BaseURL are written into the evidence ("staging",
	// "https://app.byte-stack.net").
	Environment, BaseURL string
	// Now is the clock of the evidence; default time.Now.
	Now func() time.Time
	// Progress, when set, is called after each scenario.
	Progress func(Result)
}

// Report is the outcome of a run.
type Report struct {
	Environment, BaseURL string
	Dir                  string // where the evidence is
	Results              []Result
	Started, Ended       time.Time
}

// Counts are how many scenarios passed, failed and were not applicable.
func (rep *Report) Counts() (pass, fail, na int) {
	for _, res := range rep.Results {
		switch res.Verdict {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			na++
		}
	}
	return pass, fail, na
}

// OK reports that no scenario failed (N/A is not a failure).
func (rep *Report) OK() bool {
	_, fail, _ := rep.Counts()
	return fail == 0
}

// Run runs the scenarios in order, judging each, and writes one evidence
// file per scenario as soon as it is judged. The error is about the evidence
// (a file that cannot be written, or that would hold a secret); a scenario
// that fails is a Result, not an error. A cancelled ctx stops the run after
// the scenario in progress.
func (r *Runner) Run(ctx context.Context, scenarios []Scenario) (*Report, error) {
	if r.Client == nil || r.Recorder == nil || r.OutDir == "" {
		return nil, errors.New("golive: Runner needs Client, Recorder and OutDir")
	}
	now := r.Now
	if now == nil {
		now = time.Now
	}
	if err := PrepareOutDir(r.OutDir, scenarios); err != nil {
		return nil, err
	}
	p := r.Params.withDefaults()
	rs := &runState{client: r.Client, rec: r.Recorder, p: p, now: now, minAmount: p.MinAmount, maxAmount: p.MaxAmount}
	r.Recorder.Take() // exchanges before the run belong to no scenario
	rep := &Report{Environment: r.Environment, BaseURL: r.BaseURL, Dir: r.OutDir, Started: now()}
	for _, sc := range scenarios {
		if ctx.Err() != nil {
			break
		}
		rs.steps, rs.notes = nil, nil
		res := Result{Scenario: sc, Started: now()}
		o := sc.run(ctx, rs)
		res.Ended = now()
		res.Verdict, res.Got, res.Reason = o.verdict, r.Recorder.Redact(o.got), r.Recorder.Redact(o.reason)
		for _, n := range rs.notes {
			res.Notes = append(res.Notes, r.Recorder.Redact(n))
		}
		res.Exchanges = len(rs.steps)
		path := filepath.Join(r.OutDir, evidenceName(sc))
		if err := r.writeEvidence(path, res, rs.steps); err != nil {
			rep.Results = append(rep.Results, res)
			rep.Ended = now()
			return rep, err
		}
		res.Evidence = path
		rep.Results = append(rep.Results, res)
		if r.Progress != nil {
			r.Progress(res)
		}
	}
	rep.Ended = now()
	if err := r.writeSummary(rep); err != nil {
		return rep, err
	}
	return rep, ctx.Err()
}

func evidenceName(sc Scenario) string { return fmt.Sprintf("%02d-%s.json", sc.Number, sc.Slug) }

// PrepareOutDir creates dir (0700) if absent and checks that it holds none
// of the files a run of scenarios writes: evidence of two runs must never
// mix. Run calls it too; a front end may call it first to refuse a bad
// directory before anything starts.
func PrepareOutDir(dir string, scenarios []Scenario) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("evidence directory: %w", err)
	}
	names := []string{"summary.txt", "summary.json"}
	for _, sc := range scenarios {
		names = append(names, evidenceName(sc))
	}
	var exist []string
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			exist = append(exist, n)
		}
	}
	if len(exist) > 3 {
		exist = append(exist[:3], fmt.Sprintf("%d more", len(exist)-3))
	}
	if len(exist) > 0 {
		return fmt.Errorf("%s already holds evidence (%s): choose a new directory", dir, strings.Join(exist, ", "))
	}
	return nil
}

// Evidence file layout (JSON).
type (
	evidenceFile struct {
		Tool        string             `json:"tool"`
		Scenario    evidenceScenario   `json:"scenario"`
		Environment string             `json:"environment"`
		BaseURL     string             `json:"baseUrl"`
		Verdict     Verdict            `json:"verdict"`
		Expected    string             `json:"expected"`
		Got         string             `json:"got"`
		Reason      string             `json:"reason,omitempty"`
		Notes       []string           `json:"notes,omitempty"`
		Started     string             `json:"started"`
		Ended       string             `json:"ended"`
		Redaction   string             `json:"redaction"`
		Exchanges   []evidenceExchange `json:"exchanges"`
	}
	evidenceScenario struct {
		Number   int      `json:"number"`
		Title    string   `json:"title"`
		Service  string   `json:"service"`
		Polarity Polarity `json:"polarity"`
		Origin   string   `json:"origin"`
		Sends    string   `json:"sends"`
		Expects  string   `json:"expects"`
	}
	evidenceExchange struct {
		Step           string           `json:"step"`
		Operation      string           `json:"operation"`
		Method         string           `json:"method"`
		URL            string           `json:"url"`
		Started        string           `json:"started"`
		Ended          string           `json:"ended"`
		DurationMillis int64            `json:"durationMs"`
		StringToSign   string           `json:"stringToSign,omitempty"`
		Request        evidenceRequest  `json:"request"`
		Response       evidenceResponse `json:"response"`
		TransportError string           `json:"transportError,omitempty"`
	}
	evidenceRequest struct {
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body,omitempty"`
		// BodySHA256 is lowercase hex SHA-256 of the minified body: the hash
		// inside the string-to-sign of a transactional call.
		BodySHA256 string `json:"bodySha256,omitempty"`
	}
	evidenceResponse struct {
		Status  int               `json:"status,omitempty"`
		Headers map[string]string `json:"headers,omitempty"`
		Body    json.RawMessage   `json:"body,omitempty"`
	}
)

const redactionNote = "every access token (Authorization header, string-to-sign, token answer), every X-SIGNATURE and the client secret are replaced by " + Redacted

// writeEvidence writes one scenario's file, redacted; it refuses to write a
// file that would still hold a secret.
func (r *Runner) writeEvidence(path string, res Result, steps []step) error {
	sc := res.Scenario
	ef := evidenceFile{
		Tool:        "ovocashier uat",
		Scenario:    evidenceScenario{sc.Number, sc.Title, sc.Service, sc.Polarity, sc.Origin, sc.Sends, sc.Expects},
		Environment: r.Environment, BaseURL: r.Recorder.Redact(r.BaseURL),
		Verdict: res.Verdict, Expected: sc.Expected, Got: res.Got, Reason: res.Reason, Notes: res.Notes,
		Started: ovoclient.FormatTimestamp(res.Started), Ended: ovoclient.FormatTimestamp(res.Ended),
		Redaction: redactionNote,
		Exchanges: []evidenceExchange{},
	}
	for _, s := range steps {
		ef.Exchanges = append(ef.Exchanges, r.redactExchange(s))
	}
	return r.writeJSON(path, ef)
}

func (r *Runner) redactExchange(s step) evidenceExchange {
	ex := s.ex
	red := r.Recorder.Redact
	e := evidenceExchange{
		Step: s.purpose, Operation: ex.Op, Method: ex.Method, URL: red(ex.URL),
		Started: ovoclient.FormatTimestamp(ex.Started), Ended: ovoclient.FormatTimestamp(ex.Ended),
		DurationMillis: ex.Ended.Sub(ex.Started).Milliseconds(),
		StringToSign:   red(ex.StringToSign),
		Request:        evidenceRequest{Headers: r.headers(ex.RequestHeader), Body: r.body(ex.RequestBody)},
		Response:       evidenceResponse{Status: ex.Status, Headers: r.headers(ex.ResponseHeader), Body: r.body(ex.ResponseBody)},
	}
	if ex.Method != http.MethodGet || len(ex.RequestBody) > 0 {
		e.Request.BodySHA256 = ovoclient.BodyHash(ex.RequestBody)
	}
	if ex.TransportErr != nil {
		e.TransportError = red(ex.TransportErr.Error())
	}
	return e
}

// headers redacts by name (Authorization keeps its scheme, X-SIGNATURE goes
// whole) and then by value.
func (r *Runner) headers(h http.Header) map[string]string {
	if h == nil {
		return nil
	}
	out := make(map[string]string, len(h))
	for k, vs := range h {
		v := strings.Join(vs, ", ")
		switch http.CanonicalHeaderKey(k) {
		case "Authorization":
			scheme, _, _ := strings.Cut(v, " ")
			v = scheme + " " + Redacted
		case http.CanonicalHeaderKey(ovoclient.HeaderSignature):
			v = Redacted
		}
		out[k] = r.Recorder.Redact(v)
	}
	return out
}

// body is the redacted body as JSON: itself when it is JSON, else a string.
func (r *Runner) body(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	s := r.Recorder.Redact(string(b))
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	q, _ := json.Marshal(s)
	return q
}

// writeJSON writes v indented to a new file (0600), after a last pass of
// redaction over the bytes and a check that no secret is left.
func (r *Runner) writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("golive: evidence %s: %w", path, err)
	}
	return r.writeFile(path, buf.Bytes())
}

func (r *Runner) writeFile(path string, data []byte) error {
	data = []byte(r.Recorder.Redact(string(data)))
	if leaks := r.Recorder.Leaks(data); len(leaks) > 0 {
		return fmt.Errorf("golive: evidence %s would still hold %s; not written", path, strings.Join(leaks, ", "))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("golive: %s exists already; evidence is never overwritten", path)
		}
		return fmt.Errorf("golive: evidence: %w", err)
	}
	if err := writeSyncClose(f, data); err != nil {
		return fmt.Errorf("golive: evidence %s: %w", path, err)
	}
	return nil
}

// summaryJSON is summary.json: the table, for machines.
type summaryJSON struct {
	Tool        string        `json:"tool"`
	Environment string        `json:"environment"`
	BaseURL     string        `json:"baseUrl"`
	Started     string        `json:"started"`
	Ended       string        `json:"ended"`
	Passed      int           `json:"passed"`
	Failed      int           `json:"failed"`
	NotApplic   int           `json:"notApplicable"`
	Scenarios   []summaryLine `json:"scenarios"`
}

type summaryLine struct {
	Number   int      `json:"number"`
	Title    string   `json:"title"`
	Service  string   `json:"service"`
	Polarity Polarity `json:"polarity"`
	Origin   string   `json:"origin"`
	Expected string   `json:"expected"`
	Got      string   `json:"got"`
	Verdict  Verdict  `json:"verdict"`
	Reason   string   `json:"reason,omitempty"`
	Evidence string   `json:"evidence"`
}

func (r *Runner) writeSummary(rep *Report) error {
	var txt bytes.Buffer
	rep.WriteTable(&txt)
	if err := r.writeFile(filepath.Join(rep.Dir, "summary.txt"), txt.Bytes()); err != nil {
		return err
	}
	pass, fail, na := rep.Counts()
	s := summaryJSON{Tool: "ovocashier uat", Environment: rep.Environment, BaseURL: rep.BaseURL,
		Started: ovoclient.FormatTimestamp(rep.Started), Ended: ovoclient.FormatTimestamp(rep.Ended),
		Passed: pass, Failed: fail, NotApplic: na, Scenarios: []summaryLine{}}
	for _, res := range rep.Results {
		sc := res.Scenario
		s.Scenarios = append(s.Scenarios, summaryLine{sc.Number, sc.Title, sc.Service, sc.Polarity, sc.Origin, sc.Expected,
			res.Got, res.Verdict, res.Reason, filepath.Base(res.Evidence)})
	}
	return r.writeJSON(filepath.Join(rep.Dir, "summary.json"), s)
}

// WriteTable prints the pass/fail table, then the reason of every scenario
// that failed or was not applicable, then the totals.
func (rep *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "UAT against %s (%s), %s WIB\n\n", rep.Environment, rep.BaseURL, rep.Started.In(ovo.Jakarta).Format("2006-01-02 15:04:05"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSCENARIO\tSERVICE\tEXPECTED\tGOT\tRESULT\tEVIDENCE")
	for _, res := range rep.Results {
		sc := res.Scenario
		ev := filepath.Base(res.Evidence)
		if res.Evidence == "" {
			ev = "(not written)"
		}
		fmt.Fprintf(tw, "%d\t%s (%s)\t%s\t%s\t%s\t%s\t%s\n", sc.Number, sc.Title, sc.Polarity, sc.Service, sc.Expected,
			shorten(res.Got, 48), res.Verdict, ev)
	}
	tw.Flush()
	var notes []Result
	for _, res := range rep.Results {
		if res.Verdict != Pass {
			notes = append(notes, res)
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, res := range notes {
			fmt.Fprintf(w, "%d %s: %s\n", res.Scenario.Number, res.Verdict, res.Reason)
		}
	}
	var tokenFailed, hmacRefused bool
	for _, res := range rep.Results {
		tokenFailed = tokenFailed || strings.Contains(res.Reason, tokenPrefix)
		if c, ok := ovo.ParseCode(strings.SplitN(res.Got, " ", 2)[0]); ok && c.HTTPStatus == http.StatusUnauthorized && c.Case == "00" {
			hmacRefused = true
		}
	}
	if tokenFailed {
		fmt.Fprintln(w, "\nhint: the access-token (B2B) call failed, so nothing else could be asked. Check OVO_CLIENT_ID, that OVO")
		fmt.Fprintln(w, "registered the public key of OVO_PRIVATE_KEY_FILE, that this machine's public IP is whitelisted, and the")
		fmt.Fprintln(w, "clock (X-TIMESTAMP must be within minutes of OVO's).")
	}
	if hmacRefused {
		fmt.Fprintln(w, "\nhint: OVO refused a transactional call as Unauthorized (401xx00): check OVO_CLIENT_SECRET, OVO_PARTNER_ID")
		fmt.Fprintln(w, "and the clock.")
	}
	pass, fail, na := rep.Counts()
	fmt.Fprintf(w, "\n%d passed, %d failed, %d not applicable; evidence in %s\n", pass, fail, na, rep.Dir)
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(slices.Clip(r[:n-1])) + "…"
}
