package cashier

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// SSH signatures in OpenSSH's SSHSIG format (PROTOCOL.sshsig), as made by
// `ssh-keygen -Y sign -n NAMESPACE` and checked by `ssh-keygen -Y verify`.
// An approval over SSH is such a signature by the supervisor's own key over
// the approval's canonical bytes (ApprovalBytes).

// ApprovalNamespace is the SSHSIG namespace of approvals (ssh-keygen -n).
const ApprovalNamespace = "ovocashier-approval"

const (
	sshsigMagic   = "SSHSIG"
	sshsigVersion = 1
	armorBegin    = "-----BEGIN SSH SIGNATURE-----"
	armorEnd      = "-----END SSH SIGNATURE-----"
)

// ErrSignature is matched by every refusal of an SSH signature; the error
// is a *SignatureError.
var ErrSignature = errors.New("the SSH signature does not verify")

// SignatureProblem says what is wrong with an SSH signature (a code the
// catalog words in the reader's language).
type SignatureProblem string

// The problems of an SSH signature.
const (
	SigNotArmored    SignatureProblem = "not_armored"     // not between the BEGIN/END SSH SIGNATURE lines
	SigNotBase64     SignatureProblem = "not_base64"      // its body is not base64
	SigNotSSHSIG     SignatureProblem = "not_sshsig"      // not an SSHSIG blob
	SigVersion       SignatureProblem = "not_version_1"   // not SSHSIG version 1
	SigNamespace     SignatureProblem = "wrong_namespace" // made for namespace Got, not Want
	SigOtherKey      SignatureProblem = "other_key"       // made with another key than the session's
	SigBadKey        SignatureProblem = "bad_key"         // its public key or signature does not parse
	SigRSASHA1       SignatureProblem = "rsa_sha1"        // an ssh-rsa (SHA-1) signature
	SigHashAlg       SignatureProblem = "bad_hash"        // hash Got is not sha256 or sha512
	SigNotTheseBytes SignatureProblem = "not_these_bytes" // a signature, but not of the bytes to approve
)

// SignatureError refuses an SSH signature: Problem says why; Got and Want
// are the namespaces (SigNamespace) or the hash (SigHashAlg). It matches
// ErrSignature.
type SignatureError struct {
	Problem   SignatureProblem
	Got, Want string
}

// Error says the problem in English (the catalog words it for people).
func (e *SignatureError) Error() string {
	what := map[SignatureProblem]string{
		SigNotArmored: "not an armored SSH signature (" + armorBegin + " … " + armorEnd + ")", SigNotBase64: "its body is not base64",
		SigNotSSHSIG: "not an SSHSIG signature", SigVersion: "not an SSHSIG version 1 signature",
		SigNamespace: fmt.Sprintf("it was made for namespace %q, not %q (ssh-keygen -Y sign -n %s)", e.Got, e.Want, e.Want),
		SigOtherKey:  "it was made with another key than the one you logged in with", SigBadKey: "its key or signature does not parse",
		SigRSASHA1: "ssh-rsa (SHA-1) signatures are refused", SigHashAlg: fmt.Sprintf("hash %q is not sha256 or sha512", e.Got),
		SigNotTheseBytes: "the signature is not of these bytes (sign exactly what `approve ID` printed)",
	}[e.Problem]
	return ErrSignature.Error() + ": " + what
}

// Is makes it match ErrSignature.
func (e *SignatureError) Is(target error) bool { return target == ErrSignature }

type sshsigBlob struct {
	Magic     [6]byte
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	HashAlg   string
	Signature []byte
}

type sshsigSigned struct {
	Magic     [6]byte
	Namespace string
	Reserved  string
	HashAlg   string
	Hash      []byte
}

func sshsigHash(alg string, msg []byte) ([]byte, error) {
	switch alg {
	case "sha512":
		h := sha512.Sum512(msg)
		return h[:], nil
	case "sha256":
		h := sha256.Sum256(msg)
		return h[:], nil
	}
	return nil, &SignatureError{Problem: SigHashAlg, Got: alg}
}

