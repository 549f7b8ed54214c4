package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A repeated top up refused on the command line says so in the operator's
// language, with the earlier receipt number and the flag that sends anyway.
func TestRepeatRefusalInOperatorsLanguage(t *testing.T) {
	goliveCleanEnv(t)
	for _, tc := range []struct{ lang, want string }{
		{"id", "sudah berhasil"},
		{"en", "already succeeded"},
	} {
		data := filepath.Join(t.TempDir(), "ledger.db")
		args := []string{"topup", "--phone", "081234567890", "--amount", "50000", "--data", data, "--lang", tc.lang}
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errb); code != 0 {
			t.Fatalf("%s: first topup: exit %d\n%s%s", tc.lang, code, out.String(), errb.String())
		}
		out.Reset()
		errb.Reset()
		code := run(context.Background(), args, nil, &out, &errb)
		msg := errb.String()
		if code != 1 || !strings.Contains(msg, tc.want) || !strings.Contains(msg, "R00000001") || !strings.Contains(msg, "--allow-repeat") {
			t.Fatalf("%s: repeat: exit %d, stderr %q", tc.lang, code, msg)
		}
	}
}
