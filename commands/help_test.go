package commands

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
)

// Every command and flag of the tree has Indonesian words for its help
// (the test host's own settings flags aside: cmd/ovocashier checks the real
// ones).
func TestHelpEveryCommandInIndonesian(t *testing.T) {
	h, _ := newHost(t)
	var m []string
	for _, s := range MissingHelp(h) {
		if !slices.Contains([]string{"language", "operator", "receipt width", "ledger", "the screen"}, s) {
			m = append(m, s)
		}
	}
	if len(m) > 0 {
		t.Errorf("help without Indonesian words in screens/i18n/help.go:\n%s", strings.Join(m, "\n"))
	}
}

// --help speaks the call's language: Indonesian with --lang id, directly
// and over SSH; English as cobra writes it with --lang en.
func TestHelpInCallLanguage(t *testing.T) {
	h, _ := newHost(t)
	id := runHost(h, "topup", "--lang", "id", "--help")
	for _, want := range []string{"top up OVO Cash pelanggan", "Cara pakai:", "Opsi:", "nomor HP pelanggan, 08…", "bantuan untuk topup", "topup [opsi]", "(bawaan 32)"} {
		if !strings.Contains(id.stdout, want) {
			t.Errorf("topup --lang id --help lacks %q:\n%s", want, id.stdout)
		}
	}
	en := runHost(h, "topup", "--lang", "en", "--help")
	for _, want := range []string{"top up a customer's OVO Cash", "Usage:", "Flags:", "customer's phone number, 08…", "help for topup", "topup [flags]", "(default 32)"} {
		if !strings.Contains(en.stdout, want) {
			t.Errorf("topup --lang en --help lacks %q:\n%s", want, en.stdout)
		}
	}
	if strings.Contains(en.stdout, "pelanggan") {
		t.Errorf("English help has Indonesian words:\n%s", en.stdout)
	}
	var ssh, sshErr bytes.Buffer
	code := RunRemote(context.Background(), h, h.svc, Call{Lang: "id", Operator: "tester", Width: 32}, []string{"topup", "--help"}, &ssh, &sshErr)
	if code != 0 || ssh.String() != id.stdout {
		t.Errorf("over SSH (exit %d) the help differs from the command line's:\n%s\n---\n%s", code, ssh.String(), id.stdout)
	}
	ssh.Reset()
	RunRemote(context.Background(), h, h.svc, Call{Lang: "id"}, []string{"help"}, &ssh, &sshErr)
	if !strings.Contains(ssh.String(), "Perintah yang tersedia:") || !strings.Contains(ssh.String(), "cairkan ke akun OVO") {
		t.Errorf("help over SSH in Indonesian:\n%s", ssh.String())
	}
}
