package components

import "sync/atomic"

var lastID atomic.Int64

// NextID returns a request id never returned before in this process. An
// asynchronous answer carries the id of the call it answers, so a screen
// recognises (and drops) a late answer to an earlier call, even one meant
// for another screen of the same kind.
func NextID() int { return int(lastID.Add(1)) }

// Reply is a message that answers a call a screen made for the operator
// (an inquiry, the money call, a lookup, a print): its Reply is the id of
// that call. A frame it changes answers the operator's own action, as a
// key's frame does, so the SSH frame pacer draws it with a token of its
// own; a session's own events (the feed, a spinner's tick) are paced, and
// so are the reloads the feed starts (a history page, the batches, a
// shift's figures re-read as transactions change): their answers are not
// Replies.
type Reply interface{ Reply() int }
