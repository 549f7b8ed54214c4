package sshserver

import (
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// What a connection may do besides its cashier sessions: nothing. Every
// other channel (port forwarding, X11, agent), every global request
// (remote forwarding) and every session request that is not part of a
// terminal session (a subsystem such as sftp, X11 or agent forwarding, an
// environment beyond a few small variables) is refused, and each refusal is
// logged with its reason and the client's strings truncated. A connection
// logs at most maxRefusalLines such lines; the rest are counted in one.

const (
	// maxEnv and maxEnvBytes bound the environment a session may send
	// (LANG, LC_*, COLORTERM are welcome; the server uses none of it).
	maxEnv      = 16
	maxEnvBytes = 512
	// maxRefusalLines is how many refusals one connection may have logged.
	maxRefusalLines = 16
)

// refused logs one refusal on the connection cs (nil: unknown).
func (s *Server) refused(ctx ssh.Context, cs *connState, reason string, args ...any) {
	if cs != nil {
		switch n := cs.logged.Add(1); {
		case n == maxRefusalLines+1:
			s.log.Warn("refused", "reason", "more refusals on this connection are not logged", "remote", cs.remote)
			return
		case n > maxRefusalLines:
			return
		}
	}
	base := []any{"reason", reason}
	if ctx != nil {
		base = append(base, "remote", ctx.RemoteAddr().String(), "user", untrusted(ctx.User()))
		if pk, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok && pk != nil {
			base = append(base, "operator", s.keys.name(string(pk.Marshal())), "fingerprint", gossh.FingerprintSHA256(pk))
		}
	}
	s.log.Warn("refused", append(base, args...)...)
}

// sessionChannel opens a session channel, at most MaxSessionsPerConn at
// once on one connection, with its requests filtered (filterRequests).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	cs := connStateOf(ctx)
	if cs != nil {
		if n := cs.channels.Add(1); int(n) > s.cfg.MaxSessionsPerConn {
			cs.channels.Add(-1)
			s.refused(ctx, cs, "too many sessions on one connection", "limit", s.cfg.MaxSessionsPerConn)
			nc.Reject(gossh.ResourceShortage, "too many sessions on this connection")
			return
		}
		defer cs.channels.Add(-1)
	}
	ssh.DefaultSessionHandler(srv, conn, &filteredChannel{NewChannel: nc, s: s, cs: cs, ctx: ctx}, ctx)
}

// refuseChannel rejects every channel type but "session".
func (s *Server) refuseChannel(_ *ssh.Server, _ *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	reason := "channel type not served"
	switch nc.ChannelType() {
	case "direct-tcpip", "forwarded-tcpip", "direct-streamlocal@openssh.com":
		reason = "port forwarding is not served"
	case "x11":
		reason = "X11 forwarding is not served"
	case "auth-agent@openssh.com":
		reason = "agent forwarding is not served"
	}
	s.refused(ctx, connStateOf(ctx), reason, "type", untrusted(nc.ChannelType()))
	nc.Reject(gossh.Prohibited, reason)
}

// refuseGlobal refuses every global request; keepalives and
// no-more-sessions are answered without a log line (they ask for nothing).
func (s *Server) refuseGlobal(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	reason := "global request not served"
	switch req.Type {
	case "keepalive@openssh.com", "no-more-sessions@openssh.com":
		return false, nil
	case "tcpip-forward", "cancel-tcpip-forward", "streamlocal-forward@openssh.com", "cancel-streamlocal-forward@openssh.com":
		reason = "port forwarding is not served"
	}
	s.refused(ctx, connStateOf(ctx), reason, "type", untrusted(req.Type))
	return false, nil
}

// filteredChannel is a session channel whose requests pass through
// filterRequests before the session sees them.
type filteredChannel struct {
	gossh.NewChannel
	s   *Server
	cs  *connState
	ctx ssh.Context
}

func (f *filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go f.filterRequests(reqs, out)
	return ch, out, nil
}

// filterRequests hands the session the requests of a terminal session
// (pty-req, window-change, shell, exec — refused later with a message —,
// signal, break, a few small env) and refuses the rest.
func (f *filteredChannel) filterRequests(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	env := 0
	for req := range in {
		var reason string
		var args []any
		switch req.Type {
		case "pty-req", "window-change", "shell", "exec", "signal", "break":
		case "env":
			var kv struct{ Key, Value string }
			switch err := gossh.Unmarshal(req.Payload, &kv); {
			case err != nil:
				reason = "malformed env request"
			case env >= maxEnv:
				reason, args = "too many environment variables", []any{"name", untrusted(kv.Key), "limit", maxEnv}
			case len(kv.Key)+len(kv.Value) > maxEnvBytes:
				reason, args = "environment variable too long", []any{"name", untrusted(kv.Key), "bytes", len(kv.Key) + len(kv.Value)}
			default:
				env++
			}
		case "subsystem":
			var name struct{ Value string }
			gossh.Unmarshal(req.Payload, &name)
			reason, args = "subsystem not served (no sftp, no scp)", []any{"subsystem", untrusted(name.Value)}
		case "x11-req":
			reason = "X11 forwarding is not served"
		case "auth-agent-req@openssh.com":
			reason = "agent forwarding is not served"
		default:
			reason, args = "session request not served", []any{"type", untrusted(req.Type)}
		}
		if reason != "" {
			f.s.refused(f.ctx, f.cs, reason, args...)
			req.Reply(false, nil)
			continue
		}
		out <- req
	}
}
