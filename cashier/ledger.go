package cashier

import "github.com/ovocashier/ovocashier/cashier/ledger"

// Ledger is everything the cashier needs from the place it keeps its
// records: ledger.Ledger, which every backend implements.
type Ledger = ledger.Ledger
