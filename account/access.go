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

// AccessForChild is AccessTo for a parent acting on behalf of a child: the
// service must allow it and the child must be the parent's own.
func AccessForChild(p *Principal, minTier Tier, excludesMail, forChildren, ownChild bool) (Access, string) {
	a := AccessTo(p, minTier, excludesMail)
	switch {
	case p == nil:
		return a, ""
	case !ownChild:
		return Access{NeedTier: minTier}, "NOT_YOUR_CHILD"
	case !forChildren:
		return Access{NeedTier: minTier}, "NOT_FOR_CHILDREN"
	}
	return a, ""
}
