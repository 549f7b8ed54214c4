package main

import (
	"bytes"
	"context"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/golive"
	"github.com/ovocashier/ovocashier/ovoclient"
)

// goliveRun runs the command line and returns its exit status and output.
func goliveRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

var goliveFingerprintRE = regexp.MustCompile(`SHA256 ((?:[0-9a-f]{2}:){31}[0-9a-f]{2})`)

func TestKeysGenerate(t *testing.T) {
	goliveCleanEnv(t)
	dir := filepath.Join(t.TempDir(), "ovo-keys")
	code, stdout, stderr := goliveRun(t, "keys", "generate", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	priv := filepath.Join(dir, golive.PrivateKeyFile)
	for _, f := range []string{priv, filepath.Join(dir, golive.PublicPKCS1File), filepath.Join(dir, golive.PublicX509File)} {
		if !strings.Contains(stdout, f) {
			t.Errorf("stdout does not name %s:\n%s", f, stdout)
		}
	}
	if st, err := os.Stat(priv); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("private key: %v, mode %v", err, st.Mode())
	}

	// The private key never reaches the terminal: neither its PEM header nor
	// any line of its Base64 body.
	keyPEM, _ := os.ReadFile(priv)
	block, _ := pem.Decode(keyPEM)
	if block == nil {
		t.Fatal("private key is not PEM")
	}
	for _, out := range []string{stdout, stderr} {
		if strings.Contains(out, "PRIVATE KEY-----") {
			t.Fatal("a private key PEM block was printed")
		}
		for _, line := range strings.Split(string(keyPEM), "\n") {
			if len(line) >= 16 && !strings.HasPrefix(line, "-----") && strings.Contains(out, line) {
				t.Fatalf("a line of the private key was printed: %q", line)
			}
		}
	}

	// The fingerprint printed is the X.509 public key's SHA-256.
	m := goliveFingerprintRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no fingerprint in:\n%s", stdout)
	}
	pubPEM, _ := os.ReadFile(filepath.Join(dir, golive.PublicX509File))
	pub, err := ovoclient.ParsePublicKeyPEM(pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	if fp, _ := golive.PublicKeyFingerprint(pub); fp != m[1] {
		t.Fatalf("printed fingerprint %s, key's %s", m[1], fp)
	}
	if _, err := exec.LookPath("openssl"); err == nil {
		der, err := exec.Command("openssl", "pkey", "-pubin", "-in", filepath.Join(dir, golive.PublicX509File), "-outform", "DER").Output()
		if err != nil {
			t.Fatal(err)
		}
		if golive.FingerprintDER(der) != m[1] {
			t.Fatalf("openssl's DER hashes to %s, printed %s", golive.FingerprintDER(der), m[1])
		}
	}
	// The next steps say what to send OVO, and what not.
	for _, want := range []string{"Send OVO both public files", "whitelisted", "minimum and maximum top-up amounts", "Never send " + golive.PrivateKeyFile, "OVO_PRIVATE_KEY_FILE="} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}

	// Again: refused, naming --force, nothing changed.
	code, _, stderr = goliveRun(t, "keys", "generate", "--out", dir)
	if code != 1 || !strings.Contains(stderr, "--force") || !strings.Contains(stderr, "already exist") {
		t.Fatalf("second generate: exit %d, stderr %q", code, stderr)
	}
	if now, _ := os.ReadFile(priv); !bytes.Equal(now, keyPEM) {
		t.Fatal("the private key changed without --force")
	}
	code, stdout, _ = goliveRun(t, "keys", "generate", "--out", dir, "--force")
	if code != 0 {
		t.Fatalf("--force: exit %d", code)
	}
	if m2 := goliveFingerprintRE.FindStringSubmatch(stdout); m2 == nil || m2[1] == m[1] {
		t.Fatal("--force did not make a new key")
	}
}

func TestKeysGenerateBadFlags(t *testing.T) {
	goliveCleanEnv(t)
	dir := filepath.Join(t.TempDir(), "k")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"keys"}, "usage: ovocashier keys generate"},
		{[]string{"keys", "rotate"}, `unknown subcommand "rotate"`},
		{[]string{"keys", "generate"}, "--out DIR is required"},
		{[]string{"keys", "generate", "--out", dir, "--bits", "1024"}, "--bits 1024: use 2048, 3072 or 4096"},
		{[]string{"keys", "generate", "--out", dir, "--bits", "2047"}, "SNAP needs 2048 bits or more"},
		{[]string{"keys", "generate", "--out", dir, "extra"}, `unexpected argument "extra"`},
		{[]string{"keys", "generate", "--nope"}, "flag provided but not defined"},
	} {
		code, _, stderr := goliveRun(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("a refused command created the directory")
	}
}
