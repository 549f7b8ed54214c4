//go:build !linux

package commands

import "net"

// checkPeer relies on the socket's owner-only mode where the peer's
// credentials cannot be asked.
func checkPeer(net.Conn) error { return nil }
