package cashier

import (
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// ClockSkew is this machine's clock minus OVO's, as last measured from an
// answer's Date header; known is false before any answer, or when the OVO
// port does not measure it (ovo.ClockSkewer). Reading it does no I/O.
func (s *Service) ClockSkew() (skew time.Duration, known bool) {
	if c, ok := s.ovo.(ovo.ClockSkewer); ok {
		return c.ClockSkew()
	}
	return 0, false
}

// ClockWarning reports whether the last measured skew is beyond
// ovo.MaxClockSkew either way: OVO is then likely to refuse our
// timestamps, and the header says so. Reading it does no I/O.
func (s *Service) ClockWarning() bool {
	d, ok := s.ClockSkew()
	return ok && ovo.SkewTooLarge(d)
}
