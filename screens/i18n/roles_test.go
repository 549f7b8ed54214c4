package i18n

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// Every code of roles, approvals, signatures and the audit trail has words
// in both languages, with the same verbs.
func TestEveryRolesTextInBothLanguages(t *testing.T) {
	check := func(name string, p pair, ok bool) {
		t.Helper()
		if !ok || p.id == "" || p.en == "" {
			t.Errorf("%s: a language is missing: %q / %q", name, p.id, p.en)
		}
		if a, b := verbs(p.id), verbs(p.en); !slices.Equal(a, b) {
			t.Errorf("%s: verbs differ: %v / %v", name, a, b)
		}
	}
	for k := RolesKey(0); k < rolesKeys; k++ {
		p, ok := rolesTexts[k]
		check("roles key", p, ok)
	}
	for _, c := range []cashier.HoldCode{cashier.HoldAboveTxn, cashier.HoldAboveDay} {
		p, ok := holdWords[c]
		check(string(c), p, ok)
	}
	for _, st := range []cashier.ApprovalState{cashier.ApprovalAwaiting, cashier.ApprovalApproved, cashier.ApprovalSent, cashier.ApprovalRejected, cashier.ApprovalExpired} {
		p, ok := approvalStates[st]
		check(string(st), p, ok)
	}
	for _, c := range []cashier.AuditBreak{cashier.AuditRecordsMissing, cashier.AuditBadKey, cashier.AuditRecordMissing, cashier.AuditTruncated,
		cashier.AuditChanged, cashier.AuditUnparsable, cashier.AuditWrongNumber, cashier.AuditPrevDiffers, cashier.AuditHeadMissing,
		cashier.AuditHeadDiffers, cashier.AuditAnchorMissing, cashier.AuditAnchorDiffers} {
		p, ok := auditBreaks[c]
		check(string(c), p, ok)
	}
	for _, c := range []cashier.SignatureProblem{cashier.SigNotArmored, cashier.SigNotBase64, cashier.SigNotSSHSIG, cashier.SigVersion,
		cashier.SigNamespace, cashier.SigOtherKey, cashier.SigBadKey, cashier.SigRSASHA1, cashier.SigHashAlg, cashier.SigNotTheseBytes} {
		p, ok := sigProblems[c]
		check(string(c), p, ok)
	}
	for _, r := range []cashier.Role{cashier.RoleCashier, cashier.RoleSupervisor, cashier.RoleOwner} {
		p, ok := roleTitles[r]
		check("title "+string(r), p, ok)
		p, ok = roleWords[r]
		check("word "+string(r), p, ok)
	}
}

