package tui

// The sizes a session lays itself out in. A terminal's size comes from the
// client (an SSH pty-req or window-change says anything from 0×0 to
// 4294967295×4294967295): everything the shell draws is bounded by
// MaxWidth × MaxHeight, so memory and output per frame stay bounded whatever
// the client sends.
const (
	// MaxWidth and MaxHeight are the largest terminal a session draws for;
	// a larger one gets a frame of this size in its top left corner.
	MaxWidth  = 500
	MaxHeight = 200
	// DefaultWidth and DefaultHeight stand in for a dimension the client
	// gave as 0 (RFC 4254: "zero dimension parameters MUST be ignored"),
	// and for a negative one.
	DefaultWidth  = 80
	DefaultHeight = 24
)

// ClampSize is the size a session uses for a terminal that says it is w×h:
// each dimension bounded by MaxWidth/MaxHeight, and a zero or negative one
// replaced by DefaultWidth/DefaultHeight.
func ClampSize(w, h int) (int, int) {
	switch {
	case w <= 0:
		w = DefaultWidth
	case w > MaxWidth:
		w = MaxWidth
	}
	switch {
	case h <= 0:
		h = DefaultHeight
	case h > MaxHeight:
		h = MaxHeight
	}
	return w, h
}
