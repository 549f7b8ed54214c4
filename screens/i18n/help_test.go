package i18n

import "testing"

func TestHelpWords(t *testing.T) {
	cases := []struct{ lang, en, want string }{
		{EN, "amount in rupiah", "amount in rupiah"},
		{ID, "amount in rupiah", "jumlah dalam rupiah"},
		{ID, "merchant name on receipts (env OVO_MERCHANT)", "nama merchant di struk (env OVO_MERCHANT)"},
		{ID, "no such words", "no such words"},
		{ID, "", ""},
	}
	for _, c := range cases {
		if got := Help(c.lang, c.en); got != c.want {
			t.Errorf("Help(%q, %q) = %q, want %q", c.lang, c.en, got, c.want)
		}
	}
	if !HasHelp("merchant name on receipts (env OVO_MERCHANT)") || HasHelp("no such words (env OVO_X)") {
		t.Error("HasHelp does not follow the table")
	}
	if UsageTemplate(EN) != "" || UsageTemplate(ID) == "" {
		t.Error("UsageTemplate: English must stay cobra's own, Indonesian must have one")
	}
}
