package i18n

import (
	"fmt"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The texts of a chain on the shared ledger: `ovocashier fleet` and
// `ovocashier migrate`. They number from chainBase so that they never
// collide with the main catalog's keys, which other changes append to.
const chainBase Key = 11_000

// Chain texts.
const (
	FleetTitle          Key = chainBase + iota // %s: the day
	FleetDeposit                               // %s, %s, %s, %s: balance, reserved, available, when read
	FleetDepositNotRead                        // %s: why OVO's deposit could not be read
	FleetColOutlet
	FleetColTopUps
	FleetColDisburse
	FleetColFailed
	FleetColShifts
	FleetColAwaiting
	FleetColUnknown
	FleetNoOutlets
	FleetNotShared  // fleet on a ledger file
	FleetShiftLine  // %s, %s, %s, %s, %s: outlet, shift, operator, terminal, opened
	MigrateNotURL   // --to that is not a postgres:// URL
	MigrateNotFile  // --from that is a database URL
	MigrateInUse    // %s: the ledger file
	MigrateRead     // %s, %s: the file, why it cannot be read
	MigrateAudit    // %s, %s: the file, why its audit trail does not verify
	MigrateExists   // %s: the outlet
	MigrateConflict // %s: what is taken
	MigrateCopied   // %s, %s, %d, %d, %d, %d, %d, %d: file, outlet, transactions, receipts, shifts, approvals, batches, audit records
	MigrateVerified // all counts, sums and transactions equal
	MigrateMismatch // %s: what differs
	MigrateConnect  // %s, %s: the database, why
	SchemaTooNew    // %s: the ledger (file or database) written by a newer ovocashier

	chainEnd // not a text
)

var chainTexts = map[Key]pair{
	FleetTitle:          {"ARMADA OUTLET — %s", "FLEET OF OUTLETS — %s"},
	FleetDeposit:        {"Deposit merchant di OVO: saldo %s, dicadangkan %s, tersedia %s (dibaca %s)", "Merchant deposit at OVO: balance %s, reserved %s, available %s (read %s)"},
	FleetDepositNotRead: {"Deposit merchant belum terbaca dari OVO (%s); di bawah ini cermin buku kas", "The merchant deposit could not be read from OVO (%s); below is the ledger's mirror"},
	FleetColOutlet:      {"OUTLET", "OUTLET"},
	FleetColTopUps:      {"ISI ULANG BERHASIL", "TOP UPS OK"},
	FleetColDisburse:    {"PENCAIRAN BERHASIL", "DISBURSEMENTS OK"},
	FleetColFailed:      {"GAGAL", "FAILED"},
	FleetColShifts:      {"SHIFT BUKA", "OPEN SHIFTS"},
	FleetColAwaiting:    {"MENUNGGU PERSETUJUAN", "AWAITING APPROVAL"},
	FleetColUnknown:     {"BELUM PASTI", "NOT FINAL"},
	FleetNoOutlets:      {"(belum ada outlet di basis data ini)", "(no outlet in this database yet)"},
	FleetNotShared:      {"armada hanya ada pada buku kas bersama (PostgreSQL): jalankan dengan --data postgres://…", "the fleet exists only on the shared (PostgreSQL) ledger: run it with --data postgres://…"},
	FleetShiftLine:      {"  %s: shift %s %s di %s sejak %s", "  %s: shift %s of %s on %s since %s"},
	MigrateNotURL:       {"--to harus URL basis data postgres://…", "--to must be a postgres://… database URL"},
	MigrateNotFile:      {"--from harus berkas buku kas (bbolt), bukan basis data", "--from must be a ledger file (bbolt), not a database"},
	MigrateInUse:        {"buku kas %s sedang dipakai proses ovocashier lain: hentikan dulu (kasir, serve), lalu ulangi; tidak ada yang disalin", "ledger %s is in use by another ovocashier process: stop it first (the cashier, serve), then run this again; nothing was copied"},
	MigrateRead:         {"buku kas %s tidak terbaca: %s; tidak ada yang disalin", "ledger %s cannot be read: %s; nothing was copied"},
	MigrateAudit:        {"jejak audit %s rusak (%s): tidak ada yang disalin", "the audit trail of %s is broken (%s): nothing was copied"},
	MigrateExists:       {"basis data sudah memuat outlet %q: tidak ada yang disalin (pilih --outlet lain)", "the database already holds outlet %q: nothing was copied (choose another --outlet)"},
	MigrateConflict:     {"nomor buku kas ini sudah dipakai di basis data (%s): tidak ada yang disalin", "this ledger's numbers are already in the database (%s): nothing was copied"},
	MigrateCopied:       {"%s → outlet %s: %d transaksi (%d struk), %d shift, %d persetujuan, %d batch, %d catatan audit disalin", "%s → outlet %s: %d transactions (%d receipts), %d shifts, %d approvals, %d batches, %d audit records copied"},
	MigrateVerified:     {"terverifikasi: jumlah, total dan setiap transaksi sama dengan buku kas asal", "verified: counts, sums and every transaction equal the source ledger's"},
	MigrateMismatch:     {"VERIFIKASI GAGAL setelah penyalinan: %s — jangan pakai outlet ini di basis data sebelum diperiksa", "VERIFICATION FAILED after the copy: %s — do not use this outlet in the database before it is looked into"},
	MigrateConnect:      {"basis data %s tidak dapat dibuka: %s; tidak ada yang disalin", "database %s cannot be opened: %s; nothing was copied"},
	SchemaTooNew:        {"buku kas %s ditulis oleh ovocashier yang lebih baru (versi skemanya tidak dikenal versi ini): perbarui ovocashier untuk membukanya; tidak ada yang diubah", "ledger %s was written by a newer ovocashier (its schema version is unknown to this one): upgrade ovocashier to open it; nothing was changed"},
}

func init() {
	for k, p := range chainTexts {
		texts[k] = p
	}
}

// importWhat words the kinds of number a migration may find taken.
var importWhat = map[string]pair{
	"reference":      {"referensi", "reference"},
	"receipt number": {"nomor struk", "receipt number"},
	"external id":    {"external id", "external id"},
	"shift":          {"shift", "shift"},
	"cash move":      {"mutasi kas", "cash move"},
	"approval":       {"persetujuan", "approval"},
	"batch":          {"batch", "batch"},
}

// ImportTaken says, in the catalog's language, that number id of kind what
// already belongs to another outlet ("nomor struk R00000001 milik outlet
// lain").
func (c *Catalog) ImportTaken(what, id string) string {
	w := what
	if p, ok := importWhat[what]; ok {
		w = p.in(c.Lang())
	}
	if c.Lang() == EN {
		return w + " " + id + " is another outlet's"
	}
	return w + " " + id + " milik outlet lain"
}

// ambiguousWhat words the kinds of number several outlets may hold.
var ambiguousWhat = map[string]pair{
	"receipt":  {"struk", "receipt"},
	"shift":    {"shift", "shift"},
	"approval": {"persetujuan", "approval"},
	"batch":    {"batch", "batch"},
}

// Ambiguous says, in the catalog's language, that a number several other
// outlets hold is none of this outlet's, naming them ("struk R00000001 ada
// di 2 outlet (Blok M, Kemang), bukan outlet ini: …").
func (c *Catalog) Ambiguous(e *ledger.AmbiguousError) string {
	w := e.What
	if p, ok := ambiguousWhat[e.What]; ok {
		w = p.in(c.Lang())
	}
	outlets := strings.Join(e.Outlets, ", ")
	if c.Lang() == EN {
		return fmt.Sprintf("%s %s is at %d outlets (%s), none of them this one: ask from one of them (--outlet)", w, e.Number, len(e.Outlets), outlets)
	}
	return fmt.Sprintf("%s %s ada di %d outlet (%s), bukan outlet ini: tanyakan dari salah satunya (--outlet)", w, e.Number, len(e.Outlets), outlets)
}
