package ovoclient

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"testing"
)

const (
	vectorClientID  = "962489e9-de5d-4eb7-92a4-b07d44d64bf4"
	vectorTimestamp = "2020-01-01T00:00:00+07:00"
	vectorSignature = "X/lph2iR9UKSJ5tZw4/nLuS/tkbtYx+121kvkleRrJj1xFw/zVB/shastWcS9tzu21fnzQYk4lRliqt5S9JRjJ5bZsnH/Jc+cq7q/GJtMwRxJXglX6vfZ/2Q4HXSOBWY9toXN35/T8lS71KS1mxcp5dByWs3RZjJdBReBRy18yvHskhlV5G/pwUnxpAkdSSIVgFpGbFBAhCmAX95+V1bDczlMUOw3z9PyQ97nOMJ/aSfSA7kcJpJrAFwGf/W+8TbjDTZ151smpwyctGRPPMQ6IN85N7q1IN/1EBE5TsATlh2ekSygv4PfKX8V1Z5aSz5m2Cs35J9pCg4rFAskWiU4Q=="

	fixtureSecret = "xS3vNQQgJRemFF0SZfXkZOq3r7kQ9n5YJgK4Wg0tVCQ="
	fixtureToken  = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiJhOGQ2YmVkNS05MzdkLTQzZTUtYTlkMi1hYWY0ODFlZjc2YTIiLCJjbGllbnRJZCI6IjZhZTk1N2M0LTI4NjMtNDcxMy1hY2NlLWJhMTJkZTYzNmNmYyIsIm5iZiI6MTYxMTM4NjM4NywiZXhwIjoxNjExMzg3Mjg3LCJpYXQiOjE2MTEzODYzODd9.nUillb6567_zkM6Ys35OOG-YWGoo7Ik1odPJn1tR-ao"
	fixtureTopUp  = `{"partnerReferenceNo":"2020102900000000000001","customerNumber":"081234567890","customerName":"John Doe","amount":{"value":"10000.00","currency":"IDR"},"feeAmount":{"value":"0.00","currency":"IDR"},"transactionDate":"2020-12-21T17:01:11+07:00"}`
)

func loadVectorKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	b, err := os.ReadFile("testdata/snap-vector-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParsePrivateKeyPEM(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestAsymmetricVector(t *testing.T) {
	key := loadVectorKey(t)
	got, err := SignAsymmetric(key, vectorClientID, vectorTimestamp)
	if err != nil {
		t.Fatal(err)
	}
	if got != vectorSignature {
		t.Fatalf("signature\n got %s\nwant %s", got, vectorSignature)
	}
	pubPEM, err := os.ReadFile("testdata/snap-vector-key.pub.pem")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKeyPEM(pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyAsymmetric(pub, vectorClientID, vectorTimestamp, got); err != nil {
		t.Fatalf("verify: %v", err)
	}
	if err := VerifyAsymmetric(pub, vectorClientID, "2020-01-01T00:00:01+07:00", got); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("verify with another timestamp: %v, want ErrBadSignature", err)
	}
}

// The vector key re-encoded as PKCS#8 and the public key as PKCS#1 must give
// the same results: both encodings are accepted.
func TestKeyEncodings(t *testing.T) {
	key := loadVectorKey(t)
	der8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	pkcs8 := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der8})
	for name, p := range map[string][]byte{"pkcs1": pkcs1, "pkcs8": pkcs8} {
		k, err := ParsePrivateKeyPEM(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sig, _ := SignAsymmetric(k, vectorClientID, vectorTimestamp)
		if sig != vectorSignature {
			t.Fatalf("%s: signature differs from the vector", name)
		}
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	for name, p := range map[string][]byte{
		"pkix":  pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}),
		"pkcs1": pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)}),
	} {
		pub, err := ParsePublicKeyPEM(p)
		if err != nil {
			t.Fatalf("public %s: %v", name, err)
		}
		if err := VerifyAsymmetric(pub, vectorClientID, vectorTimestamp, vectorSignature); err != nil {
			t.Fatalf("public %s: %v", name, err)
		}
	}
	other, _ := rsa.GenerateKey(rand.Reader, 1024)
	if err := VerifyAsymmetric(&other.PublicKey, vectorClientID, vectorTimestamp, vectorSignature); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("wrong key verified: %v", err)
	}
	for _, bad := range []string{"", "not pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"} {
		if _, err := ParsePrivateKeyPEM([]byte(bad)); err == nil {
			t.Fatalf("ParsePrivateKeyPEM(%q) accepted", bad)
		}
		if _, err := ParsePublicKeyPEM([]byte(bad)); err == nil {
			t.Fatalf("ParsePublicKeyPEM(%q) accepted", bad)
		}
	}
}

