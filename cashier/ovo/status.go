package ovo

// Transaction statuses of topup-status' latestTransactionStatus.
const (
	StatusSuccess   = "00"
	StatusInitiated = "01"
	StatusPaying    = "02"
	StatusPending   = "03"
	StatusRefunded  = "04"
	StatusCanceled  = "05"
	StatusFailed    = "06"
	StatusNotFound  = "07"
)

// StatusFinal reports whether a latestTransactionStatus will not change any
// more. 07 (not found) is final only once the original request can no longer
// arrive; the caller decides that (see cashier).
func StatusFinal(s string) bool {
	switch s {
	case StatusSuccess, StatusRefunded, StatusCanceled, StatusFailed, StatusNotFound:
		return true
	}
	return false
}

// StatusDesc is the English description of a latestTransactionStatus.
func StatusDesc(s string) string {
	switch s {
	case StatusSuccess:
		return "Success"
	case StatusInitiated:
		return "Initiated"
	case StatusPaying:
		return "Paying"
	case StatusPending:
		return "Pending"
	case StatusRefunded:
		return "Refunded"
	case StatusCanceled:
		return "Canceled"
	case StatusFailed:
		return "Failed"
	case StatusNotFound:
		return "Not found"
	}
	return "Unknown status " + s
}
