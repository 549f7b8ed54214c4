package commands

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// fleetLedger is a ledger shared by a chain's outlets (PostgreSQL): it
// can show every outlet at once.
type fleetLedger interface {
	Fleet(from, to time.Time) ([]postgres.OutletDay, error)
}

// fleetJSON is `fleet --json`: the merchant's deposit (read from OVO, or
// the mirror with why not) and every outlet's day.
type fleetJSON struct {
	Day          string               `json:"day"`
	Deposit      depositJSON          `json:"deposit"`
	DepositRead  bool                 `json:"depositRead"`            // read from OVO just now
	DepositError string               `json:"depositError,omitempty"` // why not
	Outlets      []postgres.OutletDay `json:"outlets"`
}

// fleetFlags is `ovocashier fleet [--day D] [--json]`: the owner's view of
// the chain — per outlet the day's totals, the shifts open, the
// transactions awaiting approval and those still not final, under the
// merchant's deposit as OVO says it now. A supervisor's (every outlet's
// totals, like the day report).
func fleetFlags(fs *pflag.FlagSet) runFunc {
	day := fs.String("day", "", "the day, YYYY-MM-DD in the outlet's zone (--tz); default today")
	pinFlag(fs)
	return func(ctx context.Context, c *cli) int {
		when := time.Now().In(c.call.Location())
		if *day != "" {
			d, err := time.ParseInLocation("2006-01-02", *day, c.call.Location())
			if err != nil {
				return c.badInput(c.cat.F(i18n.CLIBadDay, *day))
			}
			when = d
		}
		if !DatabaseURL(c.call.Data) && !c.remote {
			return c.fail(cashier.ExitRefused, errors.New(c.cat.T(i18n.FleetNotShared)))
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		fl, isFleet := svc.Ledger().(fleetLedger)
		if !isFleet {
			return c.fail(cashier.ExitRefused, errors.New(c.cat.T(i18n.FleetNotShared)))
		}
		if _, code, ok := c.who(svc, "report day"); !ok {
			return code
		}
		from := time.Date(when.Year(), when.Month(), when.Day(), 0, 0, 0, 0, c.call.Location())
		outlets, err := fl.Fleet(from, from.AddDate(0, 0, 1))
		if err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		for _, o := range outlets { // times in the outlet's zone, as every other command's
			for i := range o.OpenShifts {
				o.OpenShifts[i].OpenedAt = o.OpenShifts[i].OpenedAt.In(c.call.Location())
			}
		}
		out := fleetJSON{Day: from.Format("2006-01-02"), Outlets: outlets, DepositRead: true}
		d, err := svc.RefreshDeposit(ctx)
		if err != nil {
			out.DepositRead, out.DepositError = false, c.words(err)
			if d, err = svc.Ledger().Deposit(); err != nil {
				return c.fail(cashier.ExitRefused, err)
			}
		}
		out.Deposit = depositJSON{Balance: d.Balance, Reserved: d.Reserved, Available: d.Available, RefreshedAt: d.RefreshedAt.In(c.call.Location())}
		if c.json {
			c.printJSON(out)
			return 0
		}
		c.printFleet(out)
		return 0
	}
}

// printFleet is the fleet as a table, the deposit on top.
func (c *cli) printFleet(f fleetJSON) {
	fmt.Fprintln(c.stdout, c.cat.F(i18n.FleetTitle, f.Day))
	if !f.DepositRead {
		fmt.Fprintln(c.stdout, c.cat.F(i18n.FleetDepositNotRead, f.DepositError))
	}
	read := "-"
	if !f.Deposit.RefreshedAt.IsZero() {
		read = c.clock(f.Deposit.RefreshedAt)
	}
	fmt.Fprintln(c.stdout, c.cat.F(i18n.FleetDeposit, cashier.Rupiah(f.Deposit.Balance), cashier.Rupiah(f.Deposit.Reserved),
		cashier.Rupiah(f.Deposit.Available), read))
	fmt.Fprintln(c.stdout)
	if len(f.Outlets) == 0 {
		fmt.Fprintln(c.stdout, c.cat.T(i18n.FleetNoOutlets))
		return
	}
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.cat.T(i18n.FleetColOutlet), c.cat.T(i18n.FleetColTopUps), c.cat.T(i18n.FleetColDisburse),
		c.cat.T(i18n.FleetColFailed), c.cat.T(i18n.FleetColShifts), c.cat.T(i18n.FleetColAwaiting), c.cat.T(i18n.FleetColUnknown))
	count := func(n int, amount int64) string {
		if n == 0 {
			return "0"
		}
		return fmt.Sprintf("%d %s", n, cashier.Rupiah(amount))
	}
	for _, o := range f.Outlets {
		name := o.Outlet
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", name, count(o.TopUps.Success, o.TopUps.SuccessAmount),
			count(o.Disbursements.Success, o.Disbursements.SuccessAmount), o.TopUps.Failed+o.Disbursements.Failed,
			len(o.OpenShifts), count(o.Awaiting, o.AwaitingAmount), count(o.Unknown, o.UnknownAmount))
	}
	w.Flush()
	for _, o := range f.Outlets {
		for _, s := range o.OpenShifts {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.FleetShiftLine, o.Outlet, s.ID, s.Operator, s.Terminal, c.clock(s.OpenedAt)))
		}
	}
}
