package charge_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/uslugi/uslugi/charge"
	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/money"
)

func ExampleDueOn() {
	msk := time.FixedZone("MSK", 3*60*60)
	fine := charge.Fine{
		UIN:           "18810770669074391505",
		DecisionDate:  time.Date(2025, time.June, 1, 23, 30, 0, 0, msk),
		Article:       "12.9.2", // speeding by 20–40 km/h
		AmountKopecks: 50000,
	}
	half, until := fine.Discount()
	fmt.Println("half:", money.Format(half, "en"), "until", until.Format("02.01.2006 15:04 MST"))
	for _, at := range []time.Time{
		time.Date(2025, time.June, 21, 23, 59, 0, 0, msk), // day 20
		time.Date(2025, time.June, 22, 0, 0, 0, 0, msk),   // day 21
	} {
		due, discounted := charge.DueOn(fine, at)
		fmt.Println(at.Format("02.01 15:04"), money.Format(due, "en"), discounted)
	}
	// Output:
	// half: ₽250.00 until 21.06.2025 23:59 MSK
	// 21.06 23:59 ₽250.00 true
	// 22.06 00:00 ₽500.00 false
}

func ExampleDueOn_excluded() {
	fine := charge.Fine{
		DecisionDate:  time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC),
		Article:       "12.26.1", // refusal of a medical examination
		AmountKopecks: 4500000,
	}
	due, discounted := charge.DueOn(fine, time.Date(2025, time.June, 2, 12, 0, 0, 0, time.UTC))
	fmt.Println(money.Format(due, "en"), discounted)
	// Output:
	// ₽45,000.00 false
}

func ExampleParseUIN() {
	uin, err := charge.ParseUIN("188 1077 0669 0743 9150 5")
	fmt.Println(uin, err)

	_, err = charge.ParseUIN("18810770669074391506")
	var fe *identity.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Code)
		fmt.Println(fe.Message("ru"))
	}
	// Output:
	// 18810770669074391505 <nil>
	// uin BAD_CHECKSUM
	// Последняя, контрольная цифра УИН не сходится с остальными: проверьте цифры
}

func ExampleUINCheckDigit() {
	body := "1881077066907439150"
	fmt.Println(body + string(charge.UINCheckDigit(body)))
	// Output:
	// 18810770669074391505
}
