// Package pgtest gives tests a fresh, empty PostgreSQL database of their
// own on the server named by OVO_TEST_POSTGRES (a postgres:// URL of a role
// that may create schemas there), and drops it when the test ends. Without
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

// DB makes a new, empty database for t on the server named by Env and
// returns its URL, skipping t when Env is unset and failing it when the
// server refuses. The database is a schema of its own in Env's database
// (the URL sets search_path to it), which is as isolated for the ledger's
// unqualified SQL as a database of its own and ten times quicker to make
// and drop than CREATE DATABASE; it is dropped with everything in it when
// t ends.
func DB(t testing.TB) string {
	t.Helper()
	base := URL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "ovotest_" + hex.EncodeToString(b[:])
	admin(t, base, `CREATE SCHEMA `+name)
	t.Cleanup(func() {
		admin(t, base, `SET lock_timeout = '60s'; DROP SCHEMA IF EXISTS `+name+` CASCADE`)
	})
	u, err := WithSearchPath(base, name)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", Env, err)
	}
	return u
}

// WithSearchPath is base with search_path set to schema for every
// connection made with it.
func WithSearchPath(base, schema string) (string, error) {
	if strings.Contains(base, "://") {
		u, err := url.Parse(base)
		if err != nil {
			return "", err
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	return base + " search_path=" + schema, nil // key=value form: the last one wins
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
