package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/ovocashier/ovocashier/golive"
)

// runKeys is `ovocashier keys generate`: the RSA key pair OVO asks for.
// Exit status: 0 written, 1 refused (files exist, I/O), 2 bad flags.
func runKeys(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		keysUsage(stderr, nil, usageLang(nil, args))
		return 2
	}
	switch args[0] {
	case "generate":
		return runKeysGenerate(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		keysUsage(stdout, nil, usageLang(nil, args))
		return 0
	}
	fmt.Fprintf(stderr, "ovocashier keys: unknown subcommand %q\n\n", args[0])
	keysUsage(stderr, nil, usageLang(nil, args))
	return 2
}

// keysUsage prints the help of `keys` on w in lang, with fs's flags when
// fs is not nil.
func keysUsage(w io.Writer, fs *flag.FlagSet, lang string) {
	printLocalUsage(w, fs, lang,
		"usage: ovocashier keys generate --out DIR [--bits 2048|3072|4096] [--force]",
		"\nMakes the RSA key pair for OVO SNAP: the private key (PKCS#8 PEM, mode 0600, stays with you)",
		"and the public key in both formats OVO asks for: PKCS#1 (RSA PUBLIC KEY) and X.509 (PUBLIC KEY).")
}

func runKeysGenerate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ovocashier keys generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory for the key files, created with mode 0700 (required)")
	bits := fs.Int("bits", 2048, "RSA key size: 2048, 3072 or 4096")
	force := fs.Bool("force", false, "replace key files already in --out (the old private key is lost)")
	fs.Usage = func() { keysUsage(stderr, fs, usageLang(fs, args)) }
	bad := badInput("ovocashier keys generate", stderr)
	if code, stop := parseArgs(fs, args, bad); stop {
		return code
	}
	if *out == "" {
		return bad("--out DIR is required")
	}
	switch *bits {
	case 2048, 3072, 4096:
	default:
		return bad("--bits %d: use 2048, 3072 or 4096 (SNAP needs %d bits or more)", *bits, golive.MinKeyBits)
	}
	var opts []golive.KeyOption
	if *force {
		opts = append(opts, golive.Overwrite())
	}
	kf, err := golive.GenerateKeys(*out, *bits, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier keys generate: %v\n", err)
		return 1
	}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	fmt.Fprintf(stdout, "RSA-%d key pair for OVO SNAP written to %s\n\n", kf.Bits, kf.Dir)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  private key\t%s\tPKCS#8 PEM, mode 0600: keep it on this machine, never send it\n", kf.PrivateKey)
	fmt.Fprintf(tw, "  public, PKCS#1\t%s\tRSA PUBLIC KEY: OVO verifies your SNAP signatures with it\n", kf.PublicPKCS1)
	fmt.Fprintf(tw, "  public, X.509\t%s\tPUBLIC KEY: for OVO to share your credentials\n", kf.PublicX509)
	fmt.Fprintf(tw, "  fingerprint\tSHA256 %s\n", kf.Fingerprint)
	tw.Flush()
	fmt.Fprintf(stdout, "\nNext steps:\n")
	fmt.Fprintf(stdout, "  1. Send OVO both public files, %s and %s, with the fingerprint above,\n", golive.PublicPKCS1File, golive.PublicX509File)
	fmt.Fprintf(stdout, "     the public IP address(es) this cashier calls OVO from (to be whitelisted),\n")
	fmt.Fprintf(stdout, "     and your minimum and maximum top-up amounts. Never send %s.\n", golive.PrivateKeyFile)
	fmt.Fprintf(stdout, "  2. Check the pair against the built-in sandbox:\n")
	fmt.Fprintf(stdout, "       ovocashier uat --env sandbox --private-key %s\n", shellQuote(abs(kf.PrivateKey)))
	fmt.Fprintf(stdout, "  3. When OVO sends the staging client id and secret:\n")
	fmt.Fprintf(stdout, "       export OVO_ENV=staging OVO_PRIVATE_KEY_FILE=%s\n", shellQuote(abs(kf.PrivateKey)))
	fmt.Fprintf(stdout, "       export OVO_CLIENT_ID=… OVO_CLIENT_SECRET=…\n")
	fmt.Fprintf(stdout, "       ovocashier uat --phone 08…  (a registered OVO number of the staging environment)\n")
	return 0
}
