package charge

import "testing"

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name      string
		due, paid int64
		want      Status
	}{
		{"nothing paid", 50000, 0, StatusUnpaid},
		{"half paid", 50000, 25000, StatusPartiallyPaid},
		{"one kopeck short", 50000, 49999, StatusPartiallyPaid},
		{"paid exactly", 50000, 50000, StatusPaid},
		{"overpaid", 25000, 50000, StatusPaid},
		{"nothing due", 0, 0, StatusPaid},
		{"a refund recorded as negative", 50000, -100, StatusUnpaid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf(tt.due, tt.paid); got != tt.want {
				t.Errorf("StatusOf(%d, %d) = %s, want %s", tt.due, tt.paid, got, tt.want)
			}
		})
	}
}

func TestValid(t *testing.T) {
	for _, s := range []Status{StatusUnpaid, StatusPartiallyPaid, StatusPaid} {
		if !s.Valid() {
			t.Errorf("%s.Valid() = false", s)
		}
	}
	for _, k := range []Kind{KindFine, KindTax, KindEnforcement} {
		if !k.Valid() {
			t.Errorf("%s.Valid() = false", k)
		}
	}
	if Status("paid").Valid() || Status("").Valid() {
		t.Error("an unknown Status is valid")
	}
	if Kind("fine").Valid() || Kind("").Valid() {
		t.Error("an unknown Kind is valid")
	}
}
