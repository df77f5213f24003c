package account

import "testing"

func TestAccessTo(t *testing.T) {
	std := &Principal{Tier: TierStandard, Method: MethodNone}
	mail := &Principal{Tier: TierConfirmed, Method: MethodRegisteredMail}
	inPerson := &Principal{Tier: TierConfirmed, Method: MethodInPerson}
	tests := []struct {
		name         string
		p            *Principal
		tier         Tier
		excludesMail bool
		want         Access
	}{
		{"anonymous must sign in", nil, TierSimplified, false, Access{NeedSignIn: true, NeedTier: TierSimplified}},
		{"standard reaches fines", std, TierStandard, false, Access{Allowed: true, NeedTier: TierStandard}},
		{"standard lacks a confirmed service", std, TierConfirmed, false, Access{NeedTier: TierConfirmed}},
		{"registered mail is refused by the tax account", mail, TierConfirmed, true, Access{NeedTier: TierConfirmed, RefusedMethod: MethodRegisteredMail}},
		{"registered mail opens other confirmed services", mail, TierConfirmed, false, Access{Allowed: true, NeedTier: TierConfirmed}},
		{"in person opens the tax account", inPerson, TierConfirmed, true, Access{Allowed: true, NeedTier: TierConfirmed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AccessTo(tt.p, tt.tier, tt.excludesMail); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAccessForChild(t *testing.T) {
	parent := &Principal{Tier: TierStandard}
	tests := []struct {
		name                string
		forChildren, ownKid bool
		allowed             bool
		why                 string
	}{
		{"a service for children, the parent's own child", true, true, true, ""},
		{"another parent's child", true, false, false, "NOT_YOUR_CHILD"},
		{"a service that cannot be received for a child", false, true, false, "NOT_FOR_CHILDREN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := AccessForChild(parent, TierStandard, false, tt.forChildren, tt.ownKid)
			if got.Allowed != tt.allowed || why != tt.why {
				t.Errorf("got %+v %q", got, why)
			}
		})
	}
}
