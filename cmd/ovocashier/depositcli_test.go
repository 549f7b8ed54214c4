package main

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/internal/pgtest"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// Many `ovocashier topup` processes at once on one PostgreSQL ledger, OVO
// applying each top up at once and answering a second later (so a reading
// taken meanwhile already includes the top ups in flight): exactly as many
// succeed as the deposit covers, the others are refused for the deposit,
// the mirror is never negative, and the sandbox's deposit falls by exactly
// the successes. Before DepositForSend every process read the deposit
// before its top up and counted the others' top ups in flight twice (30
// processes against a deposit covering 17: 12 succeeded). Run twice: with
// a mirror just read, and with one read long ago (the first processes
// read it while others may already be sending).
func TestCLIProcessesShareDeposit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	url := pgtest.DB(t)
	serveEnv(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "ovocashier")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	creds, err := ovosim.LoadOrCreateCredentials(filepath.Join(dir, "creds"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ovoclient.ParsePublicKeyPEM(creds.PublicKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	const (
		procs   = 20
		amount  = 1_000_000
		covered = 12
		stagger = 150 * time.Millisecond // scripts start one after another, not all in one instant
	)
	sim, err := ovosim.New(ovosim.Config{ClientID: creds.ClientID, ClientSecret: creds.ClientSecret, PartnerPublicKey: pub,
		Deposit: covered*amount + amount/2, Latency: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	hs := httptest.NewServer(sim)
	defer hs.Close()
	env := append(os.Environ(), "OVO_BASE_URL="+hs.URL, "OVO_CLIENT_ID="+creds.ClientID, "OVO_CLIENT_SECRET="+creds.ClientSecret,
		"OVO_PRIVATE_KEY_FILE="+creds.PrivateKeyFile, "HOME="+dir, "OVO_DATA="+url, "OVO_OUTLET=Kemang", "OVO_LANG=en")
	cli := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Errorf("%v: %v", args, err)
		}
		return cmd.ProcessState.ExitCode(), string(out)
	}
	db, err := postgres.Open(context.Background(), url, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	for round, stale := range []bool{false, true} {
		t.Run(fmt.Sprintf("staleMirror=%v", stale), func(t *testing.T) {
			if round > 0 {
				sim.SetDeposit(covered*amount + amount/2)
			}
			if code, out := cli("deposit"); code != 0 {
				t.Fatalf("deposit: exit %d: %s", code, out)
			}
			if stale {
				if _, err := db.Pool().Exec(context.Background(), `UPDATE deposit SET refreshed_ns = refreshed_ns - $1`, int64(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			before := sim.Deposit()
			stop := make(chan struct{})
			var negative atomic.Bool
			var watch sync.WaitGroup
			watch.Go(func() {
				for {
					if d, err := db.Deposit(); err == nil && (d.Available < 0 || d.Balance < 0 || d.Reserved < 0) {
						negative.Store(true)
					}
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			})
			codes := make([]int, procs)
			outs := make([]string, procs)
			var wg sync.WaitGroup
			for i := range procs {
				time.Sleep(stagger)
				wg.Go(func() {
					codes[i], outs[i] = cli("topup", "--phone", fmt.Sprintf("0812%08d", 100*round+i), "--amount", fmt.Sprint(amount), "--allow-repeat")
				})
			}
			wg.Wait()
			close(stop)
			watch.Wait()

			ok, refused := 0, 0
			for i, code := range codes {
				switch {
				case code == 0:
					ok++
				case code == 1 && strings.Contains(outs[i], "merchant deposit is too low"):
					refused++
				default:
					t.Errorf("process %d: exit %d: %s", i, code, outs[i])
				}
			}
			spent := before - sim.Deposit()
			t.Logf("%d processes, deposit covering %d: %d succeeded, %d refused for the deposit", procs, covered, ok, refused)
			if ok != covered || refused != procs-covered {
				t.Errorf("%d succeeded and %d were refused; the deposit covers exactly %d", ok, refused, covered)
			}
			if spent != int64(ok)*amount {
				t.Errorf("the sandbox's deposit fell by %d; %d successes of %d", spent, ok, amount)
			}
			if negative.Load() {
				t.Error("the mirror went negative")
			}
		})
	}
}
