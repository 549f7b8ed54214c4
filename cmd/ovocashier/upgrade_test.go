package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/ovocashier/ovocashier/storage"
)

// setSchema writes a schema version into a ledger file, as an older
// ovocashier left it (the version key of the meta bucket).
func setSchema(t *testing.T, path string, v int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		b := make([]byte, 8)
		binary.BigEndian.PutUint64(b, uint64(v))
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), b)
	}); err != nil {
		t.Fatal(err)
	}
}

// A ledger an older ovocashier wrote: `history` (a command that only reads)
// opens it as a writing command does, which upgrades it, instead of
// refusing with "open it once with write access"; check and backup, which
// never write, refuse in the caller's language and say how to upgrade.
func TestOlderLedgerUpgradedByHistory(t *testing.T) {
	goliveCleanEnv(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "ledger.db")
	base := []string{"--data", data, "--lang", "en", "--operator", "ani"}
	with := func(args ...string) []string { return append(args, base...) }
	if r := runDirect(t, with("shift", "open", "--float", "0")...); r.code != 0 {
		t.Fatalf("shift open: %+v", r)
	}
	if r := runDirect(t, with("topup", "--phone", "081234567890", "--amount", "20000")...); r.code != 0 {
		t.Fatalf("topup: %+v", r)
	}
	older := storage.CurrentSchema() - 1
	setSchema(t, data, older)
	for _, c := range []struct{ lang, want string }{
		{"en", "was written by an older ovocashier"},
		{"id", "ditulis oleh ovocashier yang lebih lama"},
	} {
		r := runDirect(t, "check", "--data", data, "--lang", c.lang)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "write access") {
			t.Fatalf("check --lang %s of an older ledger: %+v", c.lang, r)
		}
	}
	if r := runDirect(t, "backup", "--data", data, "--lang", "en", "--out", filepath.Join(dir, "copy.db")); r.code != 1 || !strings.Contains(r.stderr, "older ovocashier") {
		t.Fatalf("backup of an older ledger: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); err == nil {
		t.Fatal("backup wrote a copy it refused")
	}
	r := runDirect(t, with("history", "--json")...)
	if r.code != 0 || !strings.Contains(r.stdout, "081234567890") {
		t.Fatalf("history of an older ledger: %+v", r)
	}
	if r := runDirect(t, "check", "--data", data, "--lang", "en"); r.code != 0 {
		t.Fatalf("check after history upgraded it: %+v", r)
	}
}
