// Package golive carries a merchant through going live with OVO: the RSA key
// pair OVO asks for (GenerateKeys: a PKCS#8 private key that stays with the
// merchant, the public key as PKCS#1 and as X.509 PEM, and its SHA-256
// fingerprint), and the test scenarios of Bank Indonesia's SNAP "devsite"
// test and OVO's UAT (Scenarios, Runner): a positive and a negative case for
// each of account inquiry, top up and top up status, plus the two unhappy
// paths of OVO's integration seed (above the per-transaction limit, above
// the merchant deposit).
//
// A run judges every scenario PASS, FAIL (with the reason, e.g. "expected
// responseCode 4043711, got 2003700 Successful") or N/A, and writes one
// evidence file per scenario: every HTTP exchange the scenario caused
// (including a token call, when one happened during it) with request and
// response headers and bodies, timestamps and the string that was signed.
// The evidence is redacted by value: every access token seen (in the
// Authorization header, inside the string-to-sign and in the token answer),
// every X-SIGNATURE and the client secret are replaced by Redacted wherever
// they occur, and a file that would still hold one of them is not written.
//
// The package is UI-free and talks to OVO only through ovoclient; it never
// relies on the sandbox's internals, so the same run works against OVO's
// staging host.
package golive
