package golive

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Names of the files GenerateKeys writes in its directory.
const (
	// PrivateKeyFile is the partner's RSA private key, PKCS#8 PEM
	// ("PRIVATE KEY"), mode 0600. It stays with the merchant: point
	// OVO_PRIVATE_KEY_FILE at it; never send it to anyone.
	PrivateKeyFile = "private-key.pem"
	// PublicPKCS1File is the public key as PKCS#1 PEM ("RSA PUBLIC KEY"),
	// the format OVO asks for to verify SNAP signatures.
	PublicPKCS1File = "public-pkcs1.pem"
	// PublicX509File is the public key as X.509 SubjectPublicKeyInfo PEM
	// ("PUBLIC KEY"), the format OVO asks for to share credentials.
	PublicX509File = "public-x509.pem"
)

// MinKeyBits is the smallest RSA key GenerateKeys makes: SNAP asks for
// 2048 bits or more.
const MinKeyBits = 2048

// ErrKeysExist is matched by the error GenerateKeys returns when a key file
// is already in the directory and overwriting was not asked for.
var ErrKeysExist = errors.New("key files already exist")

// KeyFiles describes a generated key pair: where its files are and the
// fingerprint that identifies the public key.
type KeyFiles struct {
	Dir         string // the directory holding the three files
	PrivateKey  string // path of PrivateKeyFile (PKCS#8, 0600)
	PublicPKCS1 string // path of PublicPKCS1File
	PublicX509  string // path of PublicX509File
	Bits        int    // the modulus size
	// Fingerprint is the SHA-256 of the DER SubjectPublicKeyInfo, lowercase
	// hex pairs joined by colons; `openssl pkey -pubin -in public-x509.pem
	// -outform DER | sha256sum` prints the same digits without colons.
	Fingerprint string
}

// KeyOption adjusts GenerateKeys.
type KeyOption func(*keyOptions)

type keyOptions struct {
	force bool
}

// Overwrite lets GenerateKeys replace key files already in the directory
// (the command line's --force). Without it, existing files are never touched.
func Overwrite() KeyOption { return func(o *keyOptions) { o.force = true } }

// GenerateKeys makes an RSA key pair of bits bits (at least MinKeyBits) for
// SNAP and writes, in dir (created with mode 0700 if absent): the private
// key as PKCS#8 PEM with mode 0600, and the public key as PKCS#1 PEM and as
// X.509 PEM, both 0644. It refuses, naming them, when any of the three files
// exists, unless Overwrite is given. Each file is written to a temporary
// file, synced, then moved into place, so a crash leaves no half-written key.
// The private key is never returned or printed.
func GenerateKeys(dir string, bits int, opts ...KeyOption) (KeyFiles, error) {
	var o keyOptions
	for _, f := range opts {
		f(&o)
	}
	if bits < MinKeyBits {
		return KeyFiles{}, fmt.Errorf("%d bits is too small: SNAP needs an RSA key of %d bits or more", bits, MinKeyBits)
	}
	if dir == "" {
		return KeyFiles{}, errors.New("no directory given for the key files")
	}
	kf := KeyFiles{
		Dir:         dir,
		PrivateKey:  filepath.Join(dir, PrivateKeyFile),
		PublicPKCS1: filepath.Join(dir, PublicPKCS1File),
		PublicX509:  filepath.Join(dir, PublicX509File),
		Bits:        bits,
	}
	paths := []string{kf.PrivateKey, kf.PublicPKCS1, kf.PublicX509}
	if !o.force {
		var exist []string
		for _, p := range paths {
			if _, err := os.Lstat(p); err == nil {
				exist = append(exist, p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return KeyFiles{}, fmt.Errorf("key files: %w", err)
			}
		}
		if len(exist) > 0 {
			return KeyFiles{}, fmt.Errorf("%w: %s (use --force to replace them)", ErrKeysExist, strings.Join(exist, ", "))
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return KeyFiles{}, fmt.Errorf("key files: %w", err)
	}
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return KeyFiles{}, fmt.Errorf("generating the key: %w", err)
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return KeyFiles{}, fmt.Errorf("key files: %w", err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return KeyFiles{}, fmt.Errorf("key files: %w", err)
	}
	files := []struct {
		path string
		data []byte
		perm os.FileMode
	}{
		{kf.PrivateKey, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600},
		{kf.PublicPKCS1, pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)}), 0o644},
		{kf.PublicX509, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}), 0o644},
	}
	for i, f := range files {
		if err := placeFile(f.path, f.data, f.perm, o.force); err != nil {
			// Leave no partial set behind: a public key without its private
			// key (or the reverse) would only confuse.
			for _, g := range files[:i] {
				os.Remove(g.path)
			}
			return KeyFiles{}, err
		}
	}
	kf.Fingerprint = FingerprintDER(spki)
	return kf, nil
}

// FingerprintDER is the SHA-256 of a DER SubjectPublicKeyInfo as lowercase
// hex pairs joined by colons.
func FingerprintDER(spki []byte) string {
	sum := sha256.Sum256(spki)
	h := hex.EncodeToString(sum[:])
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// PublicKeyFingerprint is FingerprintDER of an RSA public key's X.509 form.
func PublicKeyFingerprint(pub *rsa.PublicKey) (string, error) {
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", err
	}
	return FingerprintDER(spki), nil
}

// writeSyncClose writes data to f, syncs and closes it, and returns the
// first error (f is closed in every case).
func writeSyncClose(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// placeFile writes data to a synced temporary file beside path with perm,
// then moves it to path: replacing it when force, otherwise only if path
// still does not exist (a hard link fails on an existing name; where links
// are not supported, an exclusive create).
func placeFile(path string, data []byte, perm os.FileMode, force bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("key files: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(perm) // before any byte: the private key is never readable by others
	if err == nil {
		err = writeSyncClose(f, data)
	} else {
		f.Close()
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if force {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("key files: %w", err)
		}
		return nil
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: %s (use --force to replace it)", ErrKeysExist, path)
		}
		g, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%w: %s (use --force to replace it)", ErrKeysExist, path)
			}
			return fmt.Errorf("key files: %w", err)
		}
		if err := writeSyncClose(g, data); err != nil {
			os.Remove(path)
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}
