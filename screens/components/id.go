package components

import "sync/atomic"

var lastID atomic.Int64

// NextID returns a request id never returned before in this process. An
// asynchronous answer carries the id of the call it answers, so a screen
// recognises (and drops) a late answer to an earlier call, even one meant
// for another screen of the same kind.
func NextID() int { return int(lastID.Add(1)) }
