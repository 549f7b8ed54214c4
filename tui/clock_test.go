package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// The header warns when this machine's clock is more than a minute off
// OVO's (measured from the Date header of OVO's answers), and not otherwise.
func TestHeaderWarnsOfClockSkew(t *testing.T) {
	for _, ahead := range []time.Duration{3 * time.Minute, 0} {
		env := testenv.New(t, testenv.Options{SimConfig: func(c *ovosim.Config) {
			c.Now = func() time.Time { return time.Now().Add(ahead) }
		}})
		s := start(t, env, opts(env, "en"), 120, 30)
		v := s.waitFor("Deposit available")
		if got := strings.Contains(v, "CLOCK OFF FROM OVO"); got != (ahead > 0) {
			t.Fatalf("OVO %v ahead: clock warning shown %v; header:\n%s", ahead, got, strings.SplitN(v, "\n", 2)[0])
		}
	}
}
