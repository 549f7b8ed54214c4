package commands

import (
	"os"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/screens/i18n"
)

func init() { cobra.AddTemplateFuncs(i18n.HelpTemplateFuncs) }

// HelpLanger is a Host that knows the language of a command line's help
// when --lang does not say it (OVO_LANG, else the locale).
type HelpLanger interface {
	HelpLang() string
}

// helpLang is the language of the help of this invocation: --lang on the
// command line, else the caller's (socket, SSH), else the host's.
func (e *env) helpLang(args []string) string {
	if l := langArg(args); l == i18n.ID || l == i18n.EN {
		return l
	}
	if e.remote != nil && e.remote.call.Lang != "" {
		return e.remote.call.Lang
	}
	if h, ok := e.host.(HelpLanger); ok {
		return h.HelpLang()
	}
	if l := os.Getenv("OVO_LANG"); l == i18n.ID || l == i18n.EN {
		return l
	}
	return i18n.EN
}

// localizeHelp puts the help of the tree under root in lang: each command's
// one-line description (and Long when the catalog has it), each flag's
// usage and cobra's headings. English leaves the tree as it is.
func localizeHelp(root *cobra.Command, lang string) {
	if lang == i18n.EN {
		return
	}
	root.SetUsageTemplate(i18n.UsageTemplate(lang))
	walkHelp(root, func(c *cobra.Command) {
		c.Short = i18n.Help(lang, c.Short)
		if i18n.HasHelp(c.Long) {
			c.Long = i18n.Help(lang, c.Long)
		}
		if f := c.Flags().Lookup("help"); f != nil && f.Usage == "help for "+c.DisplayName() {
			f.Usage = i18n.HelpFor(lang, c.DisplayName())
		}
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if f.Name != "help" {
					f.Usage = i18n.Help(lang, f.Usage)
				}
			})
		}
	})
}

// walkHelp runs fn on root and every command under it, after giving each
// its -h flag (cobra adds it only when the command runs).
func walkHelp(root *cobra.Command, fn func(*cobra.Command)) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		fn(c)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// MissingHelp lists the English help of host's command tree (descriptions
// and flag usages) that has no Indonesian words in the catalog: empty when
// every word of `--help` reads in both languages.
func MissingHelp(host Host) []string {
	var missing []string
	add := func(s string) {
		if s != "" && !i18n.HasHelp(s) && !slices.Contains(missing, s) {
			missing = append(missing, s)
		}
	}
	e := &env{host: host}
	walkHelp(e.root(), func(c *cobra.Command) {
		add(c.Short)
		if c.Parent() == nil || c.Parent().Name() != "completion" { // cobra's own long texts aside
			add(c.Long)
		}
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if f.Name != "help" {
					add(f.Usage)
				}
			})
		}
	})
	return missing
}
