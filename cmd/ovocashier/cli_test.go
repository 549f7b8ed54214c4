package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The scripted commands' contract: exit codes 0/1/2/3 and --json field
// names, on the built-in sandbox.
func TestCommandsExitCodesAndJSON(t *testing.T) {
	goliveCleanEnv(t)
	data := filepath.Join(t.TempDir(), "ledger.db")
	cmd := func(args ...string) (int, map[string]any, []any) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", data, "--json", "--lang", "en"), nil, &out, &errb)
		var obj map[string]any
		var arr []any
		if err := json.Unmarshal(out.Bytes(), &obj); err != nil {
			if err := json.Unmarshal(out.Bytes(), &arr); err != nil {
				t.Fatalf("%v: stdout is not one JSON value: %q (stderr %q)", args, out.String(), errb.String())
			}
		}
		return code, obj, arr
	}
	has := func(obj map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("JSON lacks %q: %v", k, obj)
			}
		}
	}
	txnKeys := []string{"partnerReferenceNo", "referenceNo", "customerNumber", "customerName", "responseCode", "responseMessage",
		"kind", "state", "amount", "fee", "receiptNo", "operator", "createdAt", "updatedAt"}

	code, obj, _ := cmd("inquiry", "--phone", "0812-3456-7890", "--amount", "50.000")
	if code != 0 || obj["customerName"] != "Budi Santoso" || obj["fee"] != 1000.0 || obj["amount"] != 50000.0 {
		t.Fatalf("inquiry: %d %v", code, obj)
	}
	has(obj, "responseCode", "customerNumber", "minAmount", "maxAmount")

	code, obj, _ = cmd("topup", "--phone", "081234567890", "--amount", "50000")
	if code != 0 || obj["state"] != "success" || obj["kind"] != "topup" || obj["receiptNo"] == "" {
		t.Fatalf("topup: %d %v", code, obj)
	}
	has(obj, txnKeys...)
	ref := obj["partnerReferenceNo"].(string)

	// Above OVO's limit from the inquiry: refused before anything is sent.
	code, obj, _ = cmd("disburse", "--phone", "081298765432", "--amount", "10000001")
	if code != 1 || obj["outcome"] != "refused" || !strings.Contains(obj["error"].(string), "Rp10.000.000") {
		t.Fatalf("disburse above the limit: %d %v", code, obj)
	}

	// The same top up again: refused with the first receipt number, unless
	// the repeat is deliberate.
	code, obj, _ = cmd("topup", "--phone", "081234567890", "--amount", "50000")
	if code != 1 || obj["outcome"] != "refused" || !strings.Contains(obj["error"].(string), "R00000001") {
		t.Fatalf("repeated topup: %d %v", code, obj)
	}
	code, obj, _ = cmd("topup", "--phone", "081234567890", "--amount", "50000", "--allow-repeat")
	if code != 0 || obj["receiptNo"] != "R00000002" {
		t.Fatalf("topup --allow-repeat: %d %v", code, obj)
	}

	for _, bad := range [][]string{
		{"topup", "--phone", "0712345678", "--amount", "50000"},
		{"topup", "--phone", "081234567890", "--amount", "12.5"},
		{"topup", "--phone", "081234567890"},
		{"history", "--limit", "0"},
	} {
		if code, obj, _ := cmd(bad...); code != 2 || obj["outcome"] != "invalid" {
			t.Errorf("%v: %d %v, want 2 and outcome invalid", bad, code, obj)
		}
	}

	code, obj, _ = cmd("inquiry", "--phone", "081100000404", "--amount", "50000")
	if code != 1 || obj["responseCode"] != "4043711" || obj["outcome"] != "refused" {
		t.Fatalf("inquiry of no account: %d %v", code, obj)
	}

	code, obj, _ = cmd("topup", "--phone", "081100000504", "--amount", "20000", "--timeout", "1s")
	if code != 3 || obj["state"] != "unknown" {
		t.Fatalf("topup with no answer: %d %v", code, obj)
	}

	code, obj, _ = cmd("status", "--ref", ref)
	if code != 0 || obj["latestTransactionStatus"] != "00" || obj["state"] != "success" {
		t.Fatalf("status: %d %v", code, obj)
	}
	// By the OVO reference printed on the slip, in any case, and by the
	// receipt number in lower case: the same transaction.
	for _, r := range []string{strings.ToLower(obj["referenceNo"].(string)), "r00000001"} {
		if code, o, _ := cmd("status", "--ref", r); code != 0 || o["partnerReferenceNo"] != ref || o["latestTransactionStatus"] != "00" {
			t.Fatalf("status --ref %s: %d %v", r, code, o)
		}
	}

	code, obj, _ = cmd("deposit")
	if code != 0 {
		t.Fatalf("deposit: %d %v", code, obj)
	}
	has(obj, "balance", "reserved", "available", "refreshedAt")

	code, _, arr := cmd("history")
	if code != 0 || len(arr) != 3 {
		t.Fatalf("history: %d %d entries", code, len(arr))
	}
	states := []string{}
	for _, e := range arr {
		states = append(states, e.(map[string]any)["state"].(string))
	}
	if !slices.Equal(states, []string{"unknown", "success", "success"}) {
		t.Fatalf("history states newest first: %v", states)
	}

	// Find by anything on the slip; the next page's hint keeps the flags.
	for _, text := range []string{"r00000001", "7890", "budi"} {
		if code, _, arr := cmd("history", "--find", text); code != 0 || len(arr) != 2 && text != "r00000001" || len(arr) == 0 {
			t.Errorf("history --find %s: %d %v", text, code, arr)
		}
	}
	var out, errb bytes.Buffer
	run(context.Background(), []string{"history", "--data", data, "--limit", "1", "--lang", "en"}, nil, &out, &errb)
	if more := out.String(); !strings.Contains(more, "more: ovocashier history ") || !strings.Contains(more, " --data="+data) ||
		!strings.Contains(more, " --lang=en") || !strings.Contains(more, " --limit=1") || !strings.Contains(more, " --before ") {
		t.Errorf("the more hint lost the flags:\n%s", out.String())
	}

	code, _, arr = cmd("reconcile")
	if code != 0 || len(arr) != 1 || arr[0].(map[string]any)["state"] != "success" {
		t.Fatalf("reconcile: %d %v", code, arr)
	}
}

