package ovosim

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

func TestLoadOrCreateCredentials(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sandbox")
	cr, err := LoadOrCreateCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(cr.ClientID) {
		t.Fatalf("client id %q", cr.ClientID)
	}
	if raw, err := base64.StdEncoding.DecodeString(cr.ClientSecret); err != nil || len(raw) != 32 {
		t.Fatalf("secret %q", cr.ClientSecret)
	}
	key, err := ovoclient.ParsePrivateKeyPEM(cr.PrivateKeyPEM)
	if err != nil || key.N.BitLen() != 2048 {
		t.Fatalf("key %v", err)
	}
	pub, err := ovoclient.ParsePublicKeyPEM(cr.PublicKeyPEM)
	if err != nil || !pub.Equal(&key.PublicKey) {
		t.Fatalf("public key %v", err)
	}
	if runtime.GOOS != "windows" {
		for path, perm := range map[string]os.FileMode{cr.PrivateKeyFile: 0o600, cr.SecretFile: 0o600, cr.PublicKeyFile: 0o644, dir: 0o700} {
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != perm {
				t.Errorf("%s: %v %v", path, fi.Mode(), err)
			}
		}
	}
	// Reused, and the public key file is restored from the private key.
	os.Remove(cr.PublicKeyFile)
	again, err := LoadOrCreateCredentials(dir)
	if err != nil || again.ClientID != cr.ClientID || again.ClientSecret != cr.ClientSecret || string(again.PrivateKeyPEM) != string(cr.PrivateKeyPEM) {
		t.Fatalf("not reused: %v", err)
	}
	if b, _ := os.ReadFile(cr.PublicKeyFile); string(b) != string(cr.PublicKeyPEM) {
		t.Fatal("public key file not restored")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Fatalf("%d files left in %s", len(entries), dir)
	}

	// The credentials work end to end: the private key's token is accepted.
	h := &harness{t: t, clock: newClock(), key: key}
	sim, err := New(Config{ClientID: cr.ClientID, ClientSecret: cr.ClientSecret, PartnerPublicKey: pub, Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	h.sim = sim
	c := h.tokenCall()
	c.clientID = cr.ClientID
	res := h.send(c)
	expect(t, res, "2007300", "")
	h.token = res.json["accessToken"].(string)
	bal := h.api(ovoclient.PathBalance, "")
	bal.clientID, bal.secret = cr.ClientID, cr.ClientSecret
	expect(t, h.send(bal), "2001100", "")

	// A damaged client file is an error that says what to do.
	os.WriteFile(cr.SecretFile, []byte("{}"), 0o600)
	if _, err := LoadOrCreateCredentials(dir); err == nil {
		t.Fatal("empty client file accepted")
	}
}

func TestConfigRequired(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("empty config accepted")
	}
	key, _ := keys(t)
	if _, err := New(Config{ClientID: "a", ClientSecret: "b", PartnerPublicKey: &key.PublicKey, MinAmount: 10, MaxAmount: 5}); err == nil {
		t.Fatal("min above max accepted")
	}
	if _, err := New(Config{ClientID: "a", ClientSecret: "b", PartnerPublicKey: &key.PublicKey, Deposit: -1}); err == nil {
		t.Fatal("negative deposit accepted")
	}
}
