package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// A row sent again after OVO definitely did not apply its first reference
// shows that earlier reference as "tried" in `batch status --json`, so the
// failed transaction the history lists is accounted to its row.
func TestBatchRowJSONTried(t *testing.T) {
	c := &cli{cat: i18n.New("en")}
	r := cashier.BatchRowView{BatchRow: cashier.BatchRow{Line: 155, Phone: "081500000153", Amount: 10153,
		Ref: "REF-2", Tried: []string{"REF-1"}}, State: "success"}
	b, err := json.Marshal(c.rowJSON(r))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"tried":["REF-1"]`) || !strings.Contains(string(b), `"partnerReferenceNo":"REF-2"`) {
		t.Fatalf("row JSON: %s", b)
	}
}

// A check or run stopped by Ctrl+C says so in the operator's language, not
// with Go's "context canceled" (it did, in an Indonesian sentence).
func TestBatchStopWords(t *testing.T) {
	stopped := fmt.Errorf("batch B000001: %w", context.Canceled)
	for lang, want := range map[string]string{"id": "dihentikan (Ctrl+C)", "en": "interrupted (Ctrl+C)"} {
		c := &cli{cat: i18n.New(lang)}
		if got := c.stopWords(stopped); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
		if got := c.stopWords(context.DeadlineExceeded); got == "" || got == want {
			t.Errorf("%s: another reason worded %q", lang, got)
		}
	}
}

// A progress bar stopped part way (Ctrl+C) ends its line, so the summary
// printed next does not start behind "89/200"; a finished one ends it once.
func TestProgressBarEndsItsLine(t *testing.T) {
	var out bytes.Buffer
	b := &bar{w: &out}
	b.draw(89, 200)
	b.end()
	if got := out.String(); got != "\r[#############.................] 89/200\n" {
		t.Fatalf("stopped bar: %q", got)
	}
	out.Reset()
	b.draw(200, 200)
	b.end()
	if got := out.String(); strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "200/200\n") {
		t.Fatalf("finished bar: %q", got)
	}
	var none *bar // not a terminal
	none.draw(1, 2)
	none.end()
	if none.progress() != nil {
		t.Fatal("a nil bar draws")
	}
}

// `batch status` for a person gives a paid row's OVO reference and receipt
// number, as the issue asks and --json and the CSV export do (it gave only
// our reference).
func TestBatchStatusShowsReceipt(t *testing.T) {
	var out bytes.Buffer
	c := &cli{cat: i18n.New("en"), stdout: &out}
	v := cashier.BatchView{State: cashier.BatchDone, Rows: []cashier.BatchRowView{{BatchRow: cashier.BatchRow{Line: 2, Phone: "081234567890",
		Amount: 50_000, Ref: "202612020000000001"}, State: "success", ReferenceNo: "OVO2026120201", ReceiptNo: "R00000007"}}}
	v.ID = "B000001"
	c.printBatch(v, true)
	for _, want := range []string{"202612020000000001", "OVO2026120201", "R00000007"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("batch status lacks %s:\n%s", want, out.String())
		}
	}
}

// A batch file that is not there or cannot be read is refused in the
// operator's language with its name, exit 2 (it said "open x.csv: no such
// file or directory" in an Indonesian session).
func TestBatchFileNotReadInWords(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ lang, name, want string }{
		{"id", dir + "/tidak-ada.csv", "berkas \"" + dir + "/tidak-ada.csv\" tidak ada"},
		{"en", dir + "/none.csv", "there is no file \"" + dir + "/none.csv\""},
		{"id", dir, "berkas \"" + dir + "\" tidak dapat dibaca"},
		{"en", dir, "the file \"" + dir + "\" cannot be read"},
	} {
		var errOut bytes.Buffer
		c := &cli{name: "batch load", cat: i18n.New(tc.lang), stderr: &errOut, args: []string{tc.name}}
		_, code, ok := c.batchInput()
		if ok || code != cashier.ExitInput || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%s %s: exit %d %q, want 2 with %q", tc.lang, tc.name, code, errOut.String(), tc.want)
		}
	}
}

// A --rate or --concurrency out of range is refused in the operator's
// language (it read "--rate ≥ 0 (0: unbounded) wajib diisi": English, and
// "required" of a flag that was given), exit 2, before anything is opened.
func TestBatchFlagRangesInWords(t *testing.T) {
	for _, tc := range []struct {
		flags func(*pflag.FlagSet) runFunc
		args  []string
		lang  string
		want  string
	}{
		{batchCheckFlags, []string{"--rate", "-1"}, "id", "--rate harus ≥ 0 (0: tanpa batas)"},
		{batchCheckFlags, []string{"--rate", "-1"}, "en", "--rate must be ≥ 0 (0: unbounded)"},
		{batchRunFlags, []string{"--concurrency", "100"}, "id", "--concurrency harus 1…64"},
		{batchRunFlags, []string{"--concurrency", "-2"}, "en", "--concurrency must be 1…64"},
	} {
		fs := pflag.NewFlagSet("batch", pflag.ContinueOnError)
		run := tc.flags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		var errOut bytes.Buffer
		c := &cli{name: "batch", cat: i18n.New(tc.lang), stderr: &errOut, args: []string{"B000001"}}
		if code := run(context.Background(), c); code != cashier.ExitInput || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%s %v: exit %d %q, want 2 with %q", tc.lang, tc.args, code, errOut.String(), tc.want)
		}
	}
}

// A batch check or run sent through the control socket (the counter holds
// the ledger) draws its progress bar on the caller's terminal, as run
// here: there was none. Not with --json, not over SSH, not when the
// caller's stderr is no terminal.
func TestProgressBarThroughTheSocket(t *testing.T) {
	for _, tc := range []struct {
		name      string
		c         cli
		wantDrawn bool
	}{
		{"caller on a terminal", cli{remote: true, call: Call{Terminal: true}}, true},
		{"caller on a pipe", cli{remote: true}, false},
		{"--json", cli{remote: true, json: true, call: Call{Terminal: true}}, false},
		{"ssh", cli{remote: true, ssh: true, call: Call{Terminal: true}}, false},
	} {
		var errOut bytes.Buffer
		c := tc.c
		c.stderr = &errOut
		c.progressBar().draw(1, 2)
		if drawn := strings.Contains(errOut.String(), "1/2"); drawn != tc.wantDrawn {
			t.Errorf("%s: drawn %v %q", tc.name, drawn, errOut.String())
		}
	}
}
