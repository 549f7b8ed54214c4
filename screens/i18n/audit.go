package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// auditActions are the actions of the audit trail (AuditRecord.Action, the
// code stored in the hash-chained record) in words.
var auditActions = map[string]pair{
	"send":               {"kirim ke OVO", "sent to OVO"},
	"settle":             {"hasil akhir", "settled"},
	"hold":               {"ditahan menunggu persetujuan", "held for approval"},
	"approve":            {"disetujui", "approved"},
	"reject":             {"ditolak", "rejected"},
	"expire":             {"kedaluwarsa", "expired"},
	"batch-approve":      {"batch disetujui", "batch approved"},
	"batch-run":          {"batch dijalankan", "batch run"},
	"reprint":            {"cetak ulang struk", "receipt reprinted"},
	"shift-open":         {"buka shift", "shift opened"},
	"shift-close":        {"tutup shift", "shift closed"},
	"pay-in":             {"kas masuk", "pay-in"},
	"pay-out":            {"kas keluar", "pay-out"},
	"login":              {"masuk", "logged in"},
	"lock":               {"dikunci", "locked"},
	"pin-failed":         {"PIN salah", "wrong PIN"},
	"pin-locked":         {"terkunci karena PIN salah", "locked after wrong PINs"},
	"pin-refused-locked": {"PIN ditolak: operator terkunci", "PIN refused: operator locked"},
	"operator-set":       {"operator disimpan", "operator saved"},
	"operator-remove":    {"operator dihapus", "operator removed"},
	"settings":           {"pengaturan berubah", "settings changed"},
	"migrate":            {"migrasi buku kas", "ledger migrated"},
}

// lockWhy words why the counter was locked.
var lockWhy = map[string]pair{
	"idle": {"tidak ada ketukan tombol", "no key pressed"},
	"key":  {"dikunci dengan tombol", "locked with the key"},
}

// AuditAction is an audit record's action in words; an action it does not
// know is shown as stored.
func (c *Catalog) AuditAction(action string) string {
	if p, ok := auditActions[action]; ok {
		return p.in(c.Lang())
	}
	return action
}

// auditRole and auditUntil are the words of an operator change's role and
// of a PIN lock's end.
var (
	auditRole  = pair{"peran %s", "role %s"}
	auditUntil = pair{"sampai %s", "until %s"}
)

// AuditDetail is an audit record's detail in words, read back from the
// fields the stored (English) detail holds where the action's detail has a
// known shape: a hold's kind, limit code, amounts and role; a send's or a
// settlement's kind and state; an operator change's role; a PIN lock's end.
// Anything else, or a detail that does not parse, is the stored detail.
// The record itself is never changed (it is hash-chained).
func (c *Catalog) AuditDetail(r cashier.AuditRecord) string {
	d := r.Detail
	f := strings.Fields(d)
	kind := func(s string) (string, bool) {
		switch cashier.Kind(s) {
		case cashier.KindTopUp, cashier.KindDisburse:
			return c.Kind(cashier.Kind(s)), true
		}
		return "", false
	}
	switch r.Action {
	case "hold": // "disburse above_txn_limit 1500000 > 1000000 (cashier)"
		if len(f) != 6 || f[3] != ">" || !strings.HasPrefix(f[5], "(") || !strings.HasSuffix(f[5], ")") {
			break
		}
		k, okK := kind(f[0])
		p, okC := holdWords[cashier.HoldCode(f[1])]
		amount, errA := strconv.ParseInt(f[2], 10, 64)
		limit, errL := strconv.ParseInt(f[4], 10, 64)
		if !okK || !okC || errA != nil || errL != nil {
			break
		}
		role := cashier.Role(strings.TrimSuffix(strings.TrimPrefix(f[5], "("), ")"))
		return k + ": " + fmt.Sprintf(p.in(c.Lang()), cashier.Rupiah(amount), c.RoleWord(role), cashier.Rupiah(limit))
	case "send", "settle": // "topup", "disburse success", "topup success 2003800"
		if len(f) == 0 || len(f) > 3 {
			break
		}
		k, ok := kind(f[0])
		if !ok {
			break
		}
		switch len(f) {
		case 3: // a settlement with OVO's response code
			return k + ": " + c.State(cashier.State(f[1])) + " (" + f[2] + ")"
		case 2:
			return k + ": " + c.State(cashier.State(f[1]))
		}
		return k
	case "lock": // why: "idle" or "key"
		if p, ok := lockWhy[d]; ok {
			return p.in(c.Lang())
		}
	case "operator-set": // "role cashier"
		if len(f) == 2 && f[0] == "role" {
			return fmt.Sprintf(auditRole.in(c.Lang()), c.RoleWord(cashier.Role(f[1])))
		}
	case "pin-locked": // "until 2026-11-23T12:05:00Z"
		if len(f) == 2 && f[0] == "until" {
			if t, err := time.Parse(time.RFC3339, f[1]); err == nil {
				return fmt.Sprintf(auditUntil.in(c.Lang()), c.Clock(t))
			}
		}
	}
	return d
}
