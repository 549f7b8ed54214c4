package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/commands"
)

// configLine is one setting as `ovocashier config` shows it.
type configLine struct {
	Setting  string `json:"setting"`
	Variable string `json:"variable"`
	Value    string `json:"value"`
	Source   string `json:"source"`
}

// configReport lists every setting's effective value and where it came
// from; a secret reads "set" or "unset", never its value. s must have been
// loaded (resolve or load).
func configReport(s *settings) []configLine {
	cfgSrc := s.sources["config"].String()
	if _, err := os.Stat(s.ConfigFile); errors.Is(err, fs.ErrNotExist) {
		cfgSrc += " (not found; optional)"
	}
	out := []configLine{{configDef.name, configDef.env, s.ConfigFile, cfgSrc}}
	for i := range settingDefs {
		d := &settingDefs[i]
		v := d.text(s)
		if d.name == "data" {
			v = commands.RedactURL(v) // a database URL may hold a password
		}
		if d.secret {
			v = "unset"
			if d.text(s) != "" {
				v = "set"
			}
		}
		out = append(out, configLine{d.name, d.env, v, s.sources[d.name].String()})
	}
	return out
}

// runConfig is `ovocashier config`: every setting's effective value and its
// source (flag > OVO_* variable > config file > default). Exit status 2 when
// the settings do not work (the table is still printed when it can be).
func runConfig(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("ovocashier config", flag.ContinueOnError)
	fset.SetOutput(stderr)
	set := addSettings(fset)
	asJSON := fset.Bool("json", false, "print a JSON array of {setting, variable, value, source}")
	fset.Usage = func() { printDefaultUsage(stderr, fset, usageLang(fset, args)) }
	bad := badInput("ovocashier config", stderr)
	if code, stop := parseArgs(fset, args, bad); stop {
		return code
	}
	err := set.resolve()
	if set.sources == nil || len(set.sources) < len(settingDefs)+1 {
		return bad("%v", err) // the settings could not be read at all
	}
	lines := configReport(set)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(lines)
	} else {
		writeConfigTable(stdout, lines)
	}
	if err != nil {
		return bad("%v", err)
	}
	return 0
}

// writeConfigTable prints lines as columns padded by their width on a
// terminal (a CJK character takes two columns), two spaces apart.
func writeConfigTable(w io.Writer, lines []configLine) {
	rows := [][]string{{"SETTING", "VARIABLE", "VALUE", "SOURCE"}}
	for _, l := range lines {
		rows = append(rows, []string{l.Setting, l.Variable, l.Value, l.Source})
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for i := range widths {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i := range widths {
			b.WriteString(r[i] + strings.Repeat(" ", widths[i]-lipgloss.Width(r[i])+2))
		}
		fmt.Fprintln(w, b.String()+r[3])
	}
}