func signedData(namespace, alg string, msg []byte) ([]byte, error) {
	h, err := sshsigHash(alg, msg)
	if err != nil {
		return nil, err
	}
	var s sshsigSigned
	copy(s.Magic[:], sshsigMagic)
	s.Namespace, s.HashAlg, s.Hash = namespace, alg, h
	return ssh.Marshal(s), nil
}

// VerifySSHSig checks that armored is an SSHSIG signature over msg in
// namespace by the public key want (wire form), and returns nil, or an error
// matching ErrSignature that says what is wrong.
func VerifySSHSig(armored []byte, namespace string, msg, want []byte) error {
	raw, err := unarmor(armored)
	if err != nil {
		return err
	}
	var b sshsigBlob
	if err := ssh.Unmarshal(raw, &b); err != nil {
		return &SignatureError{Problem: SigNotSSHSIG}
	}
	switch {
	case string(b.Magic[:]) != sshsigMagic || b.Version != sshsigVersion:
		return &SignatureError{Problem: SigVersion}
	case b.Namespace != namespace:
		return &SignatureError{Problem: SigNamespace, Got: b.Namespace, Want: namespace}
	case !bytes.Equal(b.PublicKey, want):
		return &SignatureError{Problem: SigOtherKey}
	}
	pub, err := ssh.ParsePublicKey(b.PublicKey)
	if err != nil {
		return &SignatureError{Problem: SigBadKey}
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(b.Signature, &sig); err != nil {
		return &SignatureError{Problem: SigBadKey}
	}
	if pub.Type() == ssh.KeyAlgoRSA && sig.Format == ssh.KeyAlgoRSA {
		return &SignatureError{Problem: SigRSASHA1}
	}
	data, err := signedData(namespace, b.HashAlg, msg)
	if err != nil {
		return err
	}
	if err := pub.Verify(data, &sig); err != nil {
		return &SignatureError{Problem: SigNotTheseBytes}
	}
	return nil
}

// SignSSHSig signs msg in namespace with signer, in the armored SSHSIG
// format ssh-keygen writes (sha512): what `ssh-keygen -Y sign` does, for
// keys held by this program and for tests.
func SignSSHSig(signer ssh.Signer, namespace string, msg []byte) ([]byte, error) {
	data, err := signedData(namespace, "sha512", msg)
	if err != nil {
		return nil, err
	}
	var sig *ssh.Signature
	if as, ok := signer.(ssh.AlgorithmSigner); ok && signer.PublicKey().Type() == ssh.KeyAlgoRSA {
		sig, err = as.SignWithAlgorithm(rand.Reader, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = signer.Sign(rand.Reader, data)
	}
	if err != nil {
		return nil, err
	}
	var b sshsigBlob
	copy(b.Magic[:], sshsigMagic)
	b.Version, b.PublicKey, b.Namespace, b.HashAlg, b.Signature = sshsigVersion, signer.PublicKey().Marshal(), namespace, "sha512", ssh.Marshal(sig)
	enc := base64.StdEncoding.EncodeToString(ssh.Marshal(b))
	var out strings.Builder
	out.WriteString(armorBegin + "\n")
	for len(enc) > 70 {
		out.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	out.WriteString(enc + "\n" + armorEnd + "\n")
	return []byte(out.String()), nil
}

func unarmor(armored []byte) ([]byte, error) {
	s := strings.TrimSpace(string(armored))
	body, ok := strings.CutPrefix(s, armorBegin)
	if ok {
		body, ok = strings.CutSuffix(body, armorEnd)
	}
	if !ok {
		return nil, &SignatureError{Problem: SigNotArmored}
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return nil, &SignatureError{Problem: SigNotBase64}
	}
	return raw, nil
}
