package sshserver

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

func TestParseAuthorizedKeys(t *testing.T) {
	siti, budi, nina, rudi := key(t, "siti"), key(t, "budi"), key(t, "nina"), key(t, "rudi")
	line := func(k gossh.Signer, comment string) string { return sshtest.AuthorizedLine(k, comment) }
	file := strings.Join([]string{
		"# comment line",
		"",
		line(siti, "siti"),
		`restrict,no-agent-forwarding ` + line(budi, "Budi Kasir the second"),
		line(nina, ""),                      // no name
		line(nina, "nina\x1b[31m"),          // control characters
		line(nina, strings.Repeat("n", 65)), // too long
		"ssh-ed25519 not-base64 x",
		line(siti, "siti again"), // duplicate key
		line(nina, "\tNina  "),
		`restrict,from="10.0.0.0/8",expiry-time="20300101" ` + line(rudi, "Rudi"), // cannot be enforced: refused
	}, "\n")
	log := &logBuffer{}
	keys, skipped := parseAuthorizedKeys([]byte(file), slog.New(slog.NewTextHandler(log, nil)))
	if skipped != 6 {
		t.Fatalf("skipped %d lines, want 6; log:\n%s", skipped, log)
	}
	want := map[gossh.Signer]Operator{
		siti: {Name: "siti", Line: 3},
		budi: {Name: "Budi Kasir the second", Line: 4},
		nina: {Name: "Nina", Line: 10},
	}
	if len(keys) != len(want) {
		t.Fatalf("%d keys: %+v", len(keys), keys)
	}
	for k, w := range want {
		got, ok := keys[string(k.PublicKey().Marshal())]
		w.Fingerprint = gossh.FingerprintSHA256(k.PublicKey())
		w.Role, w.Key = "cashier", string(k.PublicKey().Marshal())
		if !ok || got != w {
			t.Errorf("key of %s: %+v, want %+v", w.Name, got, w)
		}
	}
	for _, wantLog := range []string{"line=5", "no comment", "line=6", "control characters", "line=7", "longer than 64",
		"line=8", "not an OpenSSH public key line", "line=9", `"the same key is on line 3"`,
		"line=11", "options this server cannot enforce: from,expiry-time"} {
		if !strings.Contains(log.String(), wantLog) {
			t.Errorf("log lacks %q:\n%s", wantLog, log)
		}
	}
	if strings.Contains(log.String(), "10.0.0.0") || strings.Contains(log.String(), "AAAAC3NzaC1lZDI1NTE5") {
		t.Errorf("the log holds option values or key material:\n%s", log)
	}
}

func TestRateLimiter(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	r := newRateLimiter(3, func() time.Time { return now })
	for i := range 3 {
		if r.allow("10.0.0.1") != "" {
			t.Fatalf("connection %d refused", i+1)
		}
	}
	if r.allow("10.0.0.1") != refusedRate {
		t.Fatal("a 4th connection at once was allowed")
	}
	if r.allow("10.0.0.2") != "" {
		t.Fatal("another address was refused")
	}
	now = now.Add(20 * time.Second) // a third of a minute: one token back
	if r.allow("10.0.0.1") != "" || r.allow("10.0.0.1") == "" {
		t.Fatal("the bucket did not refill by one in 20 s")
	}
	now = now.Add(time.Hour)
	r.prune(now)
	if len(r.buckets) != 0 {
		t.Fatalf("full buckets kept: %d", len(r.buckets))
	}
}

// A flood from more addresses than the table holds never makes it forget
// the addresses it counts: new ones are refused (and say why) until a
// bucket refills, and a limited address stays limited.
func TestRateLimiterTableFull(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	r := newRateLimiter(1, func() time.Time { return now })
	r.maxBuckets = 100
	if r.allow("10.0.0.1") != "" || r.allow("10.0.0.1") != refusedRate {
		t.Fatal("one a minute")
	}
	for i := range r.maxBuckets - 1 {
		if got := r.allow(fmt.Sprintf("192.0.2.%d", i)); got != "" {
			t.Fatalf("address %d: %s", i, got)
		}
	}
	if got := r.allow("198.51.100.1"); got != refusedTableFull {
		t.Fatalf("a new address with the table full: %q", got)
	}
	if got := r.allow("10.0.0.1"); got != refusedRate {
		t.Fatalf("the first address was forgotten: %q", got)
	}
	if len(r.buckets) > r.maxBuckets {
		t.Fatalf("%d buckets", len(r.buckets))
	}
	now = now.Add(time.Minute) // every bucket refilled: room again
	if got := r.allow("198.51.100.1"); got != "" {
		t.Fatalf("after a minute: %q", got)
	}
}

func TestUntrustedTruncated(t *testing.T) {
	long := strings.Repeat("é", 10_000)
	got := untrusted(long)
	if len(got) > maxUntrusted+40 || !utf8.ValidString(got) || !strings.Contains(got, "(20000 bytes)") {
		t.Fatalf("%q", got)
	}
	if untrusted("xterm-256color") != "xterm-256color" {
		t.Fatal("a short string was changed")
	}
}
