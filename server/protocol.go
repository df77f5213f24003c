package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/uslugi/uslugi/docsign"
	"github.com/uslugi/uslugi/hearing"
)

// protocolSigner signs hearing protocols with the municipality's key and
// checks them; the signature string carries what checking needs: the
// signature, the key id, the signing time and the signer.
type protocolSigner struct {
	ring     *docsign.KeyRing
	hearings func() *hearing.Service
	clock    func() time.Time
}

func protocolSignerName(oktmo string) string { return "municipality-" + oktmo }

func protocolPayload(hearingID, signer, sha string, at time.Time) docsign.Payload {
	return docsign.Payload{DocumentID: hearingID, Type: "HEARING_PROTOCOL", AccountID: signer, Fields: map[string]string{"hearing": hearingID},
		FileSHA256: []string{sha}, SignedAt: at, Signer: signer}
}

// Prepare makes the municipality's key before the publishing transaction.
func (s protocolSigner) Prepare(ctx context.Context, hearingID string) error {
	h, err := s.hearings().Get(ctx, "", hearingID)
	if errors.Is(err, hearing.ErrNotFound) {
		return nil // the publication reports it
	}
	if err != nil {
		return err
	}
	_, err = s.ring.Key(ctx, protocolSignerName(h.Municipality))
	return err
}

// SignProtocol implements hearing.Signer.
func (s protocolSigner) SignProtocol(ctx context.Context, p hearing.Protocol, canonical []byte) (string, error) {
	sum := sha256.Sum256(canonical)
	signer := protocolSignerName(p.Municipality)
	at := s.clock().UTC().Truncate(time.Second)
	sig, keyID, err := s.ring.Sign(ctx, protocolPayload(p.HearingID, signer, hex.EncodeToString(sum[:]), at))
	if err != nil {
		return "", err
	}
	return strings.Join([]string{"v1", base64.StdEncoding.EncodeToString(sig), keyID, at.Format(time.RFC3339), signer}, " "), nil
}

// VerifyProtocol implements hearing.ProtocolVerifier.
func (s protocolSigner) VerifyProtocol(ctx context.Context, h hearing.Hearing, signature string) (bool, time.Time, string, error) {
	parts := strings.Split(signature, " ")
	if len(parts) != 5 || parts[0] != "v1" {
		return false, time.Time{}, "", nil
	}
	sig, err := base64.StdEncoding.DecodeString(parts[1])
	at, terr := time.Parse(time.RFC3339, parts[3])
	if err != nil || terr != nil {
		return false, time.Time{}, "", nil
	}
	ok, err := s.ring.Verify(ctx, protocolPayload(h.ID, parts[4], h.ProtocolSHA256, at), sig)
	return ok, at, parts[4], err
}
