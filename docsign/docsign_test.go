package docsign_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/docsign"
	"github.com/uslugi/uslugi/secret"
)

// *secret.Keys is the Sealer the server passes.
var _ docsign.Sealer = (*secret.Keys)(nil)

const (
	hashA = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
	hashB = "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7"
)

func payload() docsign.Payload {
	return docsign.Payload{
		DocumentID: "dup-1",
		Type:       "FOREIGN_MARRIAGE_CERTIFICATE",
		AccountID:  "acc-7",
		Fields:     map[string]string{"state": "Республика Казахстан", "spouse1": "Иванов И. И.", "marriedOn": "2019-05-04"},
		FileSHA256: []string{hashA, hashB},
		SignedAt:   time.Date(2026, 3, 1, 15, 4, 5, 0, time.FixedZone("MSK", 3*3600)),
		Signer:     "mfc-16-kazan-vakhitovsky",
	}
}

func TestCanonical(t *testing.T) {
	t.Run("exact bytes", func(t *testing.T) {
		got, err := payload().Canonical()
		if err != nil {
			t.Fatal(err)
		}
		want := `{"accountId":"acc-7","documentId":"dup-1","fields":{"marriedOn":"2019-05-04","spouse1":"Иванов И. И.","state":"Республика Казахстан"},` +
			`"files":["` + hashA + `","` + hashB + `"],"signedAt":"2026-03-01T12:04:05Z","signer":"mfc-16-kazan-vakhitovsky",` +
			`"type":"FOREIGN_MARRIAGE_CERTIFICATE","v":"uslugi/docsign/v1"}`
		if string(got) != want {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	})

	t.Run("same for the same instant in any zone and below the second", func(t *testing.T) {
		a, _ := payload().Canonical()
		p := payload()
		p.SignedAt = p.SignedAt.UTC().Add(999 * time.Millisecond)
		b, _ := p.Canonical()
		if !bytes.Equal(a, b) {
			t.Fatalf("%s\n%s", a, b)
		}
	})

	t.Run("nil and empty fields sign alike", func(t *testing.T) {
		p, q := payload(), payload()
		p.Fields, q.Fields = nil, map[string]string{}
		a, _ := p.Canonical()
		b, _ := q.Canonical()
		if !bytes.Equal(a, b) || !bytes.Contains(a, []byte(`"fields":{}`)) {
			t.Fatalf("%s\n%s", a, b)
		}
	})

	bad := map[string]func(p *docsign.Payload){
		"empty document id":    func(p *docsign.Payload) { p.DocumentID = "" },
		"empty type":           func(p *docsign.Payload) { p.Type = "" },
		"empty account":        func(p *docsign.Payload) { p.AccountID = "" },
		"empty signer":         func(p *docsign.Payload) { p.Signer = "" },
		"zero time":            func(p *docsign.Payload) { p.SignedAt = time.Time{} },
		"no files":             func(p *docsign.Payload) { p.FileSHA256 = nil },
		"uppercase hash":       func(p *docsign.Payload) { p.FileSHA256[0] = strings.ToUpper(hashA) },
		"short hash":           func(p *docsign.Payload) { p.FileSHA256[0] = hashA[:62] },
		"field value not utf8": func(p *docsign.Payload) { p.Fields["state"] = "\xff" },
		"field name not utf8":  func(p *docsign.Payload) { p.Fields["\xfe"] = "x" },
	}
	for name, f := range bad {
		t.Run(name+" is refused", func(t *testing.T) {
			p := payload()
			f(&p)
			if _, err := p.Canonical(); !errors.Is(err, docsign.ErrPayload) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestSignVerify(t *testing.T) {
	priv, err := docsign.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	sig, err := docsign.Sign(priv, payload())
	if err != nil {
		t.Fatal(err)
	}
	if !docsign.Verify(&priv.PublicKey, payload(), sig) {
		t.Fatal("a genuine signature does not verify")
	}

	tamper := map[string]func(p *docsign.Payload){
		"field changed":      func(p *docsign.Payload) { p.Fields["spouse1"] = "Петров П. П." },
		"field added":        func(p *docsign.Payload) { p.Fields["note"] = "" },
		"field removed":      func(p *docsign.Payload) { delete(p.Fields, "state") },
		"file hash changed":  func(p *docsign.Payload) { p.FileSHA256[1] = hashA },
		"files reordered":    func(p *docsign.Payload) { p.FileSHA256[0], p.FileSHA256[1] = hashB, hashA },
		"file dropped":       func(p *docsign.Payload) { p.FileSHA256 = p.FileSHA256[:1] },
		"time one second on": func(p *docsign.Payload) { p.SignedAt = p.SignedAt.Add(time.Second) },
		"other citizen":      func(p *docsign.Payload) { p.AccountID = "acc-8" },
		"other type":         func(p *docsign.Payload) { p.Type = "FOREIGN_DIVORCE_CERTIFICATE" },
		"other signer":       func(p *docsign.Payload) { p.Signer = "mfc-77-moscow" },
		"other document":     func(p *docsign.Payload) { p.DocumentID = "dup-2" },
		"invalid payload":    func(p *docsign.Payload) { p.DocumentID = "" },
	}
	for name, f := range tamper {
		t.Run(name+" fails", func(t *testing.T) {
			p := payload()
			f(&p)
			if docsign.Verify(&priv.PublicKey, p, sig) {
				t.Fatal("verified")
			}
		})
	}

	t.Run("another key fails", func(t *testing.T) {
		other, _ := docsign.GenerateKey()
		if docsign.Verify(&other.PublicKey, payload(), sig) {
			t.Fatal("verified")
		}
	})
	t.Run("altered signature fails", func(t *testing.T) {
		bad := bytes.Clone(sig)
		bad[len(bad)-1] ^= 1
		if docsign.Verify(&priv.PublicKey, payload(), bad) {
			t.Fatal("verified")
		}
	})
	t.Run("a P-384 key is refused", func(t *testing.T) {
		k, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		if _, err := docsign.Sign(k, payload()); !errors.Is(err, docsign.ErrKeyType) {
			t.Fatalf("err = %v", err)
		}
		if docsign.Verify(&k.PublicKey, payload(), sig) || docsign.Verify(nil, payload(), sig) {
			t.Fatal("verified")
		}
	})
}

func TestPublicKeyPEM(t *testing.T) {
	priv, _ := docsign.GenerateKey()
	s, err := docsign.MarshalPublicKeyPEM(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s, "-----BEGIN PUBLIC KEY-----\n") {
		t.Fatalf("%s", s)
	}
	pub, err := docsign.ParsePublicKeyPEM(s)
	if err != nil || !pub.Equal(&priv.PublicKey) {
		t.Fatalf("round trip: %v", err)
	}
	id1, _ := docsign.KeyID(&priv.PublicKey)
	id2, _ := docsign.KeyID(pub)
	if id1 != id2 || len(id1) != 64 {
		t.Fatalf("KeyID %s %s", id1, id2)
	}

	t.Run("an RSA key is refused", func(t *testing.T) {
		rk, _ := rsa.GenerateKey(rand.Reader, 2048)
		der, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
		if _, err := docsign.ParsePublicKeyPEM(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))); !errors.Is(err, docsign.ErrKeyType) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("garbage is refused", func(t *testing.T) {
		if _, err := docsign.ParsePublicKeyPEM("not a key"); err == nil {
			t.Fatal("no error")
		}
	})
}

// memStore is a KeyStore in memory with the first-writer-wins contract.
type memStore struct {
	mu    sync.Mutex
	rows  map[string][]byte
	saves int
}

func newMemStore() *memStore { return &memStore{rows: map[string][]byte{}} }

func (m *memStore) Load(_ context.Context, signer string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.rows[signer]
	if !ok {
		return nil, docsign.ErrNoKey
	}
	return bytes.Clone(b), nil
}

func (m *memStore) Save(_ context.Context, signer string, sealed []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.rows[signer]; ok {
		return docsign.ErrKeyExists
	}
	m.rows[signer] = bytes.Clone(sealed)
	m.saves++
	return nil
}

func sealer(t *testing.T) *secret.Keys {
	t.Helper()
	k, err := secret.ParseKeys(secret.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeyRing(t *testing.T) {
	ctx := t.Context()
	keys := sealer(t)

	t.Run("sign and verify through the ring", func(t *testing.T) {
		ring := docsign.NewKeyRing(newMemStore(), keys)
		sig, keyID, err := ring.Sign(ctx, payload())
		if err != nil {
			t.Fatal(err)
		}
		ok, err := ring.Verify(ctx, payload(), sig)
		if err != nil || !ok {
			t.Fatalf("Verify = %v, %v", ok, err)
		}
		pub, _ := ring.PublicKey(ctx, payload().Signer)
		if id, _ := docsign.KeyID(pub); id != keyID {
			t.Fatalf("keyID %s, want %s", keyID, id)
		}
		p := payload()
		p.Fields["state"] = "Франция"
		if ok, _ := ring.Verify(ctx, p, sig); ok {
			t.Fatal("tampered payload verified")
		}
	})

	t.Run("each signer has its own key", func(t *testing.T) {
		ring := docsign.NewKeyRing(newMemStore(), keys)
		a, err := ring.Key(ctx, "mfc-a")
		if err != nil {
			t.Fatal(err)
		}
		b, err := ring.Key(ctx, "mfc-b")
		if err != nil {
			t.Fatal(err)
		}
		if a.Equal(b) {
			t.Fatal("two signers share a key")
		}
		again, _ := ring.Key(ctx, "mfc-a")
		if !again.Equal(a) {
			t.Fatal("a signer's key changed")
		}
		// A signature by mfc-a does not pass as mfc-b's.
		p := payload()
		p.Signer = "mfc-a"
		sig, _, _ := ring.Sign(ctx, p)
		p.Signer = "mfc-b"
		if ok, _ := ring.Verify(ctx, p, sig); ok {
			t.Fatal("verified under another signer")
		}
	})

	t.Run("a key survives a reload through the store", func(t *testing.T) {
		store := newMemStore()
		first := docsign.NewKeyRing(store, keys)
		sig, _, err := first.Sign(ctx, payload())
		if err != nil {
			t.Fatal(err)
		}
		pem1, _ := first.PublicKeyPEM(ctx, payload().Signer)

		second := docsign.NewKeyRing(store, keys) // a restart: empty cache
		ok, err := second.Verify(ctx, payload(), sig)
		if err != nil || !ok {
			t.Fatalf("Verify after reload = %v, %v", ok, err)
		}
		pem2, _ := second.PublicKeyPEM(ctx, payload().Signer)
		if pem1 != pem2 || store.saves != 1 {
			t.Fatalf("key changed on reload (saves %d)", store.saves)
		}
	})

	t.Run("the stored key is sealed and bound to its signer", func(t *testing.T) {
		store := newMemStore()
		ring := docsign.NewKeyRing(store, keys)
		k, _ := ring.Key(ctx, "mfc-a")
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		if bytes.Contains(store.rows["mfc-a"], der[len(der)-32:]) {
			t.Fatal("the private key is stored in the clear")
		}
		store.rows["mfc-b"] = store.rows["mfc-a"] // a row copied to another signer
		if _, err := docsign.NewKeyRing(store, keys).Key(ctx, "mfc-b"); !errors.Is(err, secret.ErrDecrypt) {
			t.Fatalf("err = %v", err)
		}
		if _, err := docsign.NewKeyRing(store, sealer(t)).Key(ctx, "mfc-a"); !errors.Is(err, secret.ErrDecrypt) {
			t.Fatalf("opened with other server keys: %v", err)
		}
	})

	t.Run("verifying an unknown signer creates no key", func(t *testing.T) {
		store := newMemStore()
		ring := docsign.NewKeyRing(store, keys)
		if _, err := ring.PublicKey(ctx, "nobody"); !errors.Is(err, docsign.ErrNoKey) {
			t.Fatalf("err = %v", err)
		}
		if ok, err := ring.Verify(ctx, payload(), []byte("sig")); ok || !errors.Is(err, docsign.ErrNoKey) {
			t.Fatalf("Verify = %v, %v", ok, err)
		}
		if store.saves != 0 {
			t.Fatal("a key was created")
		}
	})

	t.Run("an invalid payload creates no key", func(t *testing.T) {
		store := newMemStore()
		p := payload()
		p.FileSHA256 = nil
		if _, _, err := docsign.NewKeyRing(store, keys).Sign(ctx, p); !errors.Is(err, docsign.ErrPayload) {
			t.Fatalf("err = %v", err)
		}
		if store.saves != 0 {
			t.Fatal("a key was created")
		}
	})

	t.Run("servers racing for a new signer end with one key", func(t *testing.T) {
		store := newMemStore()
		var wg sync.WaitGroup
		pubs := make([]*ecdsa.PublicKey, 8)
		for i := range pubs {
			wg.Go(func() {
				k, err := docsign.NewKeyRing(store, keys).Key(ctx, "mfc-new")
				if err != nil {
					t.Error(err)
					return
				}
				pubs[i] = &k.PublicKey
			})
		}
		wg.Wait()
		for _, p := range pubs[1:] {
			if p == nil || !p.Equal(pubs[0]) {
				t.Fatal("servers ended with different keys")
			}
		}
		if store.saves != 1 {
			t.Fatalf("saves = %d", store.saves)
		}
	})
}
