package commands

import (
	"strings"
	"testing"
)

// `receipt` printed again names who reprinted it (the runner), beside the
// maker in the header.
func TestReceiptReprintNamesWhoReprinted(t *testing.T) {
	h, _ := newHost(t)
	if r := runHost(h, "topup", "--phone", "081234567890", "--amount", "50000", "--operator", "Ani"); r.code != 0 {
		t.Fatalf("topup: %+v", r)
	}
	first := runHost(h, "receipt", "--ref", "R00000001", "--operator", "Wati")
	again := runHost(h, "receipt", "--ref", "R00000001", "--operator", "Wati")
	if first.code != 0 || again.code != 0 {
		t.Fatalf("receipt: %+v %+v", first, again)
	}
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if strings.Contains(first.stdout, "Wati") {
		t.Errorf("the first slip names a reprinter:\n%s", first.stdout)
	}
	if s := flat(again.stdout); !strings.Contains(s, "REPRINT") || !(strings.Contains(s, "Cetak ulang oleh Wati") || strings.Contains(s, "Reprinted by Wati")) {
		t.Errorf("the reprint does not name Wati:\n%s", again.stdout)
	}
}
