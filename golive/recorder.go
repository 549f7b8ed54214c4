package golive

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// Redacted replaces every secret in the evidence.
const Redacted = "[REDACTED]"

// Recorder collects the HTTP exchanges of an ovoclient.Client for evidence,
// and learns the secrets they carry so that Redact can remove them by value:
// the client secret (given), every access token (from Authorization headers
// and token answers) and every X-SIGNATURE. It is safe for concurrent use.
type Recorder struct {
	mu        sync.Mutex
	secrets   map[string]struct{}
	exchanges []ovoclient.Exchange
}

// NewRecorder returns a Recorder that redacts clientSecret (and everything
// it learns later).
func NewRecorder(clientSecret string) *Recorder {
	r := &Recorder{secrets: map[string]struct{}{}}
	r.learn(clientSecret)
	return r
}

// Instrument makes cfg report to r: Trace records every exchange, then
// calls the Trace cfg already had, if any.
func (r *Recorder) Instrument(cfg *ovoclient.Config) {
	prev := cfg.Trace
	cfg.Trace = func(ex ovoclient.Exchange) {
		r.Trace(ex)
		if prev != nil {
			prev(ex)
		}
	}
}

// Trace records one exchange; use it as ovoclient.Config.Trace.
func (r *Recorder) Trace(ex ovoclient.Exchange) {
	ex.RequestHeader = ex.RequestHeader.Clone()
	ex.ResponseHeader = ex.ResponseHeader.Clone()
	ex.RequestBody = bytes.Clone(ex.RequestBody)
	ex.ResponseBody = bytes.Clone(ex.ResponseBody)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range []http.Header{ex.RequestHeader, ex.ResponseHeader} {
		for _, v := range h.Values("Authorization") {
			r.learnLocked(v)
			if _, tok, ok := strings.Cut(v, " "); ok {
				r.learnLocked(strings.TrimSpace(tok))
			}
		}
		for _, v := range h.Values(ovoclient.HeaderSignature) {
			r.learnLocked(v)
		}
	}
	for _, tok := range accessTokens(ex.ResponseBody) {
		r.learnLocked(tok)
	}
	r.exchanges = append(r.exchanges, ex)
}

// Take returns the exchanges recorded since the last Take, unredacted.
func (r *Recorder) Take() []ovoclient.Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.exchanges
	r.exchanges = nil
	return out
}

// Redact replaces every known secret in s by Redacted.
func (r *Recorder) Redact(s string) string {
	for _, v := range r.secretVariants() {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}

// Leaks describes each known secret still in b by its length, never its
// value; empty means b is clean.
func (r *Recorder) Leaks(b []byte) []string {
	var out []string
	for _, v := range r.secretVariants() {
		if bytes.Contains(b, []byte(v)) {
			out = append(out, "a secret of "+strconv.Itoa(len(v))+" characters")
		}
	}
	return out
}

// secretVariants is every secret and its JSON-escaped forms, longest first
// (so a secret that contains another is removed whole).
func (r *Recorder) secretVariants() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.secrets))
	for s := range r.secrets {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return out
}

func (r *Recorder) learn(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.learnLocked(s)
}

// learnLocked adds s and the forms it takes inside JSON strings. Called with
// r.mu held. Values too short to be a secret are not learnt (they would only
// garble the evidence).
func (r *Recorder) learnLocked(s string) {
	if len(s) < 4 || s == Redacted {
		return
	}
	r.secrets[s] = struct{}{}
	for _, html := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if enc.Encode(s) == nil {
			q := strings.TrimSuffix(b.String(), "\n")
			if e := q[1 : len(q)-1]; e != s {
				r.secrets[e] = struct{}{}
			}
		}
	}
}

// accessTokenRE finds an accessToken field even in an answer that is not
// valid JSON as a whole.
var accessTokenRE = regexp.MustCompile(`"accessToken"\s*:\s*"((?:[^"\\]|\\.)*)"`)

// accessTokens are the accessToken values in a response body.
func accessTokens(body []byte) []string {
	var out []string
	var tr struct {
		AccessToken any `json:"accessToken"`
	}
	if json.Unmarshal(body, &tr) == nil {
		if s, ok := tr.AccessToken.(string); ok {
			out = append(out, s)
		}
	}
	for _, m := range accessTokenRE.FindAllSubmatch(body, -1) {
		out = append(out, string(m[1])) // as escaped in the body
		var s string
		if json.Unmarshal(append(append([]byte{'"'}, m[1]...), '"'), &s) == nil {
			out = append(out, s)
		}
	}
	return out
}
