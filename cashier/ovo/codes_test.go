package ovo

import "testing"

func TestParseCode(t *testing.T) {
	c, ok := ParseCode("4033802")
	if !ok || c.HTTPStatus != 403 || c.Service != "38" || c.Case != "02" || c.String() != "4033802" {
		t.Fatalf("ParseCode = %+v, %v", c, ok)
	}
	for _, bad := range []string{"", "403380", "40338021", "40338a2", "-403380"} {
		if _, ok := ParseCode(bad); ok {
			t.Errorf("ParseCode(%q) accepted", bad)
		}
	}
}

func TestEveryReasonHasText(t *testing.T) {
	for _, r := range Reasons() {
		if r.Text() == "" || r.Text() == string(r) {
			t.Errorf("reason %s has no text", r)
		}
	}
	for _, cases := range snapCases {
		for _, info := range cases {
			if _, ok := reasonText[info.reason]; !ok {
				t.Errorf("reason %s (from the table) has no text", info.reason)
			}
		}
	}
}
