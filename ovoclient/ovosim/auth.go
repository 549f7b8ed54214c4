package ovosim

import (
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// snapTimeForm reports whether s has the form of a SNAP timestamp (the
// regexp ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?([+-][0-9]{2}:[0-9]{2}|Z)$):
// each byte of the pattern below is a digit where it shows 9 and itself
// elsewhere.
func snapTimeForm(s string) bool {
	const date = "9999-99-99T99:99:99"
	if len(s) < len(date) || !matches(s[:len(date)], date) {
		return false
	}
	rest := s[len(date):]
	if len(rest) > 0 && rest[0] == '.' {
		if len(rest) < 4 || !digits(rest[1:4]) {
			return false
		}
		rest = rest[4:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && matches(rest[1:], "99:99")
}

// matches reports whether s fits pattern byte for byte, '9' standing for
// any ASCII digit.
func matches(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if p := pattern[i]; p == '9' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != p {
			return false
		}
	}
	return true
}

// validExternalID reports whether s is an X-EXTERNAL-ID: 1 to 36 digits.
func validExternalID(s string) bool { return len(s) >= 1 && len(s) <= 36 && digits(s) }

// parseSNAPTime reads a SNAP timestamp: yyyy-MM-ddTHH:mm:ss, optional
// milliseconds, and a mandatory zone: a ±hh:mm offset or Z (UTC; ISO 8601's
// and W3C's TZD allow it, and third-party SNAP clients send it on UTC hosts).
func parseSNAPTime(s string) (time.Time, bool) {
	if !snapTimeForm(s) {
		return time.Time{}, false
	}
	t, err := ovoclient.ParseTimestamp(s)
	return t, err == nil
}

// missing is 400xx02 "Invalid Mandatory Field {name}".
func missing(service, name string) reply {
	return answer(service, http.StatusBadRequest, "02", "Invalid Mandatory Field {"+name+"}")
}

// badFormat is 400xx01 "Invalid Field Format {name}".
func badFormat(service, name string) reply {
	return answer(service, http.StatusBadRequest, "01", "Invalid Field Format {"+name+"}")
}

// unauthorized is 401xx00 "Unauthorized. [reason]".
func unauthorized(service, reason string) reply {
	return answer(service, http.StatusUnauthorized, "00", "Unauthorized. ["+reason+"]")
}

// checkContentType requires a JSON Content-Type on every call, the GET of
// the balance included (ASPI marks it mandatory; peer verifiers refuse a
// call without it).
func checkContentType(q *request) (reply, bool) {
	ct := q.r.Header.Get("Content-Type")
	if ct == "" {
		return missing(q.rt.service, "Content-Type"), false
	}
	if ct == "application/json" { // what clients send; ParseMediaType agrees
		return reply{}, true
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return badFormat(q.rt.service, "Content-Type"), false
	}
	return reply{}, true
}

// inWindow reports whether ts is within the timestamp window of now.
func (s *Sim) inWindow(ts, now time.Time) bool {
	d := now.Sub(ts)
	return d <= s.cfg.TimestampWindow && d >= -s.cfg.TimestampWindow
}

// headerName is a header as the answers name it and as it is stored.
type headerName struct{ name, key string }

func header(name string) headerName { return headerName{name, http.CanonicalHeaderKey(name)} }

// transactionalHeaders are the mandatory headers of a transactional call,
// in the order they are checked (authenticate reads them in this order).
var transactionalHeaders = [...]headerName{header("Authorization"), header(ovoclient.HeaderTimestamp),
	header(ovoclient.HeaderSignature), header(ovoclient.HeaderPartnerID), header(ovoclient.HeaderExternalID),
	header(ovoclient.HeaderChannelID)}

// keyTimestamp is X-TIMESTAMP's canonical form.
var keyTimestamp = http.CanonicalHeaderKey(ovoclient.HeaderTimestamp)

// first is h.Get for a key already canonical (as the server stores them).
func first(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// authenticate checks a transactional call's headers, token, timestamp
// window, signature and partner id, in the order of the package
// documentation. On success it fills q.token and q.extID.
func (s *Sim) authenticate(q *request) (reply, bool) {
	svc, h := q.rt.service, q.r.Header
	if rep, ok := checkContentType(q); !ok {
		return rep, false
	}
	var v [len(transactionalHeaders)]string
	for i, name := range transactionalHeaders {
		if v[i] = first(h, name.key); v[i] == "" {
			return missing(svc, name.name), false
		}
	}
	auth, tsText, sig, partner, extID, channel := v[0], v[1], v[2], v[3], v[4], v[5]
	ts, ok := parseSNAPTime(tsText)
	if !ok {
		return badFormat(svc, ovoclient.HeaderTimestamp), false
	}
	if !validExternalID(extID) {
		return badFormat(svc, ovoclient.HeaderExternalID), false
	}
	if len(channel) > 5 {
		return badFormat(svc, ovoclient.HeaderChannelID), false
	}
	token, ok := bearer(auth)
	if !ok || !s.tokenValid(token, q.now) {
		return answer(svc, http.StatusUnauthorized, "01", "Invalid Token (B2B)"), false
	}
	if !s.inWindow(ts, q.now) {
		return unauthorized(svc, "Timestamp"), false
	}
	if err := ovoclient.VerifySymmetric([]byte(s.cfg.ClientSecret), q.r.Method, requestTarget(q.r), token, q.body,
		tsText, sig); err != nil {
		return unauthorized(svc, "Signature"), false
	}
	if partner != s.cfg.ClientID {
		return unauthorized(svc, "Unknown partner"), false
	}
	q.token, q.extID = token, extID
	return reply{}, true
}

// bearer extracts the token of "Bearer <token>" (scheme case-insensitive).
func bearer(auth string) (string, bool) {
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// requestTarget is the relative URL as the client sent it: path and raw query.
func requestTarget(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}
