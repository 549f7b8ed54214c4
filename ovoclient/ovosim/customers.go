package ovosim

import (
	"hash/fnv"
)

// Numbers of the seeded customer book (see the package documentation).
const (
	NumberBudi           = "081234567890" // Budi Santoso, active
	NumberSiti           = "081298765432" // Siti Rahayu, active
	NumberNotRegistered  = "081100000404" // no OVO account
	NumberInactive       = "081100000418" // inactive account
	NumberDoNotHonor     = "081100000405" // do not honor
	NumberFullWallet     = "081100000423" // balance near the cap
	NumberNoResponse     = "081100000504" // applied, no answer
	NumberServerError    = "081100000500" // 5003801, nothing applied
	NumberPendingSuccess = "081100000202" // 2023800, then 00
	NumberPendingFail    = "081100000206" // 2023800, then 06 and refunded
)

// AccountState is what OVO says of a customer's account.
type AccountState string

// Account states.
const (
	AccountActive     AccountState = "active"
	AccountInactive   AccountState = "inactive"
	AccountDoNotHonor AccountState = "do_not_honor"
)

// Behavior is how a top up to a customer misbehaves on purpose.
type Behavior string

// Behaviors of the fault numbers.
const (
	BehaviorNormal         Behavior = ""
	BehaviorNoResponse     Behavior = "no_response"     // applied; the answer hangs
	BehaviorServerError    Behavior = "server_error"    // 5003801; nothing applied
	BehaviorPendingSuccess Behavior = "pending_success" // 2023800; 03 then 00
	BehaviorPendingFail    Behavior = "pending_fail"    // 2023800; 03 then 06, refunded
)

// Customer is an OVO Cash account as the sandbox knows it. MonthlyIn is what
// was credited in Month (Jakarta "2006-01"); a later month starts from zero.
type Customer struct {
	Number    string       `json:"number"`
	Name      string       `json:"name"`
	State     AccountState `json:"state"`
	Behavior  Behavior     `json:"behavior,omitempty"`
	Balance   int64        `json:"balance"`
	Month     string       `json:"month,omitempty"`
	MonthlyIn int64        `json:"monthlyIn"`
}

// book is the seeded customer book; NumberNotRegistered is absent on purpose.
var book = map[string]Customer{
	NumberBudi:           {Name: "Budi Santoso", State: AccountActive, Balance: 250_000},
	NumberSiti:           {Name: "Siti Rahayu", State: AccountActive, Balance: 1_250_000},
	NumberInactive:       {Name: "Rina Kurniawati", State: AccountInactive},
	NumberDoNotHonor:     {Name: "Agus Prasetyo", State: AccountDoNotHonor},
	NumberFullWallet:     {Name: "Sandbox Full Wallet", State: AccountActive, Balance: 19_990_000},
	NumberNoResponse:     {Name: "Sandbox Timeout", State: AccountActive, Behavior: BehaviorNoResponse},
	NumberServerError:    {Name: "Sandbox Error", State: AccountActive, Behavior: BehaviorServerError},
	NumberPendingSuccess: {Name: "Sandbox Pending", State: AccountActive, Behavior: BehaviorPendingSuccess},
	NumberPendingFail:    {Name: "Sandbox Pending Fail", State: AccountActive, Behavior: BehaviorPendingFail},
}

// validPhone reports whether s is OVO's customerNumber form, exactly: 08
// and 8 to 11 more digits (the regexp ^08[0-9]{8,11}$).
func validPhone(s string) bool {
	return len(s) >= 10 && len(s) <= 13 && s[0] == '0' && s[1] == '8' && digits(s)
}

// seededCustomer is the customer as first known: from the book, or generated
// for any other valid number. ok is false for NumberNotRegistered and for
// anything that is not a valid number.
func seededCustomer(number string) (Customer, bool) {
	if number == NumberNotRegistered || !validPhone(number) {
		return Customer{}, false
	}
	c, ok := book[number]
	if !ok {
		c = Customer{Name: generatedName(number), State: AccountActive}
	}
	c.Number = number
	return c, true
}

var (
	firstNames = []string{"Agus", "Andi", "Ayu", "Bambang", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko",
		"Kartika", "Lestari", "Made", "Nur", "Putri", "Rina", "Slamet", "Teguh", "Wahyu", "Yanti"}
	lastNames = []string{"Pratama", "Saputra", "Wijaya", "Hidayat", "Kusuma", "Nugroho", "Setiawan", "Permana",
		"Siregar", "Nasution", "Simanjuntak", "Gunawan", "Halim", "Susanto", "Wibowo", "Hasibuan"}
)

// generatedName is a deterministic Indonesian-looking name for a number.
func generatedName(number string) string {
	h := fnv.New32a()
	h.Write([]byte(number))
	n := h.Sum32()
	return firstNames[n%uint32(len(firstNames))] + " " + lastNames[(n/uint32(len(firstNames)))%uint32(len(lastNames))]
}
