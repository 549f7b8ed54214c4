package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

func TestNegativeDurationsRefused(t *testing.T) {
	goliveCleanEnv(t)
	t.Setenv("OVO_LANG", "en") // the refusal's words; Indonesian is TestParseArgsSaysBadFlagsInTheCallersLanguage's
	for _, args := range [][]string{
		{"topup", "--phone", "081234567890", "--amount", "50000", "--wait", "-1s"},
		{"disburse", "--phone", "081234567890", "--amount", "50000", "--wait", "-5m"},
		{"deposit", "--timeout", "-1s"},
		{"history", "--check-interval", "-2s"},
		{"serve", "--idle-timeout", "-1s"},
		{"serve", "--shutdown-timeout", "-1s"},
		{"serve", "--handshake-timeout", "-1ns"},
		{"sim", "--latency", "-1s"},
		{"sim", "--token-ttl", "-1h"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, nil, &out, &errb)
		if code != cashier.ExitInput || !strings.Contains(errb.String(), "must not be negative") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and 'must not be negative'", args, code, errb.String())
		}
	}
}

func writeKey(t *testing.T, bits int) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPrivateKeyFileRefused(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.pem")
	os.WriteFile(big, bytes.Repeat([]byte("A"), 70<<10), 0o600)
	for _, tc := range []struct {
		path, want string
	}{
		{writeKey(t, 1024), "1024 bits"},
		{big, "larger than 64 KiB"},
		{"/dev/zero", "larger than 64 KiB"},
		{filepath.Join(t.TempDir(), "missing.pem"), "no such file"},
	} {
		start := time.Now()
		_, err := readPrivateKey(tc.path)
		if err == nil || !errors.Is(err, cashier.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an input error saying %q", tc.path, err, tc.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", tc.path, d)
		}
	}
	if _, err := readPrivateKey(writeKey(t, 2048)); err != nil {
		t.Fatalf("a 2048-bit key: %v", err)
	}
	// Through a command: exit 2, nothing sent.
	goliveCleanEnv(t)
	t.Setenv("OVO_CLIENT_SECRET", "secret")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"inquiry", "--phone", "081234567890", "--amount", "50000",
		"--base-url", "http://127.0.0.1:1", "--client-id", "cid", "--private-key", writeKey(t, 1024)}, nil, &out, &errb)
	if code != cashier.ExitInput || !strings.Contains(errb.String(), "1024 bits") {
		t.Fatalf("inquiry with a 1024-bit key: exit %d, %q", code, errb.String())
	}
}

// On a read-only file system the log falls back to stderr with a warning,
// and history still works.
func TestReadOnlyFileSystem(t *testing.T) {
	goliveCleanEnv(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "ledger.db")
	cmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", data), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, stderr := cmd("topup", "--phone", "081234567890", "--amount", "50000"); code != 0 {
		t.Fatalf("top up: %d %s", code, stderr)
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here (%v)", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only here (%v)", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o600); err == nil {
		t.Skip("the read-only mount is writable")
	}
	code, out, stderr := cmd("history")
	if code != 0 || !strings.Contains(out, "081234567890") {
		t.Fatalf("history on a read-only file system: exit %d, %q, %q", code, out, stderr)
	}
	t.Setenv("OVO_LOG", filepath.Join(dir, "ovocashier.log")) // a log on the read-only mount
	code, _, stderr = cmd("deposit")
	if !strings.Contains(stderr, "the log file cannot be written") || !strings.Contains(stderr, "logging to stderr") {
		t.Fatalf("deposit on a read-only file system says %q; want the log fallback named", stderr)
	}
	if code == 0 || code == cashier.ExitInput {
		t.Fatalf("deposit on a read-only file system: exit %d", code)
	}
}
