package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Roles, approvals and the audit trail on the command line (issue 14):
// approvals, approve, reject, audit and operators, and who runs a command.
//
// Who: over SSH, the key's operator and role (Call.Role, From, Key, set by
// the server from authorized_keys). On this machine (directly or through
// the control socket), the operator named by --operator: without an
// operators file, roles are not in use and the command line may do
// everything; with one, the operator's role is the file's (a name it does
// not list is a cashier), and a command that needs more than a cashier
// (cashier.Needs) needs that operator's PIN (--pin or OVO_PIN), checked as
// at the counter (three wrong ones lock the operator).

func roleCommands() []def {
	return []def{
		{name: "approvals", short: "the transactions awaiting a supervisor's approval; approvals ID: that one, decided or not, with its signature (supervisor)", flags: approvalsFlags, args: 1},
		{name: "approve", short: "approve a transaction awaiting approval: approve ID [--signature FILE|-] (supervisor, not its maker)", flags: approveFlags, args: 1,
			long: "ID is the approval id (A…), or the reference or receipt number of the transaction it became.\n" +
				"Over SSH an approval is signed with your own key: `approve ID` prints the bytes to sign;\n" +
				"sign them with `ssh-keygen -Y sign -f KEY -n " + cashier.ApprovalNamespace + "` and send the signature with --signature - on stdin.\n" +
				"On this machine the supervisor's PIN approves (--pin or OVO_PIN)."},
		{name: "reject", short: "reject a transaction awaiting approval: reject ID --reason TEXT (supervisor, not its maker)", flags: rejectFlags, args: 1},
		{name: "audit", short: "the audit trail: audit verify | audit export --day YYYY-MM-DD (supervisor)", flags: auditFlags, args: 1},
		{name: "operators", short: "the counter's operators: operators [list] | set NAME --role R [--new-pin P] | remove NAME (owner)", flags: operatorsFlags, args: 2},
	}
}

// pinFlag registers --pin: the command line's proof of its operator.
func pinFlag(fs *pflag.FlagSet) *string {
	return fs.String("pin", "", "your PIN, when the operators file lists operators (default $OVO_PIN)")
}

// takePIN puts the command line's PIN (--pin, else $OVO_PIN of the caller)
// in the call, which carries it through the control socket.
func (c *cli) takePIN(fs *pflag.FlagSet) {
	if f := fs.Lookup("pin"); f != nil && f.Changed {
		c.call.PIN = f.Value.String()
	} else if !c.remote {
		c.call.PIN = os.Getenv("OVO_PIN")
	}
}

// gate refuses a command its runner's role may not run (cashier.Needs by
// the command's name); -1 lets it run. It also works for commands other
// files define, by their name.
func (c *cli) gate(ctx context.Context) int {
	if _, guarded := cashier.Needs[c.name]; !guarded {
		return -1
	}
	svc, code, ok := c.open(ctx)
	if !ok {
		return code
	}
	if _, code, ok := c.who(svc, c.name); !ok {
		return code
	}
	return -1
}

// rolesInUse reports whether the host's operators file lists operators
// (then who runs a read decides what it shows). A file that does not load
// counts as in use: the service refuses it in words when it opens.
func (c *cli) rolesInUse() bool {
	if c.call.OperatorsFile == "" {
		return false
	}
	ops, err := cashier.LoadOperators(c.call.OperatorsFile, 0, nil)
	return err != nil || ops.InUse()
}

// who is the runner of the command, allowed to do action; ok false means
// the command exits with code (reported).
func (c *cli) who(svc *cashier.Service, action string) (a cashier.Actor, code int, ok bool) {
	if c.actor != nil {
		a = *c.actor
	} else {
		if c.ssh {
			role := cashier.Role(c.call.Role)
			if role == "" {
				role = cashier.RoleCashier
			}
			a = cashier.Actor{Name: c.call.Operator, Role: role, From: c.call.From, Key: c.call.Key}
		} else {
			a = cashier.Actor{Name: c.call.Operator, From: "command line"}
			if svc.RolesInUse() && !(action == "operators" && !svc.Operators().HasOwner()) {
				// (Until the file names an owner, the command line manages it.)
				_, guarded := cashier.Needs[action]
				switch {
				case guarded || cashier.NeedsProof[action] || c.call.PIN != "":
					if c.call.PIN == "" {
						// A role the file does not give this operator is
						// refused as such: no PIN would help.
						role, listed := svc.Operators().Role(c.call.Operator)
						if !listed {
							role = cashier.RoleCashier
						}
						if err := cashier.Allow(role, action); err != nil {
							return a, c.fail(cashier.ExitRefused, err), false
						}
						return a, c.fail(cashier.ExitRefused, inputError(c.cat.F(i18n.PINNeeded, c.name))), false
					}
					var err error
					if a, err = svc.Login(c.call.Operator, c.call.PIN, "command line"); err != nil {
						return a, c.fail(cashier.ExitRefused, err), false
					}
				default:
					// A name alone is not proof: without the PIN the runner
					// has a cashier's limits and sight (a supervisor's
					// larger limits and every operator's history need
					// --pin or OVO_PIN), as closer says for shifts.
					a.Role = cashier.RoleCashier
				}
			}
		}
		c.actor = &a
	}
	if err := cashier.Allow(a.Role, action); err != nil {
		return a, c.fail(cashier.ExitRefused, err), false
	}
	return a, 0, true
}

