package golive

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// readPEM reads path's one PEM block and checks its type.
func readPEM(t *testing.T, path, wantType string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, rest := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	if block.Type != wantType {
		t.Fatalf("%s: PEM type %q, want %q", path, block.Type, wantType)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		t.Fatalf("%s: trailing data after the PEM block", path)
	}
	return block.Bytes
}

func TestGenerateKeysFormats(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	kf, err := GenerateKeys(dir, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if kf.PrivateKey != filepath.Join(dir, PrivateKeyFile) || kf.PublicPKCS1 != filepath.Join(dir, PublicPKCS1File) || kf.PublicX509 != filepath.Join(dir, PublicX509File) {
		t.Fatalf("paths %+v", kf)
	}

	// Modes: the directory 0700, the private key 0600.
	for path, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, kf.PrivateKey: 0o600, kf.PublicPKCS1: 0o644, kf.PublicX509: 0o644} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != want {
			t.Errorf("%s: mode %v, want %v", path, st.Mode(), want)
		}
	}

	// The three files parse back with crypto/x509 and are one key.
	anyKey, err := x509.ParsePKCS8PrivateKey(readPEM(t, kf.PrivateKey, "PRIVATE KEY"))
	if err != nil {
		t.Fatalf("private key is not PKCS#8: %v", err)
	}
	priv, ok := anyKey.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("private key is %T", anyKey)
	}
	if err := priv.Validate(); err != nil {
		t.Fatal(err)
	}
	if priv.N.BitLen() != 2048 || kf.Bits != 2048 {
		t.Fatalf("modulus %d bits, KeyFiles.Bits %d", priv.N.BitLen(), kf.Bits)
	}
	pkcs1, err := x509.ParsePKCS1PublicKey(readPEM(t, kf.PublicPKCS1, "RSA PUBLIC KEY"))
	if err != nil {
		t.Fatalf("public-pkcs1.pem: %v", err)
	}
	spki := readPEM(t, kf.PublicX509, "PUBLIC KEY")
	pkixAny, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		t.Fatalf("public-x509.pem: %v", err)
	}
	pkix := pkixAny.(*rsa.PublicKey)
	if !priv.PublicKey.Equal(pkcs1) || !priv.PublicKey.Equal(pkix) {
		t.Fatal("the public keys are not the private key's")
	}
	// ovoclient (what the cashier uses) reads them too.
	privPEM, _ := os.ReadFile(kf.PrivateKey)
	if k, err := ovoclient.ParsePrivateKeyPEM(privPEM); err != nil || !k.Equal(priv) {
		t.Fatalf("ovoclient.ParsePrivateKeyPEM: %v", err)
	}

	// Fingerprint: SHA-256 of the DER SubjectPublicKeyInfo, hex pairs with colons.
	sum := sha256.Sum256(spki)
	if got := strings.ReplaceAll(kf.Fingerprint, ":", ""); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("fingerprint %s, want sha256 %x", kf.Fingerprint, sum)
	}
	if len(kf.Fingerprint) != 32*3-1 {
		t.Fatalf("fingerprint %q is not 32 colon-separated pairs", kf.Fingerprint)
	}
	if fp, _ := PublicKeyFingerprint(&priv.PublicKey); fp != kf.Fingerprint {
		t.Fatalf("PublicKeyFingerprint %s, GenerateKeys %s", fp, kf.Fingerprint)
	}

	t.Run("openssl", func(t *testing.T) {
		if _, err := exec.LookPath("openssl"); err != nil {
			t.Skip("openssl is not installed: the formats were checked with crypto/x509 only")
		}
		for _, args := range [][]string{
			{"rsa", "-in", kf.PrivateKey, "-check", "-noout"},
			{"rsa", "-pubin", "-in", kf.PublicX509, "-noout"},
			{"rsa", "-RSAPublicKey_in", "-in", kf.PublicPKCS1, "-noout"},
		} {
			if out, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
				t.Errorf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		der, err := exec.Command("openssl", "pkey", "-pubin", "-in", kf.PublicX509, "-outform", "DER").Output()
		if err != nil {
			t.Fatalf("openssl pkey: %v", err)
		}
		if sum := sha256.Sum256(der); hex.EncodeToString(sum[:]) != strings.ReplaceAll(kf.Fingerprint, ":", "") {
			t.Errorf("openssl pkey -pubin -outform DER | sha256 = %x, fingerprint %s", sum, kf.Fingerprint)
		}
		// The PKCS#1 file is the same key as the X.509 one, per openssl.
		a, err1 := exec.Command("openssl", "rsa", "-RSAPublicKey_in", "-in", kf.PublicPKCS1, "-pubout", "-outform", "DER").Output()
		if err1 != nil || !bytes.Equal(a, der) {
			t.Errorf("openssl converts public-pkcs1.pem to another key (err %v)", err1)
		}
	})
}

func TestGenerateKeysRefusesSmallKeys(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	for _, bits := range []int{0, 512, 1024, 2047} {
		if _, err := GenerateKeys(dir, bits); err == nil || !strings.Contains(err.Error(), "2048") {
			t.Errorf("%d bits: err %v, want a refusal naming 2048", bits, err)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused generation created %s (%v)", dir, err)
	}
}

func TestGenerateKeysNeverOverwritesWithoutForce(t *testing.T) {
	dir := t.TempDir()
	first, err := GenerateKeys(dir, 2048)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, p := range []string{first.PrivateKey, first.PublicPKCS1, first.PublicX509} {
		before[p], _ = os.ReadFile(p)
	}
	_, err = GenerateKeys(dir, 2048)
	if !errors.Is(err, ErrKeysExist) || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), PrivateKeyFile) {
		t.Fatalf("second generation: %v, want ErrKeysExist naming the file and --force", err)
	}
	for p, b := range before {
		if now, _ := os.ReadFile(p); !bytes.Equal(now, b) {
			t.Fatalf("%s changed without --force", p)
		}
	}

	// One stray file is enough to refuse, and nothing is added beside it.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, PublicX509File), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateKeys(other, 2048); !errors.Is(err, ErrKeysExist) {
		t.Fatalf("with an existing %s: %v", PublicX509File, err)
	}
	if _, err := os.Stat(filepath.Join(other, PrivateKeyFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused generation wrote the private key")
	}

	second, err := GenerateKeys(dir, 2048, Overwrite())
	if err != nil {
		t.Fatalf("with Overwrite: %v", err)
	}
	if second.Fingerprint == first.Fingerprint {
		t.Fatal("Overwrite kept the old key")
	}
	if st, _ := os.Stat(second.PrivateKey); st.Mode() != 0o600 {
		t.Fatalf("replaced private key mode %v", st.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Fatalf("directory holds %d entries, want the 3 key files (no temporary leftovers)", len(entries))
	}
}
