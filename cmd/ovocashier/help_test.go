package main

import (
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/commands"
)

// Every command and flag of the real tree (the host's settings flags and
// local commands too) has Indonesian words for its help.
func TestHelpEveryCommandInIndonesian(t *testing.T) {
	if m := commands.MissingHelp(host{}); len(m) > 0 {
		t.Errorf("help without Indonesian words in screens/i18n/help.go:\n%s", strings.Join(m, "\n"))
	}
}
