package account

// Access is whether an account may use a service, and if not, what it
// lacks.
type Access struct {
	Allowed       bool
	NeedSignIn    bool
	NeedTier      Tier
	RefusedMethod Method
}

// AccessTo applies the access policy: a service needs at least its tier,
// and a service of the tax service's personal account does not accept an
// identity confirmed only by a registered-mail code (tax secrecy, Tax Code
// art. 102). p is nil for an anonymous caller.
func AccessTo(p *Principal, minTier Tier, excludesMail bool) Access {
	switch {
	case p == nil:
		return Access{NeedSignIn: true, NeedTier: minTier}
	case p.Tier.Rank() < minTier.Rank():
		return Access{NeedTier: minTier}
	case excludesMail && p.Method == MethodRegisteredMail:
		return Access{NeedTier: minTier, RefusedMethod: MethodRegisteredMail}
	}
	return Access{Allowed: true, NeedTier: minTier}
}
