package ovoclient

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// ErrBadSignature is matched by every signature verification failure.
var ErrBadSignature = errors.New("signature does not verify")

// AsymmetricStringToSign is what the token call signs: clientId + "|" + X-TIMESTAMP.
func AsymmetricStringToSign(clientID, timestamp string) string {
	return clientID + "|" + timestamp
}

// SignAsymmetric signs the token call: SHA256withRSA (PKCS#1 v1.5) over
// AsymmetricStringToSign, Base64 (standard). PKCS#1 v1.5 is deterministic, so
// the same key and inputs always give the same signature (SNAP.md's vector).
func SignAsymmetric(key *rsa.PrivateKey, clientID, timestamp string) (string, error) {
	if key == nil {
		return "", errors.New("sign token request: no private key")
	}
	sum := sha256.Sum256([]byte(AsymmetricStringToSign(clientID, timestamp)))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("sign token request: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// VerifyAsymmetric checks a token call's X-SIGNATURE with the partner's public
// key; the error matches ErrBadSignature.
func VerifyAsymmetric(pub *rsa.PublicKey, clientID, timestamp, signature string) error {
	sig, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return fmt.Errorf("%w: not Base64: %v", ErrBadSignature, err)
	}
	sum := sha256.Sum256([]byte(AsymmetricStringToSign(clientID, timestamp)))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return nil
}

// Minify returns body without insignificant whitespace, field order kept. A
// body that is not JSON is returned as it is: the signature then covers its
// exact bytes.
func Minify(body []byte) []byte {
	if !hasLooseSpace(body) {
		// Nothing to take out (what Compact would return for valid JSON,
		// and body is what an invalid one gets): the request bodies this
		// client marshals are already minified.
		return body
	}
	var b bytes.Buffer
	if err := json.Compact(&b, body); err != nil {
		return body
	}
	return b.Bytes()
}

// hasLooseSpace reports whether body has JSON whitespace outside its
// strings (for valid JSON: whether Compact would change it).
func hasLooseSpace(body []byte) bool {
	inString, escaped := false, false
	for _, c := range body {
		switch {
		case escaped:
			escaped = false
		case inString:
			if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			return true
		}
	}
	return false
}

// BodyHash is lowercase(hex(sha256(minify(body)))); an empty body hashes the
// empty string.
func BodyHash(body []byte) string {
	sum := sha256.Sum256(Minify(body))
	return hex.EncodeToString(sum[:])
}

// SymmetricStringToSign is what a transactional call signs:
// METHOD:relativeURL:accessToken:bodyHash:timestamp.
func SymmetricStringToSign(method, relativeURL, accessToken string, body []byte, timestamp string) string {
	return string(appendStringToSign(nil, method, relativeURL, accessToken, body, timestamp))
}

// appendStringToSign appends SymmetricStringToSign's text to dst.
func appendStringToSign(dst []byte, method, relativeURL, accessToken string, body []byte, timestamp string) []byte {
	sum := sha256.Sum256(Minify(body))
	for i := 0; i < len(method); i++ { // strings.ToUpper, for the ASCII of an HTTP method
		c := method[i]
		if c >= 0x80 {
			dst = append(dst[:len(dst)-i], strings.ToUpper(method)...)
			break
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	dst = append(dst, ':')
	dst = append(dst, relativeURL...)
	dst = append(dst, ':')
	dst = append(dst, accessToken...)
	dst = append(dst, ':')
	dst = hex.AppendEncode(dst, sum[:])
	dst = append(dst, ':')
	return append(dst, timestamp...)
}

// keyedMAC is an HMAC-SHA512 keyed with key, kept in macs between calls:
// keying one (two SHA-512 states and their pads) cost as much as the MAC
// of a call.
type keyedMAC struct {
	key []byte
	h   hash.Hash
	buf []byte // the string to sign
}

var macs sync.Pool

// symmetricMAC is HMAC-SHA512(secret, SymmetricStringToSign(...)).
func symmetricMAC(secret []byte, method, relativeURL, accessToken string, body []byte, timestamp string) []byte {
	m, _ := macs.Get().(*keyedMAC)
	if m == nil || !bytes.Equal(m.key, secret) {
		m = &keyedMAC{key: bytes.Clone(secret), h: hmac.New(sha512.New, secret)}
	} else {
		m.h.Reset()
	}
	m.buf = appendStringToSign(m.buf[:0], method, relativeURL, accessToken, body, timestamp)
	m.h.Write(m.buf)
	sum := m.h.Sum(make([]byte, 0, sha512.Size))
	macs.Put(m)
	return sum
}

// SignSymmetric signs a transactional call: HMAC-SHA512 keyed with the client
// secret's raw bytes over SymmetricStringToSign, Base64 (standard).
func SignSymmetric(secret []byte, method, relativeURL, accessToken string, body []byte, timestamp string) string {
	return base64.StdEncoding.EncodeToString(symmetricMAC(secret, method, relativeURL, accessToken, body, timestamp))
}

// VerifySymmetric checks a transactional call's X-SIGNATURE in constant time;
// the error matches ErrBadSignature.
func VerifySymmetric(secret []byte, method, relativeURL, accessToken string, body []byte, timestamp, signature string) error {
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return fmt.Errorf("%w: not Base64: %v", ErrBadSignature, err)
	}
	if !hmac.Equal(got, symmetricMAC(secret, method, relativeURL, accessToken, body, timestamp)) {
		return ErrBadSignature
	}
	return nil
}

// ParsePrivateKeyPEM reads an RSA private key from PEM, PKCS#1 ("RSA PRIVATE
// KEY") or PKCS#8 ("PRIVATE KEY").
func ParsePrivateKeyPEM(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("private key: no PEM block found")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("private key: %q block is neither PKCS#1 nor PKCS#8 RSA: %v", block.Type, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key: %T is not RSA; SNAP needs an RSA key", k)
	}
	return rk, nil
}

// ParsePublicKeyPEM reads an RSA public key from PEM, X.509/PKIX ("PUBLIC
// KEY") or PKCS#1 ("RSA PUBLIC KEY").
func ParsePublicKeyPEM(data []byte) (*rsa.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("public key: no PEM block found")
	}
	if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("public key: %q block is neither PKIX nor PKCS#1 RSA: %v", block.Type, err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("public key: %T is not RSA; SNAP needs an RSA key", k)
	}
	return rk, nil
}
