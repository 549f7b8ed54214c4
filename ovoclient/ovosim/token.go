package ovosim

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// token answers the B2B access token call (service 73).
func (s *Sim) token(q *request) reply {
	svc, h := q.rt.service, q.r.Header
	if rep, ok := checkContentType(q); !ok {
		return rep
	}
	for _, name := range []string{ovoclient.HeaderTimestamp, ovoclient.HeaderClientKey, ovoclient.HeaderSignature} {
		if h.Get(name) == "" {
			return missing(svc, name)
		}
	}
	tsText := h.Get(ovoclient.HeaderTimestamp)
	ts, ok := parseSNAPTime(tsText)
	if !ok {
		return badFormat(svc, ovoclient.HeaderTimestamp)
	}
	clientID := h.Get(ovoclient.HeaderClientKey)
	if clientID != s.cfg.ClientID {
		return unauthorized(svc, "Unknown client")
	}
	if !s.inWindow(ts, q.now) {
		return unauthorized(svc, "Timestamp")
	}
	if err := ovoclient.VerifyAsymmetric(s.cfg.PartnerPublicKey, clientID, tsText, h.Get(ovoclient.HeaderSignature)); err != nil {
		return unauthorized(svc, "Signature")
	}
	var body struct {
		GrantType      *string        `json:"grantType"`
		AdditionalInfo map[string]any `json:"additionalInfo"`
	}
	if rep, ok := decodeBody(svc, q.body, &body); !ok {
		return rep
	}
	switch {
	case body.GrantType == nil || *body.GrantType == "":
		return missing(svc, "grantType")
	case *body.GrantType != "client_credentials":
		return badFormat(svc, "grantType")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return answer(svc, http.StatusInternalServerError, "00", "")
	}
	if f, ok := s.takeFault(OpToken); ok {
		if f.ApplyFirst {
			s.issueToken(q.now)
		}
		return f.reply(svc)
	}
	tok := s.issueToken(q.now)
	rep := answer(svc, http.StatusOK, "00", "Successful")
	secs := int64((s.cfg.TokenTTL + time.Second - 1) / time.Second)
	rep.body = ovoclient.TokenResponse{Envelope: rep.envelope(), AccessToken: tok, TokenType: "Bearer", ExpiresIn: ovoclient.NumberText(strconv.FormatInt(secs, 10))}
	return rep
}

// issueToken makes a random opaque token valid for TokenTTL from now and
// forgets expired ones. Called with s.mu held.
func (s *Sim) issueToken(now time.Time) string {
	for t, exp := range s.tokens {
		if !now.Before(exp) {
			delete(s.tokens, t)
		}
	}
	b := make([]byte, 32)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	s.tokens[tok] = now.Add(s.cfg.TokenTTL)
	return tok
}

// tokenValid reports whether tok was issued and has not expired at now.
func (s *Sim) tokenValid(tok string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	return ok && now.Before(exp)
}
