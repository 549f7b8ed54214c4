package commands

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// A row sent again after OVO definitely did not apply its first reference
// shows that earlier reference as "tried" in `batch status --json`, so the
// failed transaction the history lists is accounted to its row.
func TestBatchRowJSONTried(t *testing.T) {
	c := &cli{cat: i18n.New("en")}
	r := cashier.BatchRowView{BatchRow: cashier.BatchRow{Line: 155, Phone: "081500000153", Amount: 10153,
		Ref: "REF-2", Tried: []string{"REF-1"}}, State: "success"}
	b, err := json.Marshal(c.rowJSON(r))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"tried":["REF-1"]`) || !strings.Contains(string(b), `"partnerReferenceNo":"REF-2"`) {
		t.Fatalf("row JSON: %s", b)
	}
}
