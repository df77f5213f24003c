package hearing_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
)

func TestAssess(t *testing.T) {
	kazan := hearingtest.Kazan
	// Announced: the clock, not the stored stage, opens and closes it.
	open := hearing.Hearing{Municipality: kazan, Subject: hearing.SubjectBudgetDraft, Status: hearing.StatusAnnounced,
		Dates: hearing.Dates{OpensAt: opens, ClosesAt: closes}}
	planning := open
	planning.Subject = hearing.SubjectPlanningProject
	planning.Territory.Quarters = []string{hearingtest.QuarterA}
	resident := hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: kazan, AddressVerified: true}
	elsewhere := hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Naberezhnye, AddressVerified: true}
	rightIn := func(quarter string) []hearing.LandRight {
		return []hearing.LandRight{{Municipality: kazan, Quarter: quarter, Cadastral: quarter + ":1"}}
	}
	during := opens.Add(time.Hour)
	for _, c := range []struct {
		name  string
		h     hearing.Hearing
		f     hearing.Facts
		at    time.Time
		want  hearing.Reason
		basis hearing.Basis
	}{
		{"a confirmed resident", open, resident, during, "", hearing.BasisResident},
		{"a standard account", open, hearing.Facts{Tier: account.TierStandard, AddressOKTMO: kazan, AddressVerified: true}, during, hearing.ReasonNotConfirmed, ""},
		{"a simplified account", open, hearing.Facts{Tier: account.TierSimplified}, during, hearing.ReasonNotConfirmed, ""},
		{"no personal data", open, hearing.Facts{Tier: account.TierConfirmed}, during, hearing.ReasonAddressNotVerified, ""},
		{"an address being verified again", open, hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: kazan}, during, hearing.ReasonAddressNotVerified, ""},
		{"a resident of another municipality", open, elsewhere, during, hearing.ReasonOtherMunicipality, ""},
		{"an unverified address elsewhere", open, hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Naberezhnye}, during, hearing.ReasonOtherMunicipality, ""},
		{"a land right does not count for a budget", open, hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Naberezhnye, AddressVerified: true, LandRights: rightIn(hearingtest.QuarterA)}, during, hearing.ReasonOtherMunicipality, ""},
		{"a land right in the territory", planning, hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Naberezhnye, AddressVerified: true, LandRights: rightIn(hearingtest.QuarterA)}, during, "", hearing.BasisLandRight},
		{"a land right without any address", planning, hearing.Facts{Tier: account.TierConfirmed, LandRights: rightIn(hearingtest.QuarterA)}, during, "", hearing.BasisLandRight},
		{"a land right outside the territory", planning, hearing.Facts{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Naberezhnye, AddressVerified: true, LandRights: rightIn(hearingtest.QuarterB)}, during, hearing.ReasonNoLandRight, ""},
		{"no land right, living elsewhere", planning, elsewhere, during, hearing.ReasonNoLandRight, ""},
		{"a land right needs a confirmed account", planning, hearing.Facts{Tier: account.TierStandard, LandRights: rightIn(hearingtest.QuarterA)}, during, hearing.ReasonNotConfirmed, ""},
		{"a resident before the opening", open, resident, opens.Add(-time.Second), hearing.ReasonNotOpen, hearing.BasisResident},
		{"a resident at the closing", open, resident, closes, hearing.ReasonNotOpen, hearing.BasisResident},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := hearing.Assess(c.h, c.f, c.at)
			if got.Reason != c.want || got.Basis != c.basis || got.Allowed != (c.want == "") {
				t.Errorf("got %+v, want reason %q basis %q", got, c.want, c.basis)
			}
		})
	}
}

func TestReasonTexts(t *testing.T) {
	for _, r := range []hearing.Reason{hearing.ReasonNotConfirmed, hearing.ReasonAddressNotVerified, hearing.ReasonOtherMunicipality,
		hearing.ReasonNoLandRight, hearing.ReasonNotOpen} {
		if r.Ru() == string(r) || r.En() == string(r) || r.Ru() == r.En() {
			t.Errorf("%s has no texts", r)
		}
	}
}