// topup --wait that ends failed says so once, truthfully: no "in progress"
// next to FAILED, on stdout or stderr, in --json or not.
func TestTopUpWaitSaysTheFinalOutcome(t *testing.T) {
	goliveCleanEnv(t)
	data := filepath.Join(t.TempDir(), "ledger.db")
	for _, lang := range []string{"id", "en"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"topup", "--phone", "081100000206", "--amount", "20000", "--wait", "20s",
			"--data", data, "--lang", lang, "--allow-repeat"}, nil, &out, &errb)
		all := out.String() + errb.String()
		failed := map[string]string{"id": "GAGAL", "en": "FAILED"}[lang]
		if code != 1 || !strings.Contains(out.String(), failed) || strings.Contains(all, "In Progress") ||
			strings.Contains(all, "still processing") || !strings.Contains(all, "06") {
			t.Fatalf("%s: exit %d\n%s", lang, code, all)
		}
		out.Reset()
		errb.Reset()
		code = run(context.Background(), []string{"history", "--json", "--limit", "1", "--data", data, "--lang", lang}, nil, &out, &errb)
		want := map[string]string{"id": "gagal", "en": "failed"}[lang]
		if code != 0 || !strings.Contains(out.String(), `"summary": "Top up OVO Cash `+want) {
			t.Fatalf("%s: history --json: %s", lang, out.String())
		}
	}
}

// sim's banner writes the deposit as rupiah.
func TestSimBannerFormatsRupiah(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // print the banner, then stop at once
	var out, errb bytes.Buffer
	runSim(ctx, []string{"--listen", "127.0.0.1:0", "--deposit", "50000000", "--creds-dir", t.TempDir()}, &out, &errb)
	if !strings.Contains(out.String(), "(deposit Rp50.000.000,") {
		t.Fatalf("banner:\n%s%s", out.String(), errb.String())
	}
}
