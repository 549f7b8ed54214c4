package ovosim

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"math/big"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// newReferenceNo is an OVO-like reference: prefix, Jakarta yyyyMMddHHmmss of
// now, and 10 random digits (unique with overwhelming probability).
func newReferenceNo(prefix string, now time.Time) string {
	n, _ := rand.Int(rand.Reader, big.NewInt(10_000_000_000))
	return fmt.Sprintf("%s%s%010d", prefix, now.In(ovo.Jakarta).Format("20060102150405"), n.Int64())
}

// Session ids are self-verifying: 24 hex digits of random nonce then 24 hex
// digits of HMAC-SHA256(sessionKey, nonce|customerNumber). A top up's
// sessionId is accepted for the customer number it was issued for, across
// restarts (the key derives from the client secret), without storage.
const (
	sessionNonceLen = 24
	sessionLen      = 48
)

// newSession issues a sessionId for customerNumber.
func (s *Sim) newSession(customerNumber string) string {
	b := make([]byte, sessionNonceLen/2)
	rand.Read(b)
	nonce := hex.EncodeToString(b)
	return nonce + s.sessionMAC(nonce, customerNumber)
}

// sessionValid reports whether id was issued for customerNumber.
func (s *Sim) sessionValid(id, customerNumber string) bool {
	if len(id) != sessionLen {
		return false
	}
	nonce, mac := id[:sessionNonceLen], id[sessionNonceLen:]
	return hmac.Equal([]byte(mac), []byte(s.sessionMAC(nonce, customerNumber)))
}

// sessionMAC is the MAC part of a session id: HMAC-SHA256 of
// nonce|customerNumber under the session key, in hex, cut to length. The
// keyed states are kept in s.sessionMACs (keying one cost as much as the
// MAC).
func (s *Sim) sessionMAC(nonce, customerNumber string) string {
	m, _ := s.sessionMACs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, s.sessionKey)
	} else {
		m.Reset()
	}
	var buf [128]byte
	m.Write(append(append(append(buf[:0], nonce...), '|'), customerNumber...))
	var sum [sha256.Size]byte
	mac := hex.EncodeToString(m.Sum(sum[:0]))[:sessionLen-sessionNonceLen]
	s.sessionMACs.Put(m)
	return mac
}
