package cashier_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/logx"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// BenchmarkServiceTopUp is a whole top up as an operator's screen makes
// it, without SSH: the inquiry, the checkout's repeat and shift checks and
// Execute (a cashier's role, whose day total is checked), through a
// cashier.Service wired as `serve` wires it (cmd/ovocashier/app.go): the
// bbolt ledger, the built-in sandbox with its state file behind an
// http.Server on 127.0.0.1, the OVO client with its logger, a text log
// written to a file. Each top up goes to a new customer. sessions=N runs N
// goroutines at once; cpu-ms/op is the process's CPU time (user + system,
// getrusage) per top up — the sandbox's included, as in `serve`. raw is the
// reference measured in the same run: one fsync'd bbolt Update of one
// small key (storage's BenchmarkRawBoltUpdate).
//
//	go test -run '^$' -bench ServiceTopUp -benchmem -benchtime 2000x ./cashier/
func BenchmarkServiceTopUp(b *testing.B) {
	b.Run("raw", benchRawUpdate)
	for _, n := range []int{1, 64} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) { benchServiceTopUps(b, n) })
	}
}

func benchRawUpdate(b *testing.B) {
	bdb, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := range b.N {
		err := bdb.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("b")).Put(binary.BigEndian.AppendUint64(nil, uint64(i)), []byte("small value"))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}

// serveLike is a cashier.Service wired as `serve` wires it, built-in
// sandbox included.
func serveLike(b *testing.B) *cashier.Service {
	b.Helper()
	dir := b.TempDir()
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { logf.Close() })
	log := slog.New(logx.NewHandler(logf, logx.FormatText, nil))
	creds, err := ovosim.LoadOrCreateCredentials(filepath.Join(dir, "sandbox"))
	if err != nil {
		b.Fatal(err)
	}
	key, err := ovoclient.ParsePrivateKeyPEM(creds.PrivateKeyPEM)
	if err != nil {
		b.Fatal(err)
	}
	pub, err := ovoclient.ParsePublicKeyPEM(creds.PublicKeyPEM)
	if err != nil {
		b.Fatal(err)
	}
	sim, err := ovosim.New(ovosim.Config{
		ClientID: creds.ClientID, ClientSecret: creds.ClientSecret, PartnerPublicKey: pub,
		StatePath: filepath.Join(dir, "sandbox.db"), Logger: log.With("component", "sandbox"),
		Deposit: 1e12, BalanceCap: 1e12, MonthlyInLimit: 1e12,
	})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	client, err := ovoclient.New(ovoclient.Config{
		BaseURL: "http://" + ln.Addr().String(), ClientID: creds.ClientID, ClientSecret: creds.ClientSecret,
		PrivateKey: key, Logger: log,
	})
	if err != nil {
		b.Fatal(err)
	}
	db, err := storage.Open(filepath.Join(dir, "ledger.db"), storage.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	limits := cashier.DefaultLimits()
	limits[cashier.RoleCashier][cashier.KindTopUp] = cashier.Limit{PerTxn: 1e9, PerDay: 1e15}
	svc, err := cashier.New(cashier.Config{
		OVO: client.Port(), Ledger: db, Merchant: "Toko Bench", Outlet: "Outlet Bench", Terminal: "ssh",
		Logger: log, Shifts: true, DepositMinInterval: 2 * time.Second, Limits: limits,
		Explain: func(t cashier.Txn, lang string) string { return i18n.New(lang).Why(t) },
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.RefreshDeposit(context.Background()); err != nil {
		b.Fatal(err)
	}
	svc.Start(context.Background())
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		svc.Close(ctx)
		srv.Shutdown(ctx)
		db.Close()
		sim.Close()
	})
	if _, err := svc.OpenShift(context.Background(), "load", 0); err != nil {
		b.Fatal(err)
	}
	return svc
}

// phoneSeq hands out a new customer's number per top up.
var phoneSeq atomic.Int64

// screenTopUp is one top up as the screens make it: inquiry, the
// checkout's checks, Execute.
func screenTopUp(ctx context.Context, svc *cashier.Service) error {
	phone := fmt.Sprintf("0813%08d", phoneSeq.Add(1))
	q, err := svc.Inquiry(ctx, cashier.KindTopUp, phone, 20_000)
	if err != nil {
		return err
	}
	if err := svc.CheckRepeat(q.Kind, q.Phone, q.Amount); err != nil {
		return err
	}
	if err := svc.CheckShift("load"); err != nil {
		return err
	}
	res, err := svc.Execute(ctx, cashier.Order{Quote: q, Operator: "load", Role: cashier.RoleCashier, From: "ssh bench"})
	if err != nil {
		return err
	}
	if res.Txn.State != cashier.StateSuccess {
		return fmt.Errorf("top up %s: %v", res.Txn.State, res.Err)
	}
	return nil
}

func benchServiceTopUps(b *testing.B, sessions int) {
	svc := serveLike(b)
	ctx := context.Background()
	if err := screenTopUp(ctx, svc); err != nil { // the token, the first connection
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				if err := screenTopUp(ctx, svc); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	cpu.report(b)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// cpuClock measures the process's CPU time over a benchmark.
type cpuClock struct{ start time.Duration }

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU(b *testing.B) cpuClock { return cpuClock{start: processCPU(b)} }

// report adds cpu-ms/op: the process's CPU per iteration.
func (c cpuClock) report(b *testing.B) {
	used := processCPU(b) - c.start
	b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