// roleWords is the operator's language for the errors of this file
// (a lock's end in the call's zone).
func (c *cli) roleWords(err error) (string, bool) {
	var le *cashier.PINLockedError
	if errors.As(err, &le) {
		return c.cat.F(i18n.PINLocked, le.Name, c.clock(le.Until)), true
	}
	return c.cat.RoleError(err)
}

// approvalJSON is an approval for scripts. Signature and SignedBytes let
// anyone verify an SSH approval later with the approver's public key
// (ssh-keygen -Y verify -n ovocashier-approval).
type approvalJSON struct {
	ID             string              `json:"id"`
	State          string              `json:"state"`     // awaiting_approval, approved, sent, rejected, expired
	StateText      string              `json:"stateText"` // the state in the caller's language
	Kind           string              `json:"kind"`
	Amount         int64               `json:"amount"`
	Fee            int64               `json:"fee"`
	CustomerNumber string              `json:"customerNumber"`
	CustomerName   string              `json:"customerName"`
	Maker          string              `json:"maker"`
	MakerFrom      string              `json:"makerFrom,omitempty"`
	Hold           *cashier.HoldReason `json:"hold,omitempty"` // which limit it is above: code, amount, limit, role
	Why            string              `json:"why,omitempty"`  // the same in the caller's language
	CreatedAt      time.Time           `json:"createdAt"`
	ExpiresAt      time.Time           `json:"expiresAt"`
	Approver       string              `json:"approver,omitempty"`
	ApproverFrom   string              `json:"approverFrom,omitempty"`
	Fingerprint    string              `json:"fingerprint,omitempty"`
	PublicKey      string              `json:"publicKey,omitempty"`
	Signature      string              `json:"signature,omitempty"`
	SignedBytes    string              `json:"signedBytes,omitempty"`
	Reason         string              `json:"reason,omitempty"`
	Ref            string              `json:"partnerReferenceNo,omitempty"`
}

func (c *cli) approvalJSON(svc *cashier.Service, a cashier.Approval) approvalJSON {
	loc := c.call.Location()
	out := approvalJSON{ID: a.ID, State: string(a.State), StateText: c.cat.ApprovalState(a.State), Kind: string(a.Kind), Amount: a.Amount, Fee: a.Fee, CustomerNumber: a.CustomerNumber,
		CustomerName: a.CustomerName, Maker: a.Maker, MakerFrom: a.MakerFrom, Why: c.cat.HoldWhy(a), CreatedAt: a.CreatedAt.In(loc), ExpiresAt: a.ExpiresAt.In(loc),
		Approver: a.Approver, ApproverFrom: a.ApproverFrom, Fingerprint: a.Fingerprint, PublicKey: a.PublicKey, Signature: a.Signature,
		Reason: a.Reason, Ref: a.Ref}
	if h, ok := cashier.HoldReasonOf(a); ok {
		out.Hold = &h
	}
	if a.Signature != "" {
		out.SignedBytes = string(svc.ApprovalBytes(a, a.Approver))
	}
	return out
}

