package cashier

// SetHooks installs the crash-test hooks (test builds only).
func SetHooks(s *Service, afterPending, afterAnswer func(ref string)) {
	s.hooks.afterPending, s.hooks.afterAnswer = afterPending, afterAnswer
}

// SetApproveHook installs the crash-test hook run after an approval's
// commit and before its dispatch (test builds only).
func SetApproveHook(s *Service, afterApprove func(id string)) { s.appr.afterApprove = afterApprove }

// SetBatchApproveHook installs the crash-test hook run right after a batch
// approval's commit (test builds only).
func SetBatchApproveHook(s *Service, after func(id string)) { s.appr.afterBatchApprove = after }

// MakerDayTotal is the maker's day total the service checks limits with
// (kept in memory on a ledger it holds alone), and ScanMakerDay the same
// read from the ledger's transactions and approvals (test builds only).
func MakerDayTotal(s *Service, operator string, kind Kind) (int64, error) {
	return s.makerDayTotal(operator, kind)
}

// ScanMakerDay: see MakerDayTotal.
func ScanMakerDay(s *Service, operator string, kind Kind) (int64, error) {
	from, to := s.dayBounds()
	return s.scanMakerDay(operator, kind, from, to)
}