func TestSymmetricFixtures(t *testing.T) {
	tests := []struct {
		name, method, path, ts, body, hash, want string
	}{
		{"topup", "POST", PathTopUp, "2020-12-21T17:07:11+07:00", fixtureTopUp,
			"2a73b2c59bed0fbfec17b50c0f012e4610b013b6ece3b79d53faff0dd6ea9efd",
			"CGNn0K4tDp6gFBXAj8B4USncyYgeWozs8Bo1uHdb+ecr9XlyYsmTWOMdCU1ONaMusTDhM6EP1oXOcHM+1EBLlA=="},
		{"balance", "GET", PathBalance, "2020-12-21T17:07:11+07:00", "",
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"F5hk3/naEDB62XVSOZlPyqy1BTIEwLOd6IfAEEjyy2C6Qg2+d7KRot36GFwsQ1ds3orqTbC7uRYLiGsmlenaTQ=="},
		{"balance-inquiry", "POST", "/api/v1/balance-inquiry", "2020-01-01T00:00:00+07:00", "",
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"x9ZV9yL2yB0YRnrLjTn6q7D9azmd1+jNONbyHQW9BegSbENg0KmZVJZgQ37NmMQIsexRQgoZERX2rw9jlEAhrw=="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if h := BodyHash([]byte(tc.body)); h != tc.hash {
				t.Fatalf("body hash %s, want %s", h, tc.hash)
			}
			got := SignSymmetric([]byte(fixtureSecret), tc.method, tc.path, fixtureToken, []byte(tc.body), tc.ts)
			if got != tc.want {
				t.Fatalf("signature\n got %s\nwant %s", got, tc.want)
			}
			if err := VerifySymmetric([]byte(fixtureSecret), tc.method, tc.path, fixtureToken, []byte(tc.body), tc.ts, got); err != nil {
				t.Fatal(err)
			}
			if err := VerifySymmetric([]byte("other"), tc.method, tc.path, fixtureToken, []byte(tc.body), tc.ts, got); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("wrong secret verified: %v", err)
			}
		})
	}
}

// The top up fixture body is exactly what the client serialises a
// TopUpRequest to (MarshalBody, the very bytes it signs and sends), and its
// signature is SNAP.md's.
func TestTopUpRequestMarshalsToFixture(t *testing.T) {
	b, err := MarshalBody(TopUpRequest{
		PartnerReferenceNo: "2020102900000000000001", CustomerNumber: "081234567890", CustomerName: "John Doe",
		Amount: IDR(10000), FeeAmount: IDR(0), TransactionDate: "2020-12-21T17:01:11+07:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != fixtureTopUp {
		t.Fatalf("marshal\n got %q\nwant %q", b, fixtureTopUp)
	}
	const want = "CGNn0K4tDp6gFBXAj8B4USncyYgeWozs8Bo1uHdb+ecr9XlyYsmTWOMdCU1ONaMusTDhM6EP1oXOcHM+1EBLlA=="
	if got := SignSymmetric([]byte(fixtureSecret), "POST", PathTopUp, fixtureToken, b, "2020-12-21T17:07:11+07:00"); got != want {
		t.Fatalf("signature over the marshalled body\n got %s\nwant %s", got, want)
	}
}

// A name with & < > is sent as written, not as \u0026…: a verifier that
// re-serialises the parsed body then hashes the same bytes.
func TestMarshalBodyDoesNotEscapeHTML(t *testing.T) {
	b, err := MarshalBody(TopUpRequest{PartnerReferenceNo: "R", CustomerNumber: "081234567890", CustomerName: "Dewi Lestari & Putra <Toko>",
		Amount: IDR(10000), FeeAmount: IDR(1000), TransactionDate: "2020-12-21T17:01:11+07:00"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"customerName":"Dewi Lestari & Putra <Toko>"`)) || bytes.Contains(b, []byte(`\u00`)) {
		t.Fatalf("body %s", b)
	}
	if bytes.HasSuffix(b, []byte("\n")) || !bytes.Equal(Minify(b), b) {
		t.Fatalf("body is not minified: %q", b)
	}
}

func TestMinifyKeepsOrderAndDropsWhitespace(t *testing.T) {
	in := "{ \"b\" : 1,\n \"a\" : [ 1, 2 ] }"
	if got := string(Minify([]byte(in))); got != `{"b":1,"a":[1,2]}` {
		t.Fatalf("Minify = %s", got)
	}
	if got := string(Minify([]byte("not json"))); got != "not json" {
		t.Fatalf("Minify(non-JSON) = %s", got)
	}
}

// Minify's shortcut (a body without loose whitespace is returned as it is)
// gives what json.Compact gives, for valid and invalid JSON alike.
func TestMinifyShortcut(t *testing.T) {
	for _, in := range []string{
		``, `{}`, `{"a":"b c"}`, `{"a":"b\" c"}`, `{"a":"\\"}`, `{"a": 1}`, `{"a":"\\" ,"b":1}`, `[1, 2]`, "{\"a\":\t1}",
		"{\"a\":1}\n", `{"a":"x\\\" y"}`, `not json`, `{"a":"unterminated`, `{"a":"unterminated }`, `"\\`, `{"a":"é ü"}`,
	} {
		want := []byte(in)
		var b bytes.Buffer
		if err := json.Compact(&b, []byte(in)); err == nil {
			want = b.Bytes()
		}
		if got := Minify([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("Minify(%q) = %q, want %q", in, got, want)
		}
	}
}

// The pooled MAC is keyed per secret: signing with one secret and then
// another gives each its own signature, as a fresh HMAC does.
func TestSignSymmetricPooledKeys(t *testing.T) {
	fresh := func(secret string) string {
		m := hmac.New(sha512.New, []byte(secret))
		m.Write([]byte(SymmetricStringToSign("post", PathTopUp, fixtureToken, []byte(fixtureTopUp), "2020-12-21T17:07:11+07:00")))
		return base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
	for range 3 {
		for _, secret := range []string{fixtureSecret, "another", fixtureSecret} {
			got := SignSymmetric([]byte(secret), "post", PathTopUp, fixtureToken, []byte(fixtureTopUp), "2020-12-21T17:07:11+07:00")
			if got != fresh(secret) {
				t.Fatalf("secret %q: %s, want %s", secret, got, fresh(secret))
			}
			if err := VerifySymmetric([]byte(secret), "POST", PathTopUp, fixtureToken, []byte(fixtureTopUp), "2020-12-21T17:07:11+07:00", got); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := SymmetricStringToSign("pöst", "/x", "t", nil, "ts"); got != "PÖST:/x:t:"+BodyHash(nil)+":ts" {
		t.Fatalf("string to sign %q", got)
	}
}
