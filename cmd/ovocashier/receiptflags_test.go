package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestReceiptSettings: --header, --qr and --drawer-kick (and their OVO_*
// variables) reach the printer setting and the receipt; more than 3 header
// lines and unreadable booleans are refused.
func TestReceiptSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		header   []string
		qr, kick bool
		wantErr  string
	}{
		{name: "defaults: nothing extra"},
		{name: "flags", args: []string{"--header", " NPWP 01.234.567.8-901.000 | CS 1500-696 ", "--qr", "--drawer-kick"},
			header: []string{"NPWP 01.234.567.8-901.000", "CS 1500-696"}, qr: true, kick: true},
		{name: "variables", env: map[string]string{"OVO_RECEIPT_HEADER": "NPWP 1|CS 2|Buka 24 jam", "OVO_RECEIPT_QR": "true", "OVO_DRAWER_KICK": "1"},
			header: []string{"NPWP 1", "CS 2", "Buka 24 jam"}, qr: true, kick: true},
		{name: "flag wins over variable", env: map[string]string{"OVO_RECEIPT_QR": "true"}, args: []string{"--qr=false"}},
		{name: "four header lines", args: []string{"--header", "a|b|c|d"}, wantErr: "--header has 4 lines"},
		{name: "unreadable boolean", env: map[string]string{"OVO_DRAWER_KICK": "ya"}, wantErr: `OVO_DRAWER_KICK="ya": not true or false`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			goliveCleanEnv(t)
			for _, v := range []string{"OVO_RECEIPT_HEADER", "OVO_RECEIPT_QR", "OVO_DRAWER_KICK"} {
				t.Setenv(v, tc.env[v])
			}
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			s := addSettings(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := s.resolve()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.headerLines(); !reflect.DeepEqual(got, tc.header) {
				t.Errorf("header lines %q, want %q", got, tc.header)
			}
			pc := s.printerConfig("tcp://127.0.0.1:9100")
			if pc.QR != tc.qr || pc.DrawerKick != tc.kick || pc.Width != s.Width {
				t.Errorf("printer config %+v, want QR %v, drawer kick %v", pc, tc.qr, tc.kick)
			}
		})
	}
}

// TestReceiptCommandHeaderAndFolding: `receipt` prints the --header lines
// under the address and the merchant folded as the paper shows it.
func TestReceiptCommandHeaderAndFolding(t *testing.T) {
	goliveCleanEnv(t)
	data := filepath.Join(t.TempDir(), "ledger.db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"topup", "--phone", "081234567890", "--amount", "50000", "--data", data, "--json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("topup: %d %s %s", code, out.String(), errb.String())
	}
	var txn struct{ PartnerReferenceNo string }
	if err := json.Unmarshal(out.Bytes(), &txn); err != nil || txn.PartnerReferenceNo == "" {
		t.Fatalf("topup output %q: %v", out.String(), err)
	}
	out.Reset()
	args := []string{"receipt", "--ref", txn.PartnerReferenceNo, "--data", data, "--printer", "stdout",
		"--merchant", "Café Ñusantara — 咖啡", "--header", "NPWP 01.234.567.8-901.000|CS 1500-696"}
	if code := run(context.Background(), args, nil, &out, &errb); code != 0 {
		t.Fatalf("receipt: %d %s", code, errb.String())
	}
	for _, want := range []string{"Café Ñusantara - ??", "NPWP 01.234.567.8-901.000", "CS 1500-696"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("receipt lacks %q:\n%s", want, out.String())
		}
	}
}
