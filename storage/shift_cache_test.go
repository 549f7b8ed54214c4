package storage

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// decodeShift answers from its cache only for the same stored bytes: a
// shift decoded again after it changed (its close) is the new one, and a
// caller changing what it got changes nothing for the next.
func TestShiftCacheAnswersAsDecoding(t *testing.T) {
	s := Shift{ID: "S00000077", Operator: "ani", Terminal: "T1", OpenedAt: time.Unix(1_700_000_000, 0).UTC(),
		OpenAtClose: []string{"a", "b"}}
	v, _ := json.Marshal(s)
	for range 2 {
		got, err := decodeShift(s.ID, v)
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Fatalf("decodeShift = %+v, %v; want %+v", got, err, s)
		}
		got.OpenAtClose[0] = "changed by the caller"
	}
	s.Note, s.Counted = "closed", 5
	v2, _ := json.Marshal(s)
	if got, err := decodeShift(s.ID, v2); err != nil || !reflect.DeepEqual(got, s) {
		t.Fatalf("after a change: %+v, %v; want %+v", got, err, s)
	}
	if _, err := decodeShift(s.ID, []byte("{")); err == nil {
		t.Fatal("damaged shift decoded")
	}
}
