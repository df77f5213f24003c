// Package account holds citizens' and staff accounts: tiers, confirmation
// methods, roles.
package account

// Tier is how far an account has grown; each tier unlocks more services.
type Tier string

// The three tiers, in order.
const (
	TierSimplified Tier = "SIMPLIFIED"
	TierStandard   Tier = "STANDARD"
	TierConfirmed  Tier = "CONFIRMED"
)

// Rank orders tiers: a higher rank includes what the lower ones unlock.
func (t Tier) Rank() int {
	switch t {
	case TierSimplified:
		return 1
	case TierStandard:
		return 2
	case TierConfirmed:
		return 3
	}
	return 0
}

// Valid reports whether t is one of the three tiers.
func (t Tier) Valid() bool { return t.Rank() > 0 }
