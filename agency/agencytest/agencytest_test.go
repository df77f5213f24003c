package agencytest_test

import (
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestSNILS(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"sum below 100 is the check sum", "112233445", "11223344595"},
		{"sum of 100 gives 00", "100029990", "10002999000"},
		{"sum above 101 is taken modulo 101", "987654321", "98765432183"}, // 285 % 101 = 83
		{"sum modulo 101 of 100 gives 00", "106897449", "10689744900"},    // 201 % 101 = 100
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := agencytest.SNILS(tc.body); got != tc.want {
				t.Fatalf("SNILS(%s) = %s, want %s", tc.body, got, tc.want)
			}
		})
	}
	t.Run("a body of another length panics", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		agencytest.SNILS("12345")
	})
}

func TestClock(t *testing.T) {
	t0 := time.Date(2026, time.March, 10, 7, 0, 0, 0, time.UTC)
	c := agencytest.NewClock(t0)
	if !c.Now().Equal(t0) {
		t.Fatalf("Now %v", c.Now())
	}
	if got := c.Advance(time.Hour); !got.Equal(t0.Add(time.Hour)) || !c.Now().Equal(got) {
		t.Fatalf("Advance: %v, Now %v", got, c.Now())
	}
	c.Set(t0)
	if !c.Now().Equal(t0) {
		t.Fatalf("Set: Now %v", c.Now())
	}
}
