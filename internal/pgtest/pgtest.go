// Package pgtest gives tests a fresh PostgreSQL database of their own on
// the server named by OVO_TEST_POSTGRES (a postgres:// URL of a role that
// may CREATE DATABASE), and drops it when the test ends. Without
// OVO_TEST_POSTGRES the test is skipped with a message naming the
// variable; CI sets it and fails on that skip (deploy/pgdev starts a
// throwaway server and prints the URL to set).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable that names the test server.
const Env = "OVO_TEST_POSTGRES"

// SkipMessage starts the message of the skip when Env is unset; CI looks
// for it.
const SkipMessage = Env + " is not set: PostgreSQL ledger tests skipped (run deploy/pgdev and set it)"

// URL returns the server URL from Env, skipping t when it is unset.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		t.Skip(SkipMessage)
	}
	return u
}

// DB creates a new empty database on the server named by Env, drops it
// (closing the connections left to it) when t ends, and returns its URL.
// It skips t when Env is unset and fails it when the server refuses.
func DB(t testing.TB) string {
	t.Helper()
	base := URL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "ovotest_" + hex.EncodeToString(b[:])
	admin(t, base, `CREATE DATABASE `+name)
	t.Cleanup(func() {
		admin(t, base, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	u, err := WithDatabase(base, name)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", Env, err)
	}
	return u
}

// WithDatabase is base with its database name replaced by name.
func WithDatabase(base, name string) (string, error) {
	if strings.Contains(base, "://") {
		u, err := url.Parse(base)
		if err != nil {
			return "", err
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	return base + " dbname=" + name, nil // key=value form: the last one wins
}

// admin runs one statement on the server's maintenance connection.
func admin(t testing.TB, base, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", Env, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("pgtest: %s: %v", sql, err)
	}
}
