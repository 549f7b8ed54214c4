package cashier

// SetHooks installs the crash-test hooks (test builds only).
func SetHooks(s *Service, afterPending, afterAnswer func(ref string)) {
	s.hooks.afterPending, s.hooks.afterAnswer = afterPending, afterAnswer
}
