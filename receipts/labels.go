package receipts

// Languages of the labels. Lang "" means LangID.
const (
	LangID = "id"
	LangEN = "en"
)

type labelKey int

const (
	lblTerminal labelKey = iota
	lblOperator
	lblTopUp
	lblDisburse
	lblTime
	lblReceiptNo
	lblPhone
	lblAccountName
	lblAmount
	lblFee
	lblReceived
	lblStatus
	lblReason
	lblPartnerRef
	lblOVORef
	lblReprintedAt
	lblReprintedBy
	lblStatusSuccess
	lblStatusFailed
	lblStatusPending
	lblCash
	lblNoCash

	// Banner words. Banners are always printed in both languages, joined as
	// "id / en", whatever Lang says, so no one misreads a slip.
	bnrFailed
	bnrNoMoneyMoved
	bnrPending
	bnrNotProof
	bnrCheckStatus
	bnrReprint
	bnrCustomerCopy
	bnrMerchantCopy

	numLabels // keep last
)

// labels is the one table of every text printed on a receipt: {id, en}.
// Texts are plain ASCII so every printer code page can show them.
var labels = [numLabels][2]string{
	lblTerminal:      {"Terminal", "Terminal"},
	lblOperator:      {"Kasir", "Operator"},
	lblTopUp:         {"TOP UP OVO CASH", "TOP UP OVO CASH"},
	lblDisburse:      {"PENCAIRAN DANA", "DISBURSEMENT"},
	lblTime:          {"Waktu", "Date"},
	lblReceiptNo:     {"No. Struk", "Receipt No."},
	lblPhone:         {"No. HP", "Phone"},
	lblAccountName:   {"Nama Akun", "Account name"},
	lblAmount:        {"Nominal", "Amount"},
	lblFee:           {"Biaya admin (dipotong)", "Admin fee (deducted)"},
	lblReceived:      {"Diterima", "Received"},
	lblStatus:        {"Status", "Status"},
	lblReason:        {"Alasan", "Reason"},
	lblPartnerRef:    {"Ref. Mitra", "Partner ref."},
	lblOVORef:        {"Ref. OVO", "OVO ref."},
	lblReprintedAt:   {"Dicetak ulang", "Reprinted at"},
	lblReprintedBy:   {"Cetak ulang oleh", "Reprinted by"},
	lblStatusSuccess: {"BERHASIL", "SUCCESS"},
	lblStatusFailed:  {"GAGAL", "FAILED"},
	lblStatusPending: {"MENUNGGU", "PENDING"},
	lblCash:          {"Tunai dr pelanggan", "Cash from customer"},
	lblNoCash:        {"tidak ada (deposit)", "none (from deposit)"},

	bnrFailed:       {"GAGAL", "FAILED"},
	bnrNoMoneyMoved: {"TIDAK ADA DANA BERPINDAH", "NO MONEY MOVED"},
	bnrPending:      {"MENUNGGU", "PENDING"},
	bnrNotProof:     {"BUKAN BUKTI PEMBAYARAN", "NOT PROOF OF PAYMENT"},
	bnrCheckStatus:  {"Jangan diulang: sedang dicek", "Do not repeat: being checked"},
	bnrReprint:      {"CETAK ULANG", "REPRINT"},
	bnrCustomerCopy: {"LEMBAR PELANGGAN", "CUSTOMER COPY"},
	bnrMerchantCopy: {"LEMBAR MERCHANT", "MERCHANT COPY"},
}

// label returns the text of k in lang ("en" or anything else meaning "id").
func label(k labelKey, lang string) string {
	if lang == LangEN {
		return labels[k][1]
	}
	return labels[k][0]
}

// bilingual returns the Indonesian and English texts of k as "id / en".
func bilingual(k labelKey) (id, en string) { return labels[k][0], labels[k][1] }
