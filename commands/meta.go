package commands

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// Version is what `ovocashier version` says: the module version, the VCS
// commit (and whether the tree was modified) and the Go version, from the
// build information the Go toolchain embeds.
func Version() string {
	version, commit, modified, when := "(devel)", "", false, ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			case "vcs.time":
				when = s.Value
			}
		}
	}
	s := "ovocashier " + version
	if commit != "" {
		s += " commit " + commit
		if modified {
			s += " (modified)"
		}
		if when != "" {
			s += " " + when
		}
	}
	return s + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}

func printVersion(w io.Writer) { fmt.Fprintln(w, Version()) }

func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "the version of this build: module version, commit, Go version (also --version)",
		Args:  cobra.NoArgs,
		Run:   func(cmd *cobra.Command, _ []string) { printVersion(cmd.OutOrStdout()) },
	}
}

// manCommand writes the manual page of the whole command tree. localOnly
// refuses --dir (files written on this machine) for a remote caller.
func manCommand(root *cobra.Command, localHelp func(name string) string, localOnly func(what string) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "man",
		Short: "the manual page, from the command definitions (ovocashier man > ovocashier.1; man -l ovocashier.1)",
		Long: "Writes the manual page of ovocashier (section 1) on stdout, or with --dir one page per command\n" +
			"(ovocashier.1, ovocashier-topup.1, …) into DIR.",
		Args: cobra.NoArgs,
	}
	dir := cmd.Flags().String("dir", "", "write one page per command into this directory instead")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		header := &doc.GenManHeader{Title: "OVOCASHIER", Section: "1", Source: "ovocashier", Manual: "ovocashier manual"}
		root.DisableAutoGenTag = true
		if *dir != "" {
			if err := localOnly("man --dir"); err != nil {
				return err
			}
			if err := os.MkdirAll(*dir, 0o755); err != nil {
				return err
			}
			return doc.GenManTree(root, header, *dir)
		}
		var page bytes.Buffer
		if err := doc.GenMan(root, header, &page); err != nil {
			return err
		}
		// One page for the whole tree: the commands and their flags in a
		// COMMANDS section instead of a SEE ALSO of pages not installed.
		text := page.String()
		if i := strings.Index(text, ".SH SEE ALSO"); i >= 0 {
			text = text[:i]
		}
		_, err := io.WriteString(cmd.OutOrStdout(), text+commandsSection(root, localHelp))
		return err
	}
	return cmd
}

// commandsSection is the roff of every command of root: its synopsis, what
// it does and its flags, as `-h` shows them (a Local command's own -h).
func commandsSection(root *cobra.Command, localHelp func(name string) string) string {
	var b strings.Builder
	b.WriteString(".SH COMMANDS\n")
	for _, c := range root.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		fmt.Fprintf(&b, ".SS %s\n%s\n", roff(c.CommandPath()), roff(c.Short))
		if c.Long != "" {
			fmt.Fprintf(&b, ".PP\n%s\n", roff(c.Long))
		}
		if c.Annotations[annotLocal] != "" {
			if help := strings.TrimRight(localHelp(c.Name()), "\n"); help != "" {
				fmt.Fprintf(&b, ".PP\n.nf\n%s\n.fi\n", roff(help))
			}
		} else if flags := c.NonInheritedFlags().FlagUsages(); flags != "" {
			fmt.Fprintf(&b, ".PP\n.nf\n%s.fi\n", roff(flags))
		}
	}
	b.WriteString(".SH EXIT STATUS\n0 success, 1 refused (nothing moved), 2 bad input (nothing sent), 3 outcome unknown.\n")
	return b.String()
}

// roff escapes text for a roff body: backslashes, and a leading dot or
// quote that would read as a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
