package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// `ovocashier status` for a transaction the ledger records as a success
// but OVO does not know (a proxy forged the success) warns and exits 3,
// never 0.
func TestStatusContradictingTheLedgerExits3(t *testing.T) {
	goliveCleanEnv(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := ovosim.New(ovosim.Config{ClientID: "cid", ClientSecret: "secret", PartnerPublicKey: &key.PublicKey})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	target, _ := url.Parse(srv.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.URL.Path != ovoclient.PathTopUp {
			return nil
		}
		resp.Body.Close()
		data := []byte(`{"responseCode":"2003800","responseMessage":"Successful","referenceNo":"THIEF"}`)
		resp.StatusCode, resp.Body, resp.ContentLength = http.StatusOK, io.NopCloser(bytes.NewReader(data)), int64(len(data))
		resp.Header.Set("Content-Length", strconv.Itoa(len(data)))
		return nil
	}
	proxy := httptest.NewServer(rp)
	defer proxy.Close()
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OVO_BASE_URL", proxy.URL)
	t.Setenv("OVO_CLIENT_ID", "cid")
	t.Setenv("OVO_CLIENT_SECRET", "secret")
	t.Setenv("OVO_PRIVATE_KEY_FILE", keyFile)

	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"topup", "--phone", "081100000500", "--amount", "20000", "--json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("forged top up: exit %d, %s %s", code, out.String(), errb.String())
	}
	var txn map[string]any
	if err := json.Unmarshal(out.Bytes(), &txn); err != nil || txn["referenceNo"] != "THIEF" {
		t.Fatalf("forged top up: %s", out.String())
	}
	out.Reset()
	code := run(context.Background(), []string{"status", "--ref", txn["partnerReferenceNo"].(string), "--json"}, nil, &out, &errb)
	var st map[string]any
	_ = json.Unmarshal(out.Bytes(), &st)
	if code != 3 || st["mismatch"] != true || st["latestTransactionStatus"] != "07" || !strings.Contains(st["problem"].(string), "does not know") {
		t.Fatalf("status: exit %d, %s", code, out.String())
	}
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"status", "--ref", txn["partnerReferenceNo"].(string)}, nil, &out, &errb)
	if code != 3 || !strings.Contains(errb.String(), "WARNING") {
		t.Fatalf("status: exit %d, stderr %q", code, errb.String())
	}
}
