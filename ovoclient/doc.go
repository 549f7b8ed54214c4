// Package ovoclient speaks OVO's SNAP BI API (see ../shared/SNAP.md): the
// B2B token (RSA signature, cached for its lifetime), the transactional
// calls with their HMAC-SHA512 signature over the exact bytes sent, SNAP's
// wire types and money format, and the judgement of every answer — a
// success only with OVO's reference, a definite refusal only when the HTTP
// status and the response code agree on a 4xx, and everything else (a
// redirect, 5xx, 202, 409xx01, an unreadable answer, a timeout) an unknown
// outcome. Its errors are the cashier's *ovo.Error (package cashier/ovo).
//
// Client.Port is the client as the cashier's OVO port (ovo.Port); the
// cashier never imports this package. The sandbox (ovosim) imports it for
// the wire types and signature checks, never the reverse.
package ovoclient