func approvalsFlags(fs *pflag.FlagSet) runFunc {
	pinFlag(fs) // a supervisor's command: on this machine, with roles in use, it needs their PIN
	return func(ctx context.Context, c *cli) int {
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		var list []cashier.Approval
		var err error
		if len(c.args) == 1 {
			// One approval in any state: a decided one's signature stays
			// verifiable later with the approver's public key alone.
			var a cashier.Approval
			if a, err = svc.FindApproval(c.args[0]); errors.Is(err, cashier.ErrApprovalNotFound) {
				return c.notFound(err, c.cat.F(i18n.ApprovalNotFound, c.args[0]))
			}
			list = []cashier.Approval{a}
		} else {
			list, err = svc.Approvals()
		}
		if err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		if c.json {
			out := make([]approvalJSON, 0, len(list))
			for _, a := range list {
				out = append(out, c.approvalJSON(svc, a))
			}
			c.printJSON(out)
			return 0
		}
		if len(list) == 0 {
			fmt.Fprintln(c.stdout, c.cat.T(i18n.ApprovalNone))
			return 0
		}
		w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, c.cat.T(i18n.ApprovalsHeading))
		for _, a := range list {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, c.clock(a.CreatedAt), c.cat.KindShort(a.Kind), cashier.Rupiah(a.Amount),
				a.CustomerNumber+" "+a.CustomerName, a.Maker, c.cat.ApprovalState(a.State), c.clock(a.ExpiresAt), c.cat.HoldWhy(a))
		}
		w.Flush()
		return 0
	}
}

// oneID is the single ID argument of approve and reject.
func (c *cli) oneID() (string, int, bool) {
	if len(c.args) != 1 {
		return "", c.badInput(c.cat.F(i18n.CLIRequired, "ID")), false
	}
	return c.args[0], 0, true
}

func approveFlags(fs *pflag.FlagSet) runFunc {
	sigFlag := fs.String("signature", "", "the SSHSIG signature of the bytes `approve ID` printed: a file, or - for stdin (over SSH: -)")
	pinFlag(fs)
	return func(ctx context.Context, c *cli) int {
		id, code, ok := c.oneID()
		if !ok {
			return code
		}
		if c.ssh && *sigFlag != "" && *sigFlag != "-" {
			return c.badInput(c.cat.T(i18n.NoSignatureFile))
		}
		var sig []byte
		switch *sigFlag {
		case "":
		case "-":
			b, err := io.ReadAll(io.LimitReader(c.stdin, 64<<10))
			if err != nil {
				return c.fail(cashier.ExitInput, err)
			}
			sig = b
		default:
			b, err := os.ReadFile(*sigFlag)
			if err != nil {
				return c.fail(cashier.ExitInput, err)
			}
			sig = b
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		by, code, ok := c.who(svc, "approve")
		if !ok {
			return code
		}
		a, res, err := svc.Approve(ctx, id, by, sig)
		var need *cashier.SignatureNeededError
		switch {
		case errors.As(err, &need):
			c.stdout.Write(need.Bytes)
			fmt.Fprintln(c.stderr, c.cat.F(i18n.ApprovalSignHint, a.ID, cashier.ApprovalNamespace))
			return cashier.ExitRefused
		case errors.Is(err, cashier.ErrApprovalNotFound):
			return c.notFound(err, c.cat.F(i18n.ApprovalNotFound, id))
		case errors.Is(err, cashier.ErrSignature):
			return c.fail(cashier.ExitInput, err)
		case err != nil:
			return c.fail(cashier.ExitCode(err), err)
		}
		if c.json {
			out := struct {
				Approval approvalJSON `json:"approval"`
				txnJSON
			}{c.approvalJSON(svc, a), c.toJSON(res.Txn)}
			c.printJSON(out)
		} else {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.ApprovalApproved, a.ID, res.Txn.PartnerReferenceNo))
			c.printTxn(res.Txn)
		}
		return cashier.StateExitCode(res.Txn.State)
	}
}

