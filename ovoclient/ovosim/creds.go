package ovosim

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// Names of the credential files LoadOrCreateCredentials keeps in its directory.
const (
	// PrivateKeyFileName is the partner's RSA-2048 private key, PKCS#8 PEM, mode 0600.
	PrivateKeyFileName = "sandbox-partner-key.pem"
	// PublicKeyFileName is its public key, PKIX PEM, mode 0644 (derived from
	// the private key; rewritten if it does not match).
	PublicKeyFileName = "sandbox-partner-key.pub.pem"
	// ClientFileName is {"clientId":"…","clientSecret":"…"}, mode 0600.
	ClientFileName = "sandbox-client.json"
)

// Credentials are one partner's sandbox credentials: what the sandbox needs
// (ClientID, ClientSecret, PublicKeyPEM) and what the client needs
// (ClientID, ClientSecret, PrivateKeyPEM), with the files they live in.
type Credentials struct {
	ClientID     string
	ClientSecret string // the HMAC key is this text's bytes (Base64 of 32 random bytes)
	PrivateKeyPEM,
	PublicKeyPEM []byte
	PrivateKeyFile, PublicKeyFile string
	SecretFile                    string // ClientFileName: holds the client id and the secret
}

// LoadOrCreateCredentials returns the credentials kept in dir, creating on
// first use (dir mode 0700) an RSA-2048 key pair, a random client id in UUID
// form and a client secret of 32 random bytes in standard Base64, whose text
// is the secret. Later calls return the same credentials. Files are created
// atomically and never overwritten, so two processes racing on a new dir end
// up with one set.
func LoadOrCreateCredentials(dir string) (Credentials, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Credentials{}, fmt.Errorf("sandbox credentials: %w", err)
	}
	cr := Credentials{
		PrivateKeyFile: filepath.Join(dir, PrivateKeyFileName),
		PublicKeyFile:  filepath.Join(dir, PublicKeyFileName),
		SecretFile:     filepath.Join(dir, ClientFileName),
	}
	privPEM, err := readOrCreate(cr.PrivateKeyFile, 0o600, newPrivateKeyPEM)
	if err != nil {
		return Credentials{}, err
	}
	key, err := ovoclient.ParsePrivateKeyPEM(privPEM)
	if err != nil {
		return Credentials{}, fmt.Errorf("sandbox credentials: %s: %w", cr.PrivateKeyFile, err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return Credentials{}, fmt.Errorf("sandbox credentials: public key: %w", err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	if cur, err := os.ReadFile(cr.PublicKeyFile); err != nil || !bytes.Equal(cur, pubPEM) {
		if err := writeAtomic(cr.PublicKeyFile, pubPEM, 0o644); err != nil {
			return Credentials{}, err
		}
	}
	clientJSON, err := readOrCreate(cr.SecretFile, 0o600, newClientJSON)
	if err != nil {
		return Credentials{}, err
	}
	var client struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
	}
	if err := json.Unmarshal(clientJSON, &client); err != nil || client.ClientID == "" || client.ClientSecret == "" {
		return Credentials{}, fmt.Errorf("sandbox credentials: %s must hold a non-empty clientId and clientSecret (delete it to make new ones)", cr.SecretFile)
	}
	cr.ClientID, cr.ClientSecret = client.ClientID, client.ClientSecret
	cr.PrivateKeyPEM, cr.PublicKeyPEM = privPEM, pubPEM
	return cr, nil
}

func newPrivateKeyPEM() ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func newClientJSON() ([]byte, error) {
	u := make([]byte, 16)
	rand.Read(u)
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	secret := make([]byte, 32)
	rand.Read(secret)
	b, err := json.MarshalIndent(map[string]string{
		"clientId":     fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]),
		"clientSecret": base64.StdEncoding.EncodeToString(secret),
	}, "", "  ")
	return append(b, '\n'), err
}

// readOrCreate returns path's contents, creating it from gen (atomically,
// without overwriting a file another process created meanwhile) if absent.
func readOrCreate(path string, perm os.FileMode, gen func() ([]byte, error)) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("sandbox credentials: %w", err)
	}
	data, err := gen()
	if err != nil {
		return nil, fmt.Errorf("sandbox credentials: generate %s: %w", filepath.Base(path), err)
	}
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links here: fall back to an exclusive create.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err == nil {
			_, err = f.Write(data)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return nil, fmt.Errorf("sandbox credentials: %w", err)
			}
		} else if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("sandbox credentials: %w", err)
		}
	}
	b, err = os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox credentials: %w", err)
	}
	return b, nil
}

// writeAtomic replaces path with data.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sandbox credentials: %w", err)
	}
	return nil
}

// writeTemp writes data, synced, to a new file beside path and returns its name.
func writeTemp(path string, data []byte, perm os.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return "", fmt.Errorf("sandbox credentials: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("sandbox credentials: %w", err)
	}
	return f.Name(), nil
}
