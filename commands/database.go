package commands

import (
	"net/url"
	"strings"
)

// DatabaseURL reports whether data (--data, OVO_DATA) names a PostgreSQL
// database (postgres:// or postgresql://) rather than a ledger file. Many
// processes share such a ledger, each opening the database itself: it has
// no control socket, and check and backup are the database's own tools.
func DatabaseURL(data string) bool {
	d := strings.ToLower(strings.TrimSpace(data))
	return strings.HasPrefix(d, "postgres://") || strings.HasPrefix(d, "postgresql://")
}

// RedactURL is data with the password of a database URL replaced by "xxxxx",
// for logs and `ovocashier config`; a file path is returned unchanged.
func RedactURL(data string) string {
	if !DatabaseURL(data) {
		return data
	}
	u, err := url.Parse(data)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	return u.Redacted()
}
