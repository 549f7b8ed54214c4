package i18n

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// The words of roles, approvals, the audit trail and the lock screen
// (issue 14), added to the catalog's texts.
func init() {
	for k, v := range map[Key]pair{
		RoleNeeds:            {"%s memerlukan %s (Anda %s)", "%s needs %s (you are %s)"},
		ApprovalAwaiting:     {"MENUNGGU PERSETUJUAN %s: %s, %s. Belum ada yang dikirim; nominal dicadangkan dari deposit. Supervisor menyetujui dengan `ovocashier approve %[1]s`", "AWAITING APPROVAL %s: %s, %s. Nothing sent yet; the amount is reserved against the deposit. A supervisor approves it with `ovocashier approve %[1]s`"},
		ApprovalOwn:          {"transaksi tidak bisa disetujui atau ditolak oleh pembuatnya sendiri", "a transaction cannot be approved or rejected by its own maker"},
		ApprovalNotAwaiting:  {"tidak menunggu keputusan lagi: %s", "no longer awaiting a decision: %s"},
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

// RoleError is an error of roles, approvals, PINs, SSH signatures and the
// audit trail in words; ok is false for an error of another kind.
func (c *Catalog) RoleError(err error) (string, bool) {
	var ae *cashier.AwaitingApprovalError
	var re *cashier.RoleError
	var le *cashier.PINLockedError
	var ne *cashier.NotAwaitingError
	var se *cashier.SignatureError
	var be *cashier.AuditBrokenError
	switch {
	case errors.As(err, &ae):
		return c.F(ApprovalAwaiting, ae.Approval.ID, cashier.Rupiah(ae.Approval.Amount), c.HoldWhy(ae.Approval)), true
	case errors.As(err, &re):
		return c.F(RoleNeeds, c.Action(re.What), c.Role(re.Need), c.Role(re.Have)), true
	case errors.As(err, &le):
		return c.F(PINLocked, le.Name, c.Clock(le.Until)), true
	case errors.Is(err, cashier.ErrBadPIN):
		return c.T(PINWrong), true
	case errors.Is(err, cashier.ErrOwnApproval):
		return c.T(ApprovalOwn), true
	case errors.As(err, &ne):
		return c.NotAwaiting(ne), true
	case errors.Is(err, cashier.ErrApprovalState):
		return c.F(ApprovalNotAwaiting, c.RT(RolesDecidedMeanwhile)), true
	case errors.As(err, &se):
		return c.F(ApprovalBadSignature, c.SignatureProblem(se)), true
	case errors.As(err, &be):
		return c.F(AuditBroken, be.Seq, c.AuditBreak(be)), true
	case errors.Is(err, cashier.ErrNoOperatorsFile):
		return c.RT(RolesNoOperatorsFile), true
	}
	return "", false
}

// RolesKey names one text of roles, approvals and the audit trail added
// after the main catalog's (kept apart, as BatchKey is).
type RolesKey int

// Texts of roles, approvals and the audit trail. Verbs are named in the
// comments.
const (
	RolesDecidedMeanwhile RolesKey = iota // decided by another session meanwhile
	RolesExpiredAt                        // %s, %s: approval id, time
	RolesNoOperatorsFile                  // no operators file is set
	RolesAuditHead                        // %d, %s: records, hash of the last (the anchor)
	RolesAuditAnchorOK                    // %d, %s: the anchored record, its hash
	RolesAuditAnchorBad                   // %s: what was given
	RolesAuditAnchorHint                  // how to keep an anchor
	RolesAuditSlipHead                    // the label on a Z or day slip
	RolesKeyApprove                       // the approvals screen's a, in the help bar
	RolesKeyReject                        // the approvals screen's r, in the help bar

	rolesKeys // not a text
)

var rolesTexts = map[RolesKey]pair{
	RolesDecidedMeanwhile: {"sudah diputuskan oleh sesi lain", "decided by another session meanwhile"},
	RolesKeyApprove:       {"setujui", "approve"},
	RolesKeyReject:        {"tolak", "reject"},
	RolesExpiredAt:        {"%s kedaluwarsa pukul %s: dilepas, tidak pernah dikirim", "%s expired at %s: released, never sent"},
	RolesNoOperatorsFile:  {"berkas operator belum diatur (--operators)", "no operators file is set (--operators)"},
	RolesAuditHead:        {"ujung rantai (jangkar): %d:%s", "chain head (anchor): %d:%s"},
	RolesAuditAnchorOK:    {"jangkar cocok: catatan %d masih ber-hash %s", "anchor holds: record %d still hashes to %s"},
	RolesAuditAnchorBad:   {"jangkar %q bukan NOMOR:HASH (hash SHA-256 heksadesimal, minimal 16 digit)", "anchor %q is not NUMBER:HASH (a hex SHA-256, at least 16 digits)"},
	RolesAuditAnchorHint:  {"simpan jangkar ini di luar buku kas (slip Z); periksa nanti dengan `ovocashier audit verify --anchor JANGKAR`", "keep this anchor outside the ledger (the Z slip); check it later with `ovocashier audit verify --anchor ANCHOR`"},
	RolesAuditSlipHead:    {"Jejak audit", "Audit trail"},
}

// RT is the text of k formatted with args, like fmt.Sprintf.
func (c *Catalog) RT(k RolesKey, args ...any) string {
	p, ok := rolesTexts[k]
	if !ok {
		return fmt.Sprintf("?roles%d", int(k))
	}
	if len(args) == 0 {
		return p.in(c.Lang())
	}
	return fmt.Sprintf(p.in(c.Lang()), args...)
}

// holdWords say which limit a held transaction is above: %s the amount
// (or the day's total), %s the role, %s the limit.
var holdWords = map[cashier.HoldCode]pair{
	cashier.HoldAboveTxn: {"%s di atas batas %s sebesar %s per transaksi", "%s above the %s limit of %s per transaction"},
	cashier.HoldAboveDay: {"%s hari ini termasuk yang ini, di atas batas harian %s sebesar %s", "%s today with this one, above the %s limit of %s a day"},
}

// HoldWhy says why approval a waits, in the reader's language: from its
// typed reason, or from the English text an older ledger stored (read
// back as data when it can be, else shown as it was stored).
func (c *Catalog) HoldWhy(a cashier.Approval) string {
	h, ok := cashier.HoldReasonOf(a)
	p, known := holdWords[h.Code]
	if !ok || !known {
		return a.Why
	}
	return fmt.Sprintf(p.in(c.Lang()), cashier.Rupiah(h.Amount), c.RoleWord(cashier.Role(h.Role)), cashier.Rupiah(h.Limit))
}

// approvalStates are the states of an approval in words.
var approvalStates = map[cashier.ApprovalState]pair{
	cashier.ApprovalAwaiting: {"menunggu persetujuan", "awaiting approval"},
	cashier.ApprovalApproved: {"disetujui, belum dikirim", "approved, not sent yet"},
	cashier.ApprovalSent:     {"disetujui dan dikirim", "approved and sent"},
	cashier.ApprovalRejected: {"ditolak", "rejected"},
	cashier.ApprovalExpired:  {"kedaluwarsa", "expired"},
}

// ApprovalState is an approval's state in words.
func (c *Catalog) ApprovalState(st cashier.ApprovalState) string {
	if p, ok := approvalStates[st]; ok {
		return p.in(c.Lang())
	}
	return string(st)
}

// NotAwaiting says why an approval cannot be decided any more.
func (c *Catalog) NotAwaiting(e *cashier.NotAwaitingError) string {
	if !e.Expired.IsZero() {
		return c.F(ApprovalNotAwaiting, c.RT(RolesExpiredAt, e.ID, c.Clock(e.Expired)))
	}
	return c.F(ApprovalNotAwaiting, e.ID+" "+c.ApprovalState(e.State))
}

// auditBreaks say how the audit trail is broken at a record; %d where the
// code has a number (AuditBrokenError.N).
var auditBreaks = map[cashier.AuditBreak]pair{
	cashier.AuditRecordsMissing: {"catatannya hilang", "the records are missing"},
	cashier.AuditBadKey:         {"ada kunci %d bita yang bukan nomor catatan", "a key of %d bytes is not a record number"},
	cashier.AuditRecordMissing:  {"catatan ini hilang (berikutnya nomor %d)", "this record is missing (the next is %d)"},
	cashier.AuditTruncated:      {"catatan terpotong", "the record is truncated"},
	cashier.AuditChanged:        {"isinya tidak cocok dengan hash-nya (catatan diubah)", "its bytes do not match its hash (the record was changed)"},
	cashier.AuditUnparsable:     {"catatan tidak bisa dibaca", "the record does not parse"},
	cashier.AuditWrongNumber:    {"catatan mengaku bernomor %d", "it says it is record %d"},
	cashier.AuditPrevDiffers:    {"tidak menyambung ke catatan sebelumnya (hash prev berbeda)", "it does not follow the record before (prev hash differs)"},
	cashier.AuditHeadMissing:    {"ujung rantai hilang", "the head of the trail is missing"},
	cashier.AuditHeadDiffers:    {"rantai tidak berakhir di catatan yang disebut ujungnya (%d)", "the trail does not end where its head says (%d)"},
	cashier.AuditAnchorMissing:  {"catatan berjangkar ini tidak ada lagi (hanya ada %d catatan): ekor rantai ditulis ulang", "this anchored record is gone (only %d records are there): the tail was rewritten"},
	cashier.AuditAnchorDiffers:  {"hash catatan berjangkar ini bukan hash jangkarnya: rantai ditulis ulang sejak catatan ini atau sebelumnya", "this anchored record's hash is not the anchor's: the chain was rewritten from here or earlier"},
}

// AuditBreak says how the audit trail is broken, in the reader's language.
func (c *Catalog) AuditBreak(e *cashier.AuditBrokenError) string {
	p, ok := auditBreaks[e.Code]
	if !ok {
		return e.Reason
	}
	if countVerbs(p.id) != 0 {
		return fmt.Sprintf(p.in(c.Lang()), e.N)
	}
	return p.in(c.Lang())
}

// countVerbs counts the formatting verbs of s ("%%" is none).
func countVerbs(s string) (n int) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' {
			if s[i+1] != '%' {
				n++
			}
			i++
		}
	}
	return n
}

