package agency_test

import (
	"context"
	"fmt"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// Example submits a check, moves the clock past the simulator's latency and
// collects the answer, as a polling job would.
func Example() {
	ctx := context.Background()
	clock := agencytest.NewClock(time.Date(2026, time.March, 10, 7, 0, 0, 0, time.UTC))
	sims := agency.NewSimulators(clock.Now, agency.SimOptions{})

	check := agency.PersonCheck{
		SNILS:     agencytest.SNILS("123456000"), // a body ending in 000: the name does not match
		LastName:  "Иванов",
		FirstName: "Иван",
		BirthDate: time.Date(1985, time.May, 17, 0, 0, 0, 0, time.UTC),
		Sex:       agency.SexMale,
	}
	ticket, err := sims.SFR.SubmitPersonCheck(ctx, check)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := sims.SFR.PersonCheckResult(ctx, ticket)
	fmt.Println(r.State)

	clock.Advance(agency.DefaultLatency)
	r, _ = sims.SFR.PersonCheckResult(ctx, ticket)
	fmt.Println(r.State, r.Reason, r.Message)
	// Output:
	// PENDING
	// REJECTED NAME_MISMATCH ФИО не совпадает с данными СНИЛС
}

// ExamplePostSimulator sends a registered letter and tracks it two weeks later.
func ExamplePostSimulator() {
	ctx := context.Background()
	clock := agencytest.NewClock(time.Date(2026, time.March, 10, 7, 0, 0, 0, time.UTC))
	sims := agency.NewSimulators(clock.Now, agency.SimOptions{})
	number, _ := sims.Post.SendRegisteredLetter(ctx, agency.Letter{
		To: "Иванов Иван Иванович", Address: "г. Москва, ул. Ленина, д. 1", Body: "Код подтверждения: 123456",
	})
	clock.Advance(agency.PostDeliveredAfter)
	events, _ := sims.Post.Track(ctx, number)
	for _, e := range events {
		fmt.Println(e.At.Format(time.DateOnly), e.Status)
	}
	// Output:
	// 2026-03-10 ACCEPTED
	// 2026-03-11 IN_TRANSIT
	// 2026-03-22 ARRIVED
	// 2026-03-24 DELIVERED
}
