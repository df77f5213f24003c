package main

import (
	"testing"

	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/statement"
)

// The seeded identifiers must pass the parsers the server checks them with,
// or a look-up document would be one no citizen could have added.
func TestSeededIdentifiersAreValid(t *testing.T) {
	for _, n := range []int{0, 1, 7, 88, 89, 999, 12_345, 99_999, 1_234_567} {
		if _, err := identity.ParseSNILS(snilsOf(n)); err != nil {
			t.Errorf("SNILS of %d (%s): %v", n, snilsOf(n), err)
		}
		if _, err := identity.ParsePersonalINN(innOf("16", n)); err != nil {
			t.Errorf("INN of %d (%s): %v", n, innOf("16", n), err)
		}
		for kind, number := range map[statement.DocKind]string{
			statement.DocDriverLicence: licenceOf(n), statement.DocVehicleCertificate: certificateOf(n), statement.DocPlate: plateOf("77", n),
		} {
			got, err := statement.ParseDocument(kind, number)
			if err != nil || got != number {
				t.Errorf("%s of %d (%s): %q, %v", kind, n, number, got, err)
			}
		}
	}
}

func TestSeededSNILSAreDistinct(t *testing.T) {
	seen := map[string]int{}
	for n := range 100_000 {
		s := snilsOf(n)
		if m, ok := seen[s]; ok {
			t.Fatalf("citizens %d and %d share SNILS %s", m, n, s)
		}
		seen[s] = n
	}
}