// TestEligibilityFromTheAccount checks that the facts come from the
// account: its tier, its personal data's address and the latest
// verification, and the land rights an officer recorded.
func TestEligibilityFromTheAccount(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := e.opened(t)
	budget := hearingtest.Draft(hearingtest.Kazan, opens.Add(time.Hour), closes)
	budget.Subject = hearing.SubjectBudgetDraft
	e.clock.Set(t0)
	b, err := e.svc.Create(ctx, e.officer, budget)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Announce(ctx, e.officer, b.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(opens.Add(2 * time.Hour))
	verified := []account.VerificationStatus{account.VerificationSucceeded}
	holder := e.person(t, hearingtest.Person{Tier: account.TierConfirmed, OKTMO: hearingtest.Naberezhnye, Verifications: verified})
	for _, c := range []struct {
		name     string
		id       string
		planning hearing.Reason
		budget   hearing.Reason
	}{
		{"a resident", e.resident(t), "", ""},
		{"a standard resident", e.person(t, hearingtest.Person{Tier: account.TierStandard, OKTMO: hearingtest.Kazan, Verifications: verified}),
			hearing.ReasonNotConfirmed, hearing.ReasonNotConfirmed},
		{"a resident verifying new data", e.person(t, hearingtest.Person{Tier: account.TierConfirmed, OKTMO: hearingtest.Kazan,
			Verifications: []account.VerificationStatus{account.VerificationSucceeded, account.VerificationRunning}}),
			hearing.ReasonAddressNotVerified, hearing.ReasonAddressNotVerified},
		{"a failed verification", e.person(t, hearingtest.Person{Tier: account.TierConfirmed, OKTMO: hearingtest.Kazan,
			Verifications: []account.VerificationStatus{account.VerificationFailed}}),
			hearing.ReasonAddressNotVerified, hearing.ReasonAddressNotVerified},
		{"no personal data", e.person(t, hearingtest.Person{Tier: account.TierConfirmed}),
			hearing.ReasonAddressNotVerified, hearing.ReasonAddressNotVerified},
		{"living elsewhere", e.person(t, hearingtest.Person{Tier: account.TierConfirmed, OKTMO: hearingtest.Naberezhnye, Verifications: verified}),
			hearing.ReasonNoLandRight, hearing.ReasonOtherMunicipality},
		{"a land right holder living elsewhere", holder, "", hearing.ReasonOtherMunicipality},
		{"an unknown account", "00000000-0000-0000-0000-000000000000", hearing.ReasonNotConfirmed, hearing.ReasonNotConfirmed},
	} {
		if c.id == holder {
			if _, err := e.svc.RecordLandRight(ctx, e.officer, hearing.LandRightInput{AccountID: holder, Municipality: hearingtest.Kazan,
				Kind: hearing.RightLand, Cadastral: hearingtest.CadastralInA, RegistryRecord: "92:01:0101001:15-16/001/2025-1"}); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(c.name, func(t *testing.T) {
			for _, x := range []struct {
				id   string
				want hearing.Reason
			}{{h.ID, c.planning}, {b.ID, c.budget}} {
				got, err := e.svc.Eligibility(ctx, c.id, x.id)
				if err != nil {
					t.Fatal(err)
				}
				if got.Reason != x.want || got.Allowed != (x.want == "") {
					t.Errorf("hearing %s: got %+v, want %q", x.id, got, x.want)
				}
				_, err = e.svc.Vote(ctx, c.id, x.id, vote(hearing.OptionFor))
				if x.want == "" && err != nil {
					t.Errorf("vote refused: %v", err)
				}
				var ie *hearing.IneligibleError
				if x.want != "" && (!errors.As(err, &ie) || ie.Reason != x.want) {
					t.Errorf("vote: got %v, want %s", err, x.want)
				}
			}
		})
	}
	t.Run("myHearings lists the hearings one may take part in", func(t *testing.T) {
		resident := e.resident(t)
		list, n, err := e.svc.Mine(ctx, resident, 0, 10)
		if err != nil || n != 2 || len(list) != 2 {
			t.Fatalf("resident: %d %v", n, err)
		}
		list, n, err = e.svc.Mine(ctx, holder, 0, 10)
		if err != nil || n != 1 || list[0].ID != h.ID {
			t.Fatalf("holder: %d %v", n, err)
		}
		stranger := e.person(t, hearingtest.Person{Tier: account.TierConfirmed, OKTMO: hearingtest.OtherRegion, Verifications: verified})
		if _, n, err = e.svc.Mine(ctx, stranger, 0, 10); err != nil || n != 0 {
			t.Fatalf("stranger: %d %v", n, err)
		}
	})
	t.Run("a land right is recorded once, by the municipality's officer", func(t *testing.T) {
		in := hearing.LandRightInput{AccountID: holder, Municipality: hearingtest.Kazan, Kind: hearing.RightLand,
			Cadastral: hearingtest.CadastralInA, RegistryRecord: "92:01:0101001:15-16/001/2025-1"}
		_, err := e.svc.RecordLandRight(ctx, e.officer, in)
		wantCode(t, err, "ALREADY_RECORDED")
		other := e.addOfficer(t, hearingtest.Naberezhnye)
		in.Cadastral = hearingtest.CadastralInB
		if _, err := e.svc.RecordLandRight(ctx, other, in); !errors.Is(err, hearing.ErrNotOrganiser) {
			t.Errorf("another municipality's officer: %v", err)
		}
		in.Cadastral = "92:01:0101001"
		_, err = e.svc.RecordLandRight(ctx, e.officer, in)
		wantCode(t, err, "INVALID")
		rights, err := e.svc.MyLandRights(ctx, holder)
		if err != nil || len(rights) != 1 || rights[0].Quarter != hearingtest.QuarterA || rights[0].RecordedBy != e.officer {
			t.Errorf("rights %+v %v", rights, err)
		}
	})
}