func rejectFlags(fs *pflag.FlagSet) runFunc {
	reason := fs.String("reason", "", "why it is rejected (required)")
	pinFlag(fs)
	return func(ctx context.Context, c *cli) int {
		id, code, ok := c.oneID()
		if !ok {
			return code
		}
		if strings.TrimSpace(*reason) == "" {
			return c.badInput(c.cat.F(i18n.CLIRequired, "--reason"))
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		by, code, ok := c.who(svc, "reject")
		if !ok {
			return code
		}
		a, err := svc.Reject(id, by, *reason)
		switch {
		case errors.Is(err, cashier.ErrApprovalNotFound):
			return c.notFound(err, c.cat.F(i18n.ApprovalNotFound, id))
		case err != nil:
			return c.fail(cashier.ExitCode(err), err)
		}
		if c.json {
			c.printJSON(c.approvalJSON(svc, a))
		} else {
			fmt.Fprintln(c.stdout, c.cat.F(i18n.ApprovalRejected, a.ID))
		}
		return 0
	}
}

// auditRecordJSON is one audit record for scripts (times in the outlet's
// zone), as stored, with its action (actionText) and detail (detailText) in
// the reader's language beside the stored codes.
type auditRecordJSON struct {
	cashier.AuditRecord
	At         time.Time `json:"at"`
	ActionText string    `json:"actionText"`
	DetailText string    `json:"detailText,omitempty"`
}

func auditFlags(fs *pflag.FlagSet) runFunc {
	day := fs.String("day", "", "export: the day, YYYY-MM-DD, in the outlet's zone (--tz)")
	anchorFlags := fs.StringArray("anchor", nil, "verify: an anchor kept outside the ledger, N:HASH (the Z or day slip, an earlier verify); the chain must still hold it (repeatable)")
	pinFlag(fs)
	return func(ctx context.Context, c *cli) int {
		if len(c.args) != 1 || (c.args[0] != "verify" && c.args[0] != "export") {
			return c.badInput(c.cat.F(i18n.CLIRequired, "verify | export"))
		}
		var anchors []cashier.AuditAnchor
		for _, t := range *anchorFlags {
			a, err := cashier.ParseAuditAnchor(t)
			if err != nil {
				return c.badInput(c.cat.RT(i18n.RolesAuditAnchorBad, t))
			}
			anchors = append(anchors, a)
		}
		var d time.Time
		if c.args[0] == "export" {
			var err error
			if d, err = time.ParseInLocation("2006-01-02", *day, c.call.Location()); err != nil {
				return c.badInput(c.cat.F(i18n.CLIBadDay, *day))
			}
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		if _, code, ok := c.who(svc, "audit"); !ok {
			return code
		}
		if c.args[0] == "verify" {
			n, err := svc.VerifyAuditAnchors(anchors)
			var be *cashier.AuditBrokenError
			if errors.As(err, &be) {
				msg := c.cat.F(i18n.AuditBroken, be.Seq, c.cat.AuditBreak(be))
				fmt.Fprintln(c.stderr, msg)
				if c.json {
					c.printJSON(map[string]any{"ok": false, "brokenAt": be.Seq, "code": be.Code, "reason": c.cat.AuditBreak(be), "error": msg})
				}
				return cashier.ExitRefused
			}
			if err != nil {
				return c.fail(cashier.ExitRefused, err)
			}
			head, err := svc.AuditHead()
			if err != nil {
				return c.fail(cashier.ExitRefused, err)
			}
			if c.json {
				held := make([]string, 0, len(anchors))
				for _, a := range anchors {
					held = append(held, a.String())
				}
				c.printJSON(map[string]any{"ok": true, "records": n, "head": head.String(), "anchorsHeld": held})
				return 0
			}
			fmt.Fprintln(c.stdout, c.cat.F(i18n.AuditOK, n))
			for _, a := range anchors {
				fmt.Fprintln(c.stdout, c.cat.RT(i18n.RolesAuditAnchorOK, a.Seq, a.Hash))
			}
			if head.Seq > 0 {
				fmt.Fprintln(c.stdout, c.cat.RT(i18n.RolesAuditHead, head.Seq, head.Hash))
				fmt.Fprintln(c.stdout, c.cat.RT(i18n.RolesAuditAnchorHint))
			}
			return 0
		}
		recs, err := svc.AuditDay(d)
		if err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		if c.json {
			out := make([]auditRecordJSON, 0, len(recs))
			for _, r := range recs {
				out = append(out, auditRecordJSON{AuditRecord: r, At: r.At.In(c.call.Location()),
					ActionText: c.cat.AuditAction(r.Action), DetailText: c.cat.AuditDetail(r)})
			}
			c.printJSON(out)
			return 0
		}
		if len(recs) == 0 {
			fmt.Fprintln(c.stdout, c.cat.T(i18n.AuditNone))
		}
		w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		for _, r := range recs {
			amount := ""
			if r.Amount != 0 {
				amount = cashier.Rupiah(r.Amount)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, c.clock(r.At), r.Who, r.From, c.cat.AuditAction(r.Action), r.Ref, amount, c.cat.AuditDetail(r))
		}
		w.Flush()
		return 0
	}
}

func operatorsFlags(fs *pflag.FlagSet) runFunc {
	role := fs.String("role", "cashier", "set: cashier, supervisor or owner")
	newPIN := fs.String("new-pin", "", "set: the operator's new PIN, 4–12 digits (default: the first line of stdin)")
	pinFlag(fs)
	return func(ctx context.Context, c *cli) int {
		verb := "list"
		if len(c.args) > 0 {
			verb = c.args[0]
		}
		if verb != "list" && verb != "set" && verb != "remove" || (verb == "list") != (len(c.args) <= 1) || verb != "list" && len(c.args) != 2 {
			return c.badInput(c.cat.F(i18n.CLIRequired, "list | set NAME | remove NAME"))
		}
		r, err := cashier.ParseRole(*role)
		if err != nil {
			return c.fail(cashier.ExitInput, err)
		}
		svc, code, ok := c.open(ctx)
		if !ok {
			return code
		}
		by, code, ok := c.who(svc, "operators")
		if !ok {
			return code
		}
		ops := svc.Operators()
		if ops == nil {
			return c.fail(cashier.ExitRefused, cashier.ErrNoOperatorsFile)
		}
		switch verb {
		case "list":
			list := ops.List()
			if c.json {
				c.printJSON(list)
				return 0
			}
			if len(list) == 0 {
				fmt.Fprintln(c.stdout, c.cat.F(i18n.OperatorsNone, ops.Path()))
			}
			for _, e := range list {
				fmt.Fprintf(c.stdout, "%s\t%s\n", e.Name, c.cat.RoleWord(e.Role))
			}
			return 0
		case "set":
			p := *newPIN
			if p == "" {
				line, _ := readLine(c.stdin)
				p = line
			}
			if err := svc.SetOperator(by, c.args[1], r, p); err != nil {
				return c.fail(cashier.ExitCode(err), err)
			}
			fmt.Fprintln(c.stdout, c.cat.F(i18n.OperatorSet, c.args[1], c.cat.Role(r)))
		case "remove":
			if err := ops.Remove(c.args[1]); err != nil {
				return c.fail(cashier.ExitCode(err), err)
			}
			svc.Audit(by, "operator-remove", c.args[1], 0, "")
			fmt.Fprintln(c.stdout, c.cat.F(i18n.OperatorGone, c.args[1]))
		}
		return 0
	}
}

// readLine reads one line (at most 128 bytes) without buffering past it.
func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) < 128 {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				break
			}
			b = append(b, one[0])
		}
		if err != nil {
			return strings.TrimSpace(string(b)), err
		}
	}
	return strings.TrimSpace(string(b)), nil
}

