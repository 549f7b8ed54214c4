package commands

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// txnJSON is a transaction as scripts see it: SNAP's names where SNAP has
// one, money in integer rupiah, times in the outlet's zone (--tz) with its offset.
type txnJSON struct {
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	ReferenceNo        string `json:"referenceNo"`
	CustomerNumber     string `json:"customerNumber"`
	CustomerName       string `json:"customerName"`
	ResponseCode       string `json:"responseCode"`
	ResponseMessage    string `json:"responseMessage"`
	Kind               string `json:"kind"`
	State              string `json:"state"`
	Amount             int64  `json:"amount"`
	Fee                int64  `json:"fee"`
	Receive            int64  `json:"receive"`
	ReceiptNo          string `json:"receiptNo"`
	Operator           string `json:"operator"`
	Outlet             string `json:"outlet"`
	ExternalID         string `json:"externalId"`
	LastStatus         string `json:"lastStatus,omitempty"`
	Reason             string `json:"reason,omitempty"`
	// Summary is the one outcome line in the operator's language, as the
	// screens and the slip say it.
	Summary string `json:"summary"`
	// Available is the deposit available after OVO refused the amount as
	// above the deposit (4033814): the mirror was stale and was re-read.
	Available *int64    `json:"available,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func (c *cli) toJSON(t cashier.Txn) txnJSON {
	loc := c.call.Location()
	return txnJSON{
		Summary:            c.cat.Outcome(t),
		PartnerReferenceNo: t.PartnerReferenceNo, ReferenceNo: t.ReferenceNo, CustomerNumber: t.CustomerNumber,
		CustomerName: t.CustomerName, ResponseCode: t.ResponseCode, ResponseMessage: t.ResponseMessage,
		Kind: string(t.Kind), State: string(t.State), Amount: t.Amount, Fee: t.Fee, Receive: max(0, t.Amount-t.Fee),
		ReceiptNo: t.ReceiptNo, Operator: t.Operator, Outlet: t.Outlet, ExternalID: t.ExternalID,
		LastStatus: t.LastStatus, Reason: string(cashier.TxnReason(t)),
		CreatedAt: t.CreatedAt.In(loc), UpdatedAt: t.UpdatedAt.In(loc),
	}
}

// printTxn prints a transaction as a table in the operator's language.
func (c *cli) printTxn(t cashier.Txn) {
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	kind := c.cat.T(i18n.CLIKindTopUp)
	if t.Kind == cashier.KindDisburse {
		kind = c.cat.T(i18n.CLIKindDisburse)
	}
	row := func(k i18n.Key, v string) { fmt.Fprintf(w, "%s\t%s\n", c.cat.T(k), v) }
	fmt.Fprintf(w, "%s\t%s\n", kind, strings.ToUpper(c.cat.State(t.State)))
	row(i18n.CLIOutcome, c.cat.Outcome(t))
	row(i18n.CLIReference, t.PartnerReferenceNo)
	if t.ReferenceNo != "" {
		row(i18n.CLIOVOReference, t.ReferenceNo)
	}
	row(i18n.CLICustomer, t.CustomerNumber+" "+t.CustomerName)
	row(i18n.CLIAmount, cashier.Rupiah(t.Amount))
	if t.State != cashier.StateFailed { // a failed one moved nothing
		row(i18n.CLIFee, cashier.Rupiah(t.Fee))
		row(i18n.CLIReceives, cashier.Rupiah(max(0, t.Amount-t.Fee)))
	}
	if t.ReceiptNo != "" {
		row(i18n.CLIReceipt, t.ReceiptNo)
	}
	switch {
	case t.LastStatus != "": // settled by a status check: the first answer is history
		row(i18n.CLIOVOStatusRow, c.cat.Status(t.LastStatus))
	case t.ResponseCode != "":
		row(i18n.CLIOVOSaid, t.ResponseCode+" "+t.ResponseMessage)
	case t.ResponseMessage != "":
		row(i18n.CLINoAnswer, t.ResponseMessage)
	}
	if r := cashier.TxnReason(t); r != "" && t.State != cashier.StateSuccess {
		row(i18n.CLIReason, c.cat.Reason(r))
	}
	row(i18n.CLIOperator, t.Operator)
	row(i18n.CLITime, c.clock(t.CreatedAt))
	w.Flush()
	switch t.State {
	case cashier.StateUnknown, cashier.StatePending:
		fmt.Fprintln(c.stderr, c.cat.F(i18n.CLIPendingHint, t.PartnerReferenceNo))
	}
}

// clock renders t in the outlet's zone with its name: "2026-11-23 19:05:12 WIB".
func (c *cli) clock(t time.Time) string {
	t = t.In(c.call.Location())
	return t.Format("2006-01-02 15:04:05") + " " + cashier.ZoneAbbrev(t)
}
