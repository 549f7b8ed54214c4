package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/pgtest"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// BenchmarkTopUps is durable top ups per second — the pending commit, the
// signed call to the in-process sandbox over loopback HTTP, the outcome
// commit — from benchSessions sessions at once, through:
//
//   - raw-insert-commit: the reference, no cashier at all: one INSERT of a
//     small row and its COMMIT per "top up", from as many sessions on one
//     pool (commits of concurrent sessions share WAL flushes);
//   - raw-insert-hotrow-commit: the same with an UPDATE of one shared row
//     before the COMMIT, as the ledger's deposit row: the row lock is held
//     through the flush, so these commits queue one behind the other;
//   - bbolt: one service on the embedded ledger (fsync'd);
//   - postgres/instances=N: N service instances, each with its own pool
//     and OVO client (as N serve processes), on one database, the
//     sessions spread over them.
//
// Each reports topups/s; compare them within one run:
//
//	OVO_TEST_POSTGRES=… go test -run '^$' -bench TopUps -benchtime 1000x ./storage/postgres/
func BenchmarkTopUps(b *testing.B) {
	url := pgtest.DB(b)
	b.Run("raw-insert-commit", func(b *testing.B) { benchRaw(b, url, false) })
	b.Run("raw-insert-hotrow-commit", func(b *testing.B) { benchRaw(b, url, true) })
	b.Run("bbolt", func(b *testing.B) { benchBolt(b) })
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("postgres/instances=%d", n), func(b *testing.B) { benchPostgres(b, n) })
	}
}

// benchSessions is how many top ups are under way at once.
const benchSessions = 32

// sessions runs b.N calls of one spread over benchSessions goroutines and
// reports the rate as topups/s.
func sessions(b *testing.B, one func(i int) error) {
	b.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for g := range benchSessions {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				if err := one(g); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "topups/s")
}

func benchRaw(b *testing.B, url string, hot bool) {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = benchSessions
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS raw_ref (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL);
		CREATE TABLE IF NOT EXISTS raw_hot (id INT PRIMARY KEY, n BIGINT NOT NULL);
		INSERT INTO raw_hot VALUES (1, 0) ON CONFLICT DO NOTHING`); err != nil {
		b.Fatal(err)
	}
	sessions(b, func(int) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO raw_ref (v) VALUES ('small value')`); err != nil || !hot {
				return err
			}
			_, err := tx.Exec(ctx, `UPDATE raw_hot SET n = n + 1 WHERE id = 1`)
			return err
		})
	})
}

// benchSim is a sandbox that never runs out of deposit or customer limits.
var benchSim = ovosim.Config{Deposit: 1e12, BalanceCap: 1e14, MonthlyInLimit: 1e14}

func benchBolt(b *testing.B) {
	_, srv := sandbox(b, benchSim)
	db, err := storage.Open(filepath.Join(b.TempDir(), "ledger.db"), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := benchService(b, db, srv.URL)
	benchExecute(b, []*cashier.Service{svc})
}

func benchPostgres(b *testing.B, instances int) {
	url := pgtest.DB(b)
	_, srv := sandbox(b, benchSim)
	var svcs []*cashier.Service
	for range instances {
		in, err := newInstance(context.Background(), url, srv.URL, postgres.Options{MaxConns: int32(benchSessions/instances + 2)}, cashier.Config{}, false)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { in.svc.Close(context.Background()); in.db.Close() })
		svcs = append(svcs, in.svc)
	}
	benchExecute(b, svcs)
}

// benchService is a service on db talking to the sandbox at simURL, its
// mirror read.
func benchService(b *testing.B, db cashier.Ledger, simURL string) *cashier.Service {
	key, err := partnerKey()
	if err != nil {
		b.Fatal(err)
	}
	client, err := ovoclient.New(ovoclient.Config{BaseURL: simURL, ClientID: "pg-client", ClientSecret: "pg-secret", PrivateKey: key, Timeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := cashier.New(cashier.Config{OVO: client.Port(), Ledger: db})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close(context.Background()) })
	if _, err := svc.RefreshDeposit(context.Background()); err != nil {
		b.Fatal(err)
	}
	return svc
}

// benchExecute runs b.N top ups over the services (session g on service
// g mod len), one quote per session.
func benchExecute(b *testing.B, svcs []*cashier.Service) {
	quotes := make([]cashier.Quote, benchSessions)
	for g := range quotes {
		q, err := svcs[g%len(svcs)].Inquiry(context.Background(), ledger.KindTopUp, ovosim.NumberSiti, 10_000)
		if err != nil {
			b.Fatal(err)
		}
		quotes[g] = q
	}
	sessions(b, func(g int) error {
		res, err := svcs[g%len(svcs)].Execute(context.Background(), cashier.Order{Quote: quotes[g]})
		if err == nil && res.Txn.State != ledger.StateSuccess {
			err = fmt.Errorf("top up %s: %v", res.Txn.State, res.Err)
		}
		return err
	})
}
