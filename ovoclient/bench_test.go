package ovoclient

import "testing"

// Signing costs: RSA once per token (15 minutes), HMAC once per call.
//
//	go test -run '^$' -bench Sign ./ovoclient/
func BenchmarkSignAsymmetric(b *testing.B) {
	key := loadVectorKey(b)
	for i := 0; i < b.N; i++ {
		if _, err := SignAsymmetric(key, vectorClientID, vectorTimestamp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignSymmetric(b *testing.B) {
	body := []byte(fixtureTopUp)
	for i := 0; i < b.N; i++ {
		SignSymmetric([]byte(fixtureSecret), "POST", PathTopUp, fixtureToken, body, "2020-12-21T17:07:11+07:00")
	}
}
