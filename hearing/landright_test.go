package hearing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
)

// plainHasher stands in for the server's keyed hash: the tests only need
// the service to hash the SNILS it parsed and look that up.
type plainHasher struct{}

func (plainHasher) LookupHash(kind, value string) string { return kind + ":" + value }

// TestRecordLandRightBySNILS: the officer names the right holder by the
// SNILS the registry gives, in any spelling; exactly one of account and
// SNILS is given, a SNILS must check and belong to an account, and an
// officer of another municipality learns nothing of it.
func TestRecordLandRightBySNILS(t *testing.T) {
	e := newEnv(t)
	e.svc.Lookup = plainHasher{}
	ctx := context.Background()
	holder := e.person(t, hearingResidentElsewhere())
	snils := agencytest.SNILS("112233445")
	if _, err := e.db.NewUpdate().Table("accounts").Set("snils_hash = ?", "snils:"+snils).Where("id = ?", holder).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	formatted := snils[:3] + "-" + snils[3:6] + "-" + snils[6:9] + " " + snils[9:]
	in := func(accountID, snils, cadastral string) hearing.LandRightInput {
		return hearing.LandRightInput{AccountID: accountID, SNILS: snils, Municipality: hearingtest.Kazan, Kind: hearing.RightLand,
			Cadastral: cadastral, RegistryRecord: cadastral + "-16/001/2025-1"}
	}
	rights := func(t *testing.T) []hearing.LandRight {
		t.Helper()
		rs, err := e.svc.MyLandRights(ctx, holder)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	wantField := func(t *testing.T, err error, field, code string) {
		t.Helper()
		var fe *hearing.FieldError
		if !errors.As(err, &fe) || fe.Field != field || fe.Code != code || fe.Ru == "" || fe.En == "" {
			t.Fatalf("got %v, want %s %s", err, field, code)
		}
	}

	t.Run("both or neither is refused", func(t *testing.T) {
		_, err := e.svc.RecordLandRight(ctx, e.officer, in(holder, snils, hearingtest.CadastralInA))
		wantField(t, err, "accountId", "INVALID")
		_, err = e.svc.RecordLandRight(ctx, e.officer, in(" ", "", hearingtest.CadastralInA))
		wantField(t, err, "accountId", "INVALID")
	})
	t.Run("a SNILS that does not check is refused", func(t *testing.T) {
		bad := snils[:10] + string('0'+(snils[10]-'0'+1)%10)
		_, err := e.svc.RecordLandRight(ctx, e.officer, in("", bad, hearingtest.CadastralInA))
		wantField(t, err, "snils", "INVALID")
	})
	t.Run("an unknown SNILS records nothing", func(t *testing.T) {
		_, err := e.svc.RecordLandRight(ctx, e.officer, in("", agencytest.SNILS("998877665"), hearingtest.CadastralInA))
		wantField(t, err, "snils", "NOT_FOUND")
		if rs := rights(t); len(rs) != 0 {
			t.Errorf("rights: %+v", rs)
		}
	})
	t.Run("another municipality's officer learns nothing of the SNILS", func(t *testing.T) {
		other := e.addOfficer(t, hearingtest.Naberezhnye)
		for _, sn := range []string{snils, agencytest.SNILS("998877665")} {
			if _, err := e.svc.RecordLandRight(ctx, other, in("", sn, hearingtest.CadastralInA)); !errors.Is(err, hearing.ErrNotOrganiser) {
				t.Errorf("%s: %v", sn, err)
			}
		}
	})
	t.Run("a known SNILS, as the registry spells it, records the right for its account", func(t *testing.T) {
		r, err := e.svc.RecordLandRight(ctx, e.officer, in("", formatted, hearingtest.CadastralInA))
		if err != nil || r.AccountID != holder {
			t.Fatalf("record: %+v %v", r, err)
		}
		if rs := rights(t); len(rs) != 1 || rs[0].Quarter != hearingtest.QuarterA || rs[0].RecordedBy != e.officer {
			t.Errorf("rights: %+v", rs)
		}
		_, err = e.svc.RecordLandRight(ctx, e.officer, in("", snils, hearingtest.CadastralInA))
		wantCode(t, err, "ALREADY_RECORDED")
	})
	t.Run("without a hasher only account ids are taken", func(t *testing.T) {
		e.svc.Lookup = nil
		defer func() { e.svc.Lookup = plainHasher{} }()
		_, err := e.svc.RecordLandRight(ctx, e.officer, in("", snils, hearingtest.CadastralInB))
		var fe *hearing.FieldError
		if err == nil || errors.As(err, &fe) {
			t.Errorf("got %v, want a failure", err)
		}
		if _, err := e.svc.RecordLandRight(ctx, e.officer, in(holder, "", hearingtest.CadastralInB)); err != nil {
			t.Errorf("by account: %v", err)
		}
	})
}
