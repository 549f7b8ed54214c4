// Package ovosim is a sandbox that plays OVO's side of SNAP BI (SNAP.md, the
// project's wire contract, is authoritative): an http.Handler serving the same
// five paths as OVO, verifying everything a partner sends, and keeping a
// merchant deposit, a customer book, transactions and their statuses.
//
// # What it verifies
//
// Token call (service 73): Content-Type, X-TIMESTAMP, X-CLIENT-KEY and
// X-SIGNATURE present and well formed (4007302 / 4007301), the client id
// known, the timestamp within TimestampWindow of the sandbox clock and the
// SHA256withRSA signature over clientId|timestamp with the partner public key
// (4017300 "Unauthorized. [Unknown client|Timestamp|Signature]"), and a body
// {"grantType":"client_credentials"}.
//
// Transactional calls (37, 38, 39, 11), in this order: Content-Type (the GET too),
// Authorization, X-TIMESTAMP, X-SIGNATURE, X-PARTNER-ID, X-EXTERNAL-ID,
// CHANNEL-ID present (400xx02 "Invalid Mandatory Field {header}") and well
// formed (400xx01 "Invalid Field Format {header}": timestamp
// yyyy-MM-ddTHH:mm:ss[.SSS] then ±hh:mm or Z, external id 1–36 digits, channel id ≤ 5
// characters); then the bearer token known and unexpired (401xx01 "Invalid
// Token (B2B)"); the timestamp window (401xx00 "Unauthorized. [Timestamp]");
// the HMAC-SHA512 signature with the client secret, over the request target
// exactly as received (path and raw query) and the exact body received
// (401xx00 "Unauthorized. [Signature]");
// X-PARTNER-ID equal to the client id (401xx00 "Unauthorized. [Unknown
// partner]"); X-EXTERNAL-ID not seen before on the same Asia/Jakarta day of
// the sandbox clock (4093800 "Conflict", for every operation). An external id
// is consumed by every request that gets this far, whatever its body.
//
// Bodies: not JSON, not an object, or over MaxBodyBytes → 400xx00 "Bad
// Request"; a mandatory field absent, null or "" → 400xx02 "Invalid Mandatory
// Field {name}"; a field of the wrong JSON type or format → 400xx01 "Invalid
// Field Format {name}". Money fields are named {amount.value} and
// {amount.currency} when the fault is inside the object. Unknown fields are
// ignored. Values are strict: customerNumber is 08 then 8–11 digits with no
// normalisation, amount values have exactly two decimals which must be ".00",
// currency is IDR, transactionDate (optional) is a SNAP timestamp (any
// offset or Z; not window-checked), feeAmount on 38 is optional,
// partnerReferenceNo is 1–64 and sessionId 1–128 printable ASCII characters.
//
// An unknown path → HTTP 404 "4040002" "Invalid Routing" (service 00); a known
// path with the wrong method → 405xx00. Every answer is JSON with
// Content-Type application/json and an X-TIMESTAMP header, and its HTTP status
// is the responseCode's first three digits (injected faults may break this on
// purpose, see Fault). A panic becomes 500xx00 "General Error"; nothing ever
// answers a bare 500.
//
// # Business rules
//
// Inquiry (37) never refuses an amount: the limits are in the answer. It
// refuses the customer only: 4043711 (not an OVO account), 4033718
// (inactive), 4033705 (do not honor). The sessionId it returns is
// self-verifying (an HMAC of the customer number keyed from the client
// secret), so it survives a restart and costs no storage; it does not expire.
//
// Top up (38), after validation, in order: a partnerReferenceNo seen before →
// 4093801 whatever its first outcome; feeAmount, when sent, must equal Config.Fee(amount)
// (4003801 {feeAmount}); the 081100000500 number → 5003801 with
// nothing applied or remembered; amount below MinAmount → 4043813, above
// MaxAmount → 4033802; customer refusals 4043811 / 4033818 / 4033805; a
// sessionId not issued for this customerNumber → 4043818; deposit below the
// amount → 4033814 (deposit untouched); the customer's balance above
// BalanceCap or this month's credited total above MonthlyInLimit → 4033823
// (both assumed 20,000,000). Otherwise the deposit is debited by amount and
// the customer credited amount − fee ("fee will be deducted"). 400-class
// answers are not remembered (the reference may be used again); every other
// answer is, so topup-status knows it: success "00", refusal "06" with the
// refusal message as transactionStatusDesc.
//
// Status (39): a known reference → 2003900 with latestTransactionStatus; an
// unknown one → HTTP 200 2003900 with latestTransactionStatus "07" "Not
// found" (SNAP.md's status table). serviceCode other than "38" → 4003901.
//
// Balance (11, assumed): 2001100 with one DEPOSIT account info whose available
// and ledger balances are both the deposit.
//
// # Customer book
//
//	| number       | name                  | behaviour                                                            |
//	|--------------|-----------------------|----------------------------------------------------------------------|
//	| 081234567890 | Budi Santoso          | active                                                               |
//	| 081298765432 | Siti Rahayu           | active                                                               |
//	| 081100000404 | —                     | not an OVO account: inquiry 4043711, top up 4043811                   |
//	| 081100000418 | Rina Kurniawati       | inactive: inquiry 4033718, top up 4033818                             |
//	| 081100000405 | Agus Prasetyo         | do not honor: inquiry 4033705, top up 4033805                         |
//	| 081100000423 | Sandbox Full Wallet   | active, balance 19,990,000: most top ups → 4033823 Account Limit Exceed |
//	| 081100000504 | Sandbox Timeout       | top up applied, no answer until the client gives up (or HangMax → 5043800); status 00 |
//	| 081100000500 | Sandbox Error         | top up → 5003801, nothing applied; status 07                          |
//	| 081100000202 | Sandbox Pending       | top up → 2023800, applied; status 03 for PendingFor, then 00          |
//	| 081100000206 | Sandbox Pending Fail  | top up → 2023800, applied; status 03 for PendingFor, then 06 and refunded once |
//
// Every other valid 08… number is an active customer with a deterministic,
// Indonesian-looking generated name and a zero balance, so an operator can
// try any number. The fault numbers are ordinary active customers for
// inquiry.
//
// # State
//
// Deposit, customers' balances, transactions and the external ids of the
// current day live in memory, mirrored in a bbolt file when Config.StatePath
// is set (a log of commits, one record appended per commit, replayed when
// opened and compacted then once it has grown to twice the state; a file
// of the first schema is upgraded when opened): no answer is written before every change it reports or read (its
// own, and any other call's it saw) is committed, so a sandbox that answered
// never forgets across a crash or restart of its process. The commits are
// written into the file without waiting for the disk (no fsync): a power
// cut or an OS crash may lose the last answers, which a sandbox standing in
// for OVO may, or leave the file unreadable (its pages reached the disk out
// of order): New then fails naming the file, which is moved away to start
// afresh. The calls that arrive while one commit is being written
// share the next one (a group commit; a lone call is written at once); a
// crash of the process loses only changes no answer reported, as if those
// requests had been lost on the way to OVO (status 07 later). A commit
// that fails stops the sandbox: every call is answered 500xx01 until it is
// restarted from its file. Access tokens live in memory only: a restarted
// sandbox answers 401xx01 to the old ones.
package ovosim
