package cashier

import (
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/storage"
)

// The ledger's types, under the names front ends use: screens and commands
// speak of cashier.Txn and never import storage themselves.
type (
	// Kind is what a transaction does (storage.Kind).
	Kind = storage.Kind
	// State is where a transaction is in its life (storage.State).
	State = storage.State
	// Txn is one transaction as recorded (storage.Txn).
	Txn = storage.Txn
	// Deposit is the local deposit mirror (storage.Deposit).
	Deposit = storage.Deposit
	// Query selects a page of history (storage.Query).
	Query = storage.Query
	// Page is one page of history (storage.Page).
	Page = storage.Page
)

// The kinds and states, as in storage.
const (
	KindTopUp    = storage.KindTopUp
	KindDisburse = storage.KindDisburse

	StatePending = storage.StatePending
	StateSuccess = storage.StateSuccess
	StateFailed  = storage.StateFailed
	StateUnknown = storage.StateUnknown
)

// ErrPhoneShort is matched by NormalizePhone's error for a number with too
// few digits (ovo.ErrPhoneShort): one that may still be being typed.
var ErrPhoneShort = ovo.ErrPhoneShort

// ErrNotFound is matched by a lookup that found nothing (storage.ErrNotFound).
var ErrNotFound = storage.ErrNotFound

// Jakarta is the zone of times shown to people (WIB).
var Jakarta = ovo.Jakarta
