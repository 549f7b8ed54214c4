package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// nextSeq increments the durable sequence stored under key in meta and
// returns the new value (the first is 1). It fails rather than wrap past max
// or continue from a corrupt value: a number must never be handed out twice.
func nextSeq(meta *bolt.Bucket, key []byte, max uint64) (uint64, error) {
	b := meta.Get(key)
	if b != nil && len(b) != 8 {
		return 0, fmt.Errorf("storage: corrupt sequence %s (%d bytes)", key, len(b))
	}
	n := getU64(b) + 1
	if n > max {
		return 0, fmt.Errorf("storage: sequence %s exhausted (max %d)", key, max)
	}
	if err := meta.Put(key, u64(n)); err != nil {
		return 0, err
	}
	return n, nil
}
