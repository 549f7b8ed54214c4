package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/pgtest"
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

// --data postgres://… runs the cashier on the shared ledger: two outlets'
// top ups each in their own history, one deposit, and the fleet shows
// both under the deposit read from OVO, in both languages.
func TestDatabaseOutletsAndFleet(t *testing.T) {
	goliveCleanEnv(t)
	url := pgtest.DB(t)
	runCmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", url), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	for _, c := range []struct{ outlet, amount string }{{"Kemang", "50000"}, {"Kemang", "20000"}, {"Blok M", "75000"}} {
		if code, _, stderr := runCmd("topup", "--outlet", c.outlet, "--phone", "081234567890", "--amount", c.amount); code != 0 {
			t.Fatalf("top up at %s: exit %d: %s", c.outlet, code, stderr)
		}
	}
	code, out, stderr := runCmd("history", "--outlet", "Blok M", "--json")
	if code != 0 || strings.Count(out, `"partnerReferenceNo"`) != 1 || !strings.Contains(out, `"amount": 75000`) {
		t.Fatalf("Blok M's history: exit %d %s %s", code, out, stderr)
	}
	code, out, stderr = runCmd("fleet", "--json")
	if code != 0 {
		t.Fatalf("fleet: exit %d: %s", code, stderr)
	}
	var f struct {
		DepositRead bool `json:"depositRead"`
		Deposit     struct {
			Balance int64 `json:"balance"`
		} `json:"deposit"`
		Outlets []struct {
			Outlet string `json:"outlet"`
			TopUps struct {
				Success       int   `json:"success"`
				SuccessAmount int64 `json:"successAmount"`
			} `json:"topups"`
		} `json:"outlets"`
	}
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("fleet --json: %v\n%s", err, out)
	}
	if !f.DepositRead || f.Deposit.Balance <= 0 || len(f.Outlets) != 2 || f.Outlets[0].Outlet != "Blok M" || f.Outlets[0].TopUps.SuccessAmount != 75_000 ||
		f.Outlets[1].Outlet != "Kemang" || f.Outlets[1].TopUps.Success != 2 || f.Outlets[1].TopUps.SuccessAmount != 70_000 {
		t.Fatalf("fleet: %+v", f)
	}
	// An open shift's time is in the outlet's zone (--tz), as every other
	// time a command prints.
	if code, _, stderr := runCmd("shift", "open", "--outlet", "Kemang", "--float", "0"); code != 0 {
		t.Fatalf("shift open: exit %d: %s", code, stderr)
	}
	code, out, stderr = runCmd("fleet", "--json", "--tz", "Asia/Makassar")
	if code != 0 || !regexp.MustCompile(`"openedAt": "[^"]+\+08:00"`).MatchString(out) {
		t.Fatalf("fleet --json --tz Asia/Makassar: exit %d, openedAt not in WITA:\n%s\n%s", code, out, stderr)
	}
	for lang, want := range map[string]string{"en": "Merchant deposit at OVO", "id": "Deposit merchant di OVO"} {
		code, out, stderr := runCmd("fleet", "--lang", lang)
		if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "Blok M") || !strings.Contains(out, "Rp70.000") {
			t.Fatalf("fleet --lang %s: exit %d\n%s\n%s", lang, code, out, stderr)
		}
	}
}

// A database written by a newer ovocashier is refused, nothing changed, in
// the operator's language (not the storage layer's English), by a command
// and by migrate alike.
func TestDatabaseNewerSchemaRefusedInBothLanguages(t *testing.T) {
	goliveCleanEnv(t)
	url := pgtest.DB(t)
	runCmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, stderr := runCmd("history", "--data", url); code != 0 { // creates the schema
		t.Fatalf("history on a new database: exit %d: %s", code, stderr)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "ledger.db")
	if code, _, stderr := runCmd("topup", "--data", src, "--phone", "081234567890", "--amount", "10000"); code != 0 {
		t.Fatalf("a top up on a new file: exit %d: %s", code, stderr)
	}
	for lang, want := range map[string]string{"id": "ditulis oleh ovocashier yang lebih baru", "en": "was written by a newer ovocashier"} {
		for _, args := range [][]string{{"history", "--data", url}, {"migrate", "--from", src, "--to", url}} {
			code, _, stderr := runCmd(append(args, "--lang", lang)...)
			if code != 1 || !strings.Contains(stderr, want) || (lang == "id" && strings.Contains(stderr, "upgrade")) {
				t.Errorf("%s --lang %s on a newer schema: exit %d\n%s", args[0], lang, code, stderr)
			}
		}
	}
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM txns`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after the refusals the database holds %d transactions (%v)", n, err)
	}
}