// sigProblems say what is wrong with an SSH signature; the namespace
// problem takes %q, %q (got, want) and the hash problem %q.
var sigProblems = map[cashier.SignatureProblem]pair{
	cashier.SigNotArmored:    {"bukan tanda tangan SSH ber-armor (-----BEGIN SSH SIGNATURE----- … -----END SSH SIGNATURE-----)", "not an armored SSH signature (-----BEGIN SSH SIGNATURE----- … -----END SSH SIGNATURE-----)"},
	cashier.SigNotBase64:     {"isinya bukan base64", "its body is not base64"},
	cashier.SigNotSSHSIG:     {"bukan tanda tangan SSHSIG", "not an SSHSIG signature"},
	cashier.SigVersion:       {"bukan tanda tangan SSHSIG versi 1", "not an SSHSIG version 1 signature"},
	cashier.SigNamespace:     {"dibuat untuk namespace %q, bukan %q (ssh-keygen -Y sign -n %[2]s)", "made for namespace %q, not %q (ssh-keygen -Y sign -n %[2]s)"},
	cashier.SigOtherKey:      {"dibuat dengan kunci lain, bukan kunci yang Anda pakai masuk", "made with another key than the one you logged in with"},
	cashier.SigBadKey:        {"kunci atau tanda tangannya tidak bisa dibaca", "its key or signature does not parse"},
	cashier.SigRSASHA1:       {"tanda tangan ssh-rsa (SHA-1) ditolak", "ssh-rsa (SHA-1) signatures are refused"},
	cashier.SigHashAlg:       {"hash %q bukan sha256 atau sha512", "hash %q is not sha256 or sha512"},
	cashier.SigNotTheseBytes: {"bukan tanda tangan atas baris-baris ini (tanda tangani persis yang dicetak `approve ID`)", "not a signature of these bytes (sign exactly what `approve ID` printed)"},
}

