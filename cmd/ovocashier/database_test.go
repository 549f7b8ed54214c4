package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
)

// check and backup on a database URL refuse at once, in the operator's
// language, saying to use the database's own tools; nothing is connected
// to (the URL names a port nothing listens on) and the password never
// shows.
func TestCheckBackupRefusedOnDatabase(t *testing.T) {
	goliveCleanEnv(t)
	url := "postgres://ovo:s3cret@127.0.0.1:1/ovo"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--lang", "en"}, "database's own tools (pg_dump)"},
		{[]string{"backup", "--out", t.TempDir() + "/x.db", "--lang", "en"}, "database's own tools (pg_dump)"},
		{[]string{"check", "--lang", "id"}, "alat basis datanya (pg_dump)"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), append(c.args, "--data", url), nil, &out, &errb)
		if code != cashier.ExitRefused || !strings.Contains(errb.String(), c.want) || strings.Contains(errb.String()+out.String(), "s3cret") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 saying %q", c.args, code, out.String(), errb.String(), c.want)
		}
	}
}
