package ovo

import (
	"time"
	_ "time/tzdata" // Asia/Jakarta must resolve on any machine
)

// Jakarta is Asia/Jakarta (WIB, UTC+7), the zone of every SNAP timestamp.
var Jakarta = mustJakarta()

func mustJakarta() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil { // cannot happen with time/tzdata linked in
		return time.FixedZone("WIB", 7*3600)
	}
	return loc
}

// MaxClockSkew is how far this machine's clock may be from OVO's (its Date
// header) before the cashier warns: SNAP refuses timestamps outside a window
// of a few minutes, so a larger skew is a common cause of signature refusals.
const MaxClockSkew = 60 * time.Second

// SkewTooLarge reports whether a clock skew (either way) is beyond MaxClockSkew.
func SkewTooLarge(d time.Duration) bool { return d > MaxClockSkew || d < -MaxClockSkew }
