package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKey makes sure the server's host key exists at path and returns it:
// on first use it generates an ed25519 key (OpenSSH format, mode 0600, its
// directory created 0700) and writes the public half beside it as
// path+".pub"; after that it reuses the same key, tightening the file to
// 0600 if it had been left readable by others (tightened reports that).
func HostKey(path string) (signer gossh.Signer, created, tightened bool, err error) {
	if path == "" {
		return nil, false, false, errors.New("host key: no path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, false, fmt.Errorf("host key: %w", err)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := createHostKey(path); err != nil {
			return nil, false, false, fmt.Errorf("host key: %w", err)
		}
		created = true
	case err != nil:
		return nil, false, false, fmt.Errorf("host key: %w", err)
	case fi.IsDir():
		return nil, false, false, fmt.Errorf("host key: %s is a directory", path)
	case fi.Mode().Perm()&0o077 != 0:
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, false, false, fmt.Errorf("host key %s is readable by others and could not be made 0600: %w", path, err)
		}
		tightened = true
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, false, fmt.Errorf("host key: %w", err)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, false, fmt.Errorf("host key %s: %w (move it away to have a new one made)", path, err)
	}
	return signer, created, tightened, nil
}

// createHostKey writes a new ed25519 key to path (which must not exist) with
// mode 0600, and its public key to path.pub.
func createHostKey(path string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ovocashier host key")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		return err
	}
	// The public half is for the administrator (known_hosts, fingerprints);
	// failing to write it does not stop the server.
	_ = os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(sshPub), 0o644)
	return nil
}
