package duplicate_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uslugi/uslugi/duplicate"
)

// consentStore keeps consents and operators' centres in memory; the rest
// of duplicate.Tx is nil and panics if a rule under test reaches for it.
type consentStore struct {
	duplicate.Tx
	centres  map[string][]string
	consents map[string]duplicate.Consent
}

func (s *consentStore) InTx(ctx context.Context, f func(ctx context.Context, tx duplicate.Tx) error) error {
	return f(ctx, s)
}

func (s *consentStore) OperatorCentres(_ context.Context, id string) ([]string, error) {
	return s.centres[id], nil
}

func (s *consentStore) Consent(_ context.Context, id string) (duplicate.Consent, error) {
	c, ok := s.consents[id]
	if !ok {
		return duplicate.Consent{}, duplicate.ErrNotFound
	}
	return c, nil
}

// TestConsentAtCentre: an operator follows a consent asked at any of his
// centres, by himself or a colleague, as it is stored (a PENDING one past
// its time too); another centre's is not found, like a missing one; an
// account that operates no centre is refused.
func TestConsentAtCentre(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	store := &consentStore{
		centres: map[string][]string{"asker": {"kazan"}, "colleague": {"chelny", "kazan"}, "elsewhere": {"chelny"}},
		consents: map[string]duplicate.Consent{
			"c1": {ID: "c1", AccountID: "citizen", OperatorID: "asker", Centre: "kazan", Type: "WORK_RECORD_BOOK",
				Status: duplicate.ConsentPending, CreatedAt: t0, ExpiresAt: t0.Add(duplicate.ConsentTTL)},
		},
	}
	// The clock is past the consent's time to answer.
	svc := duplicate.New(store, nil, nil, func() time.Time { return t0.Add(time.Hour) })
	ctx := context.Background()
	for _, op := range []string{"asker", "colleague"} {
		t.Run(op+" of the centre follows it", func(t *testing.T) {
			c, err := svc.ConsentAtCentre(ctx, op, "c1")
			if err != nil || c != store.consents["c1"] {
				t.Fatalf("got %+v %v", c, err)
			}
		})
	}
	t.Run("another centre's operator finds nothing", func(t *testing.T) {
		if c, err := svc.ConsentAtCentre(ctx, "elsewhere", "c1"); !errors.Is(err, duplicate.ErrNotFound) || c.ID != "" {
			t.Errorf("got %+v %v", c, err)
		}
	})
	t.Run("a missing consent is not found", func(t *testing.T) {
		if _, err := svc.ConsentAtCentre(ctx, "asker", "c2"); !errors.Is(err, duplicate.ErrNotFound) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("no centre, no consent", func(t *testing.T) {
		if _, err := svc.ConsentAtCentre(ctx, "citizen", "c1"); !errors.Is(err, duplicate.ErrNotOperator) {
			t.Errorf("got %v", err)
		}
	})
}
