package i18n

import (
	"errors"

	"github.com/ovocashier/ovocashier/cashier"
)

// The words of roles, approvals, the audit trail and the lock screen
// (issue 14), added to the catalog's texts.
func init() {
	for k, v := range map[Key]pair{
		RoleNeeds:            {"%s memerlukan %s (Anda %s)", "%s needs %s (you are %s)"},
		ApprovalAwaiting:     {"MENUNGGU PERSETUJUAN %s: %s, %s. Belum ada yang dikirim; nominal dicadangkan dari deposit. Supervisor menyetujui dengan `ovocashier approve %[1]s`", "AWAITING APPROVAL %s: %s, %s. Nothing sent yet; the amount is reserved against the deposit. A supervisor approves it with `ovocashier approve %[1]s`"},
		ApprovalOwn:          {"transaksi tidak bisa disetujui atau ditolak oleh pembuatnya sendiri", "a transaction cannot be approved or rejected by its own maker"},
		ApprovalNotAwaiting:  {"tidak menunggu keputusan: %s", "not awaiting a decision: %s"},
		ApprovalSignHint:     {"untuk menyetujui lewat SSH, tanda tangani baris di atas (stdout) dengan kunci Anda lalu kirim tanda tangannya:\n  ssh … approve %[1]s > approval.txt\n  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n %[2]s approval.txt\n  ssh … approve %[1]s --signature - < approval.txt.sig", "to approve over SSH, sign the lines above (stdout) with your key and send the signature:\n  ssh … approve %[1]s > approval.txt\n  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n %[2]s approval.txt\n  ssh … approve %[1]s --signature - < approval.txt.sig"},
		ApprovalBadSignature: {"tanda tangan ditolak: %s", "signature refused: %s"},
		ApprovalApproved:     {"%s disetujui: dikirim sebagai %s", "%s approved: sent as %s"},
		ApprovalRejected:     {"%s ditolak: dilepas, tidak pernah dikirim", "%s rejected: released, never sent"},
		ApprovalNone:         {"tidak ada transaksi yang menunggu persetujuan", "no transaction awaits approval"},
		ApprovalsHeading:     {"ID\tDIBUAT\tJENIS\tNOMINAL\tPELANGGAN\tPEMBUAT\tSTATUS\tKEDALUWARSA\tALASAN", "ID\tCREATED\tKIND\tAMOUNT\tCUSTOMER\tMAKER\tSTATE\tEXPIRES\tWHY"},
		ApprovalNotFound:     {"tidak ada persetujuan %s di buku kas ini", "no approval %s in this ledger"},
		AuditOK:              {"jejak audit utuh: %d catatan, rantai SHA-256 tidak terputus", "audit trail verified: %d records, the SHA-256 chain is unbroken"},
		AuditBroken:          {"JEJAK AUDIT RUSAK pada catatan %d: %s", "AUDIT TRAIL BROKEN at record %d: %s"},
		AuditNone:            {"tidak ada catatan audit pada hari itu", "no audit records that day"},
		PINWrong:             {"operator atau PIN salah", "wrong operator or PIN"},
		PINLocked:            {"%s terkunci setelah 3 PIN salah sampai %s", "%s is locked after 3 wrong PINs until %s"},
		PINNeeded:            {"%s memerlukan PIN Anda (--pin atau OVO_PIN): berkas operator mencantumkan operator", "%s needs your PIN (--pin or OVO_PIN): the operators file lists operators"},
		OperatorSet:          {"operator %s disimpan sebagai %s", "operator %s saved as %s"},
		OperatorGone:         {"operator %s dihapus", "operator %s removed"},
		OperatorsNone:        {"belum ada operator di %s: kasir berjalan tanpa peran", "no operators in %s yet: the cashier runs without roles"},
		LockTitle:            {"TERKUNCI — siapa yang bertugas?", "LOCKED — who is working?"},
		LockOperator:         {"Operator:", "Operator:"},
		LockPIN:              {"PIN:", "PIN:"},
		LockHint:             {"Tab pindah kolom · Enter buka kunci", "Tab switches field · Enter unlocks"},
		LockedBy:             {"dikunci oleh %s", "locked by %s"},
		LockIdle:             {"terkunci setelah diam %s", "locked after %s idle"},
		ApprovalsTitle:       {"Menunggu persetujuan", "Awaiting approval"},
		ApprovalsHint:        {"↑/↓ pilih · a setujui · r tolak · Esc menu", "↑/↓ choose · a approve · r reject · Esc menu"},
		ApprovePINPrompt:     {"PIN supervisor untuk %s:", "Supervisor's PIN for %s:"},
		WhoDidIt:             {"Dibuat oleh %s", "Made by %s"},
		MenuApprovals:        {"Persetujuan (supervisor)", "Approvals (supervisor)"},
		FilteredOperator:     {"Operator: %s", "Operator: %s"},
		NoSignatureFile:      {"--signature lewat SSH hanya - (tanda tangan dari stdin)", "over SSH --signature takes only - (the signature on stdin)"},
	} {
		texts[k] = v
	}
}

// roleError is an error of roles and approvals in words.
func (c *Catalog) roleError(err error) (string, bool) {
	var ae *cashier.AwaitingApprovalError
	var re *cashier.RoleError
	var le *cashier.PINLockedError
	switch {
	case errors.As(err, &ae):
		return c.F(ApprovalAwaiting, ae.Approval.ID, cashier.Rupiah(ae.Approval.Amount), ae.Approval.Why), true
	case errors.As(err, &re):
		return c.F(RoleNeeds, re.What, c.Role(re.Need), c.Role(re.Have)), true
	case errors.As(err, &le):
		return c.F(PINLocked, le.Name, le.Until.Format("15:04:05")), true
	case errors.Is(err, cashier.ErrBadPIN):
		return c.T(PINWrong), true
	case errors.Is(err, cashier.ErrOwnApproval):
		return c.T(ApprovalOwn), true
	}
	return "", false
}

// roleNames are the roles in words.
var roleNames = map[cashier.Role]pair{
	cashier.RoleCashier: {"kasir", "a cashier"}, cashier.RoleSupervisor: {"supervisor", "a supervisor"}, cashier.RoleOwner: {"pemilik", "an owner"},
	"": {"pemilik", "an owner"}, // roles not in use: the command line may do everything
}

// Role is a role's name in the operator's language (in English with its
// article: "a supervisor").
func (c *Catalog) Role(r cashier.Role) string {
	if p, ok := roleNames[r]; ok {
		return p.in(c.Lang())
	}
	return string(r)
}
