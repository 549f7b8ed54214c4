package commands

import (
	"strings"
	"testing"
)

// A group (shift, report, batch…) given without its sub-command but with a
// common setting says which sub-commands there are, in the language asked,
// not "unknown flag: --data" — the setting belongs to every sub-command.
func TestGroupWithCommonFlagsSaysTheChoice(t *testing.T) {
	h, _ := newHost(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", h.data, "shift"}, "shift: pilih salah satu: open |"},
		{[]string{"--lang", "en", "--data", h.data, "shift"}, "shift: choose one of: open |"},
		{[]string{"shift", "--outlet", "Kemang", "--lang", "id"}, "shift: pilih salah satu: open |"},
		{[]string{"--lang", "en", "--data", h.data, "shift", "nope"}, `unknown command "nope"`},
	} {
		r := runHost(h, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "flag") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	// --json still gets its one JSON object.
	if r := runHost(h, "--lang", "en", "shift", "--json"); r.code != 2 || !strings.Contains(r.stdout, `"choose one of: open |`) || !strings.Contains(r.stdout, `"invalid"`) {
		t.Errorf("shift --json: %+v", r)
	}
}