// What a person reads of approvals and the audit trail under --lang id is
// Indonesian: the hold reason (also from an older ledger's English text),
// the states, a broken chain, a refused signature, a role's title.
func TestRolesWordsInIndonesian(t *testing.T) {
	id, en := New(ID), New(EN)
	typed := cashier.Approval{ID: "A00000001", Amount: 1_500_000, Hold: &cashier.HoldReason{Code: cashier.HoldAboveTxn, Amount: 1_500_000, Limit: 1_000_000, Role: "cashier"}}
	legacy := cashier.Approval{ID: "A00000002", Amount: 1_500_000, Why: "Rp1.500.000 above the cashier limit Rp1.000.000 per transaction"}
	for _, a := range []cashier.Approval{typed, legacy} {
		if got := id.HoldWhy(a); got != "Rp1.500.000 di atas batas kasir sebesar Rp1.000.000 per transaksi" {
			t.Errorf("id %s: %q", a.ID, got)
		}
		if got := en.HoldWhy(a); got != "Rp1.500.000 above the cashier limit of Rp1.000.000 per transaction" {
			t.Errorf("en %s: %q", a.ID, got)
		}
		if got := id.Error(&cashier.AwaitingApprovalError{Approval: a}); strings.Contains(got, "above") || !strings.Contains(got, "MENUNGGU PERSETUJUAN") {
			t.Errorf("awaiting, id: %q", got)
		}
	}
	if got := id.HoldWhy(cashier.Approval{Why: "an old text"}); got != "an old text" {
		t.Errorf("an unreadable old text is shown as stored: %q", got)
	}
	if got := id.ApprovalState(cashier.ApprovalAwaiting); got != "menunggu persetujuan" {
		t.Errorf("state: %q", got)
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&cashier.AuditBrokenError{Seq: 7, Code: cashier.AuditChanged, Reason: "x"}, "JEJAK AUDIT RUSAK pada catatan 7: isinya tidak cocok dengan hash-nya (catatan diubah)"},
		{&cashier.AuditBrokenError{Seq: 3, Code: cashier.AuditRecordMissing, N: 4}, "JEJAK AUDIT RUSAK pada catatan 3: catatan ini hilang (berikutnya nomor 4)"},
		{&cashier.SignatureError{Problem: cashier.SigNamespace, Got: "git", Want: cashier.ApprovalNamespace}, `tanda tangan ditolak: dibuat untuk namespace "git", bukan "ovocashier-approval" (ssh-keygen -Y sign -n ovocashier-approval)`},
		{&cashier.NotAwaitingError{ID: "A00000001", State: cashier.ApprovalRejected}, "tidak menunggu keputusan lagi: A00000001 ditolak"},
		{&cashier.RoleError{Have: cashier.RoleCashier, Need: cashier.RoleSupervisor, What: "close-with-difference"}, "menutup shift dengan selisih atau milik operator lain memerlukan supervisor (Anda kasir)"},
		{cashier.ErrNoOperatorsFile, "berkas operator belum diatur (--operators)"},
		{&cashier.PINLockedError{Name: "Budi", Until: time.Date(2026, 12, 1, 3, 4, 5, 0, time.UTC)}, "Budi terkunci setelah 3 PIN salah sampai 10:04:05"},
	} {
		if got := id.Error(tc.err); got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.err, got, tc.want)
		}
	}
	if !errors.Is(&cashier.SignatureError{}, cashier.ErrSignature) {
		t.Error("a SignatureError does not match ErrSignature")
	}
	for r, want := range map[cashier.Role]string{cashier.RoleCashier: "Kasir", cashier.RoleSupervisor: "Supervisor", cashier.RoleOwner: "Pemilik", "": "Kasir"} {
		if got := id.RoleTitle(r); got != want {
			t.Errorf("title of %q: %q, want %q", r, got, want)
		}
	}
	if got := id.Duration(90 * time.Second); got != "90 detik" {
		t.Errorf("duration: %q", got)
	}
	if got := id.Duration(5 * time.Minute); got != "5 menit" {
		t.Errorf("duration: %q", got)
	}
}

// A guarded action that is not a command a person typed (the batches
// screen, a shift closed with a difference…) is refused in words of the
// person's language, never by its code name: "batches memerlukan
// supervisor" on the Indonesian counter was half English.
func TestGuardedActionsInWords(t *testing.T) {
	// The Needs keys that are the name of a command (what was typed).
	commands := map[string]bool{"approvals": true, "approve": true, "reject": true, "report": true, "report day": true,
		"audit": true, "batch approve": true, "operators": true}
	for action := range cashier.Needs {
		if commands[action] {
			continue
		}
		p, ok := actionWords[action]
		if !ok || p.id == "" || p.en == "" {
			t.Errorf("guarded action %q has no words in both languages", action)
		}
	}
	err := cashier.Allow(cashier.RoleCashier, "batches")
	for lang, want := range map[string]string{"id": "layar batch pembayaran memerlukan supervisor (Anda kasir)",
		"en": "the batch payouts screen needs a supervisor (you are a cashier)"} {
		if got, _ := New(lang).RoleError(err); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
