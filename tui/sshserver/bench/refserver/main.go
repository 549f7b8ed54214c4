// Command refserver is the reference of the SSH load measurements: the
// smallest wish + Bubble Tea server (wish's bubbletea middleware, its
// renderer, a one-line model), serving any public key. The load command
// (../sshload) measures it in the same run as `ovocashier serve` and
// reports the cashier's figures as ratios to it. Not for production.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/bubbletea"
)

type model struct {
	r    string
	keys int
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.String() == "q" {
			return m, tea.Quit
		}
		m.keys++
	}
	return m, nil
}

func (m model) View() string { return fmt.Sprintf("Reference menu\n%s\nkeys %d\n", m.r, m.keys) }

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address")
	hostKey := flag.String("host-key", "refserver_host_ed25519", "host key file (created)")
	flag.Parse()
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(*hostKey),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(bubbletea.Middleware(func(s ssh.Session) (tea.Model, []tea.ProgramOption) {
			r := bubbletea.MakeRenderer(s)
			return model{r: r.NewStyle().Bold(true).Render("Cashier menu")}, []tea.ProgramOption{tea.WithAltScreen()}
		})),
	)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, ln.Addr().String())
	log.Fatal(srv.Serve(ln))
}
