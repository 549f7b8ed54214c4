package commands

import "testing"

func TestDatabaseURL(t *testing.T) {
	for _, c := range []struct {
		data     string
		db       bool
		redacted string
	}{
		{"/var/lib/ovocashier/ledger.db", false, "/var/lib/ovocashier/ledger.db"},
		{"ledger.db", false, "ledger.db"},
		{"postgres-ledger.db", false, "postgres-ledger.db"},
		{"postgres://ovo:s3cret@db.local:5432/ovo?sslmode=require", true, "postgres://ovo:xxxxx@db.local:5432/ovo?sslmode=require"},
		{"PostgreSQL://ovo@/ovo?host=/run/postgresql", true, "postgresql://ovo@/ovo?host=/run/postgresql"},
	} {
		if got := DatabaseURL(c.data); got != c.db {
			t.Errorf("DatabaseURL(%q) = %v", c.data, got)
		}
		if got := RedactURL(c.data); got != c.redacted {
			t.Errorf("RedactURL(%q) = %q, want %q", c.data, got, c.redacted)
		}
	}
}