// SignatureProblem says what is wrong with an SSH signature.
func (c *Catalog) SignatureProblem(e *cashier.SignatureError) string {
	p, ok := sigProblems[e.Problem]
	switch {
	case !ok:
		return e.Error()
	case e.Problem == cashier.SigNamespace:
		return fmt.Sprintf(p.in(c.Lang()), e.Got, e.Want)
	case e.Problem == cashier.SigHashAlg:
		return fmt.Sprintf(p.in(c.Lang()), e.Got)
	}
	return p.in(c.Lang())
}

// actionWords are the guarded actions (cashier.Needs) that are not a
// command's name, in words; a command keeps its name (what was typed).
var actionWords = map[string]pair{
	"history-all":           {"riwayat semua operator", "every operator's history"},
	"close-with-difference": {"menutup shift dengan selisih atau milik operator lain", "closing a shift with a difference or another operator's"},
	"settings":              {"pengaturan", "the settings"},
	"batches":               {"layar batch pembayaran", "the batch payouts screen"},
	"approvals screen":      {"persetujuan", "approvals"},
}

// Action is a guarded action in words (a command's name when it has none).
func (c *Catalog) Action(what string) string {
	if p, ok := actionWords[what]; ok {
		return p.in(c.Lang())
	}
	return what
}

// Duration says d in minutes when it is whole minutes, else in seconds:
// "5 menit", "1,5 detik" / "1.5 seconds".
func (c *Catalog) Duration(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf(pair{"%d menit", "%d minutes"}.in(c.Lang()), int(d/time.Minute))
	}
	n := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if c.Lang() == ID {
		n = strings.Replace(n, ".", ",", 1)
	}
	return fmt.Sprintf(pair{"%s detik", "%s seconds"}.in(c.Lang()), n)
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

// roleTitles are the roles as a header or a slip names them ("Supervisor:
// Siti"); "" (roles not in use) is the operator.
var roleTitles = map[cashier.Role]pair{
	cashier.RoleCashier: {"Kasir", "Cashier"}, cashier.RoleSupervisor: {"Supervisor", "Supervisor"}, cashier.RoleOwner: {"Pemilik", "Owner"},
}

// RoleTitle is the label of an operator of role r in a header or on a
// slip: "Kasir", "Supervisor", "Pemilik"; the plain operator label when
// roles are not in use.
func (c *Catalog) RoleTitle(r cashier.Role) string {
	if p, ok := roleTitles[r]; ok {
		return p.in(c.Lang())
	}
	return c.T(HeaderOperator)
}

// roleWords are the roles without an article, inside a sentence.
var roleWords = map[cashier.Role]pair{
	cashier.RoleCashier: {"kasir", "cashier"}, cashier.RoleSupervisor: {"supervisor", "supervisor"}, cashier.RoleOwner: {"pemilik", "owner"},
}

// RoleWord is a role's name without an article ("the cashier limit").
func (c *Catalog) RoleWord(r cashier.Role) string {
	if p, ok := roleWords[r]; ok {
		return p.in(c.Lang())
	}
	return string(r)
}
