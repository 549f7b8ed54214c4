package ovoclient

import (
	"net/http"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// ClockSkew is our clock (Config.Now) minus OVO's, as read from the Date
// header of the latest answer that carried one: positive when our clock is
// ahead. known is false until such an answer arrived. The Date header has
// a resolution of one second, so a skew under a second or two means nothing.
func (c *Client) ClockSkew() (skew time.Duration, known bool) {
	if !c.skewKnown.Load() {
		return 0, false
	}
	return time.Duration(c.skew.Load()), true
}

// ClockSkewed reports whether the latest measured skew is beyond MaxClockSkew.
func (c *Client) ClockSkewed() bool {
	d, ok := c.ClockSkew()
	return ok && ovo.SkewTooLarge(d)
}

// noteDate records the skew against an answer's Date header (ignored when
// missing or unreadable) and logs when it crosses MaxClockSkew either way.
func (c *Client) noteDate(date string) {
	if date == "" || len(date) > 64 {
		return
	}
	t, err := http.ParseTime(date)
	if err != nil {
		return
	}
	// The header is truncated to the second: compare with its middle.
	d := c.now().Sub(t.Add(500 * time.Millisecond)).Round(time.Second)
	c.skew.Store(int64(d))
	c.skewKnown.Store(true)
	bad := ovo.SkewTooLarge(d)
	if c.skewBad.Swap(bad) != bad {
		if bad {
			c.log.Warn("this machine's clock is off from OVO's; OVO may refuse the signatures: set the clock (NTP)",
				"skew", d.String(), "max", ovo.MaxClockSkew.String(), "ovo_date", date)
		} else {
			c.log.Info("this machine's clock agrees with OVO's again", "skew", d.String())
		}
	}
}
