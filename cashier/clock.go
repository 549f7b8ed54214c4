package cashier

import (
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
)

// clockSkewer is the part of ovoclient.Client that measures this machine's
// clock against OVO's Date header.
type clockSkewer interface {
	ClockSkew() (time.Duration, bool)
}

// ClockSkew is this machine's clock minus OVO's, as last measured from an
// answer's Date header; known is false before any answer, or when the OVO
// client does not measure it. Reading it does no I/O.
func (s *Service) ClockSkew() (skew time.Duration, known bool) {
	if c, ok := s.ovo.(clockSkewer); ok {
		return c.ClockSkew()
	}
	return 0, false
}

// ClockWarning reports whether the last measured skew is beyond
// ovoclient.MaxClockSkew either way: OVO is then likely to refuse our
// timestamps, and the header says so. Reading it does no I/O.
func (s *Service) ClockWarning() bool {
	d, ok := s.ClockSkew()
	return ok && ovoclient.SkewTooLarge(d)
}
