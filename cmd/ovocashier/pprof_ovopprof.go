//go:build ovopprof

package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // the profiles, only in a binary built with -tags ovopprof
	"os"
	"runtime"
)

// A binary built with `-tags ovopprof` (sshload -pprof does) serves Go's
// profiles on the loopback address in OVO_PPROF (127.0.0.1:0 when unset,
// the address printed on stderr), with mutex and block profiling on. The
// release binary has none of it.
func init() {
	addr := os.Getenv("OVO_PPROF")
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(os.Stderr, "ovocashier: OVO_PPROF %q: a loopback host:port\n", addr)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ovocashier: pprof: %v\n", err)
		os.Exit(2)
	}
	runtime.SetMutexProfileFraction(100)
	runtime.SetBlockProfileRate(100_000) // one sample per 100 µs blocked
	fmt.Fprintf(os.Stderr, "pprof on http://%s/debug/pprof/\n", ln.Addr())
	go http.Serve(ln, nil)
}