// awaiting reports an order held for approval: exit 3 (not sent yet, and
// it may be: never send it again), with the approval as JSON.
func (c *cli) awaiting(svc *cashier.Service, err error) int {
	var ae *cashier.AwaitingApprovalError
	errors.As(err, &ae)
	msg := c.words(err)
	fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, msg)
	if c.json {
		c.printJSON(struct {
			approvalJSON
			Outcome string `json:"outcome"`
			Message string `json:"message"`
		}{c.approvalJSON(svc, ae.Approval), "awaiting_approval", msg})
	}
	return cashier.ExitUnknown
}

// historyOperator is whose history the runner may see: a cashier only
// their own (whatever --by says), a supervisor anyone's (--by, or all).
func (c *cli) historyOperator(svc *cashier.Service, by string) (string, int, bool) {
	a, code, ok := c.who(svc, "history")
	if !ok {
		return "", code, false
	}
	if cashier.Allow(a.Role, "history-all") != nil {
		return a.Name, 0, true
	}
	return by, 0, true
}

// printedBy names the runner, who a reprint says reprinted it.
func (c *cli) printedBy() string {
	if c.actor != nil {
		return c.actor.Name
	}
	return c.call.Operator
}

// audited records a reprint of ref by the runner.
func (c *cli) audited(svc *cashier.Service, ref string) {
	if a, _, ok := c.who(svc, "reprint"); ok {
		svc.AuditReprint(ref, a)
	}
}

// closer is who closes a shift: the runner, allowed to close shifts; to
// close another operator's (whose) they must be allowed
// close-with-difference (a supervisor's: `shift close --for Budi --pin …`).
// On the command line, with roles in use, a role above a cashier's counts
// only when proven by a PIN: a name alone closes like a cashier.
func (c *cli) closer(svc *cashier.Service, whose string) (cashier.Actor, int, bool) {
	action := "shift close"
	if whose != "" && !strings.EqualFold(whose, c.call.Operator) {
		action = "close-with-difference"
	}
	by, code, ok := c.who(svc, action)
	if !ok {
		return by, code, false
	}
	if !c.ssh && svc.RolesInUse() && c.call.PIN == "" && by.Role.AtLeast(cashier.RoleSupervisor) {
		by.Role = cashier.RoleCashier
	}
	return by, 0, true
}
