package charge

import (
	"testing"
	"time"
)

func TestDiscountable(t *testing.T) {
	tests := []struct {
		name, article string
		want          bool
	}{
		{"speeding 20–40, part 2 of 12.9", "12.9.2", true},
		{"speeding 40–60, part 3 of 12.9", "12.9.3", true},
		{"red light, part 1 of 12.12", "12.12.1", true},
		{"stopping under a no-stopping sign, part 4 of 12.16", "12.16.4", true},
		{"no seat belt, 12.6 (an article without parts)", "12.6", true},
		{"unregistered vehicle, part 1 of 12.1", "12.1.1", true},
		{"wrong way, part 3 of 12.16 (only 3.1 is excluded)", "12.16.3", true},
		{"oncoming lane, part 4 of 12.15 (only 5 is excluded)", "12.15.4", true},
		{"leaving the scene, part 2 of 12.27 (only 3 is excluded)", "12.27.2", true},
		{"overloaded truck, article 12.21.1 part 3", "12.21.1.3", true},
		{"not in the law's list: part 4 of 12.2", "12.2.4", true},
		{"not in the law's list: part 3 of 12.10", "12.10.3", true},
		{"spaces around", " 12.9.2 ", true},

		{"part-level entry: repeated unregistered, 12.1 part 1.1", "12.1.1.1", false},
		{"article-level entry: 12.8 part 1", "12.8.1", false},
		{"article-level entry: 12.8 part 3", "12.8.3", false},
		{"article-level entry: 12.8 itself", "12.8", false},
		{"part-level entry: repeated speeding 12.9 part 6", "12.9.6", false},
		{"part-level entry: repeated speeding 12.9 part 7", "12.9.7", false},
		{"part-level entry: repeated red light 12.12 part 3", "12.12.3", false},
		{"part-level entry: repeated oncoming 12.15 part 5", "12.15.5", false},
		{"part-level entry: repeated wrong way 12.16 part 3.1", "12.16.3.1", false},
		{"article-level entry: harm to health 12.24 part 2", "12.24.2", false},
		{"article-level entry: 12.24", "12.24", false},
		{"article-level entry: refusal 12.26 part 1", "12.26.1", false},
		{"article-level entry: 12.26", "12.26", false},
		{"part-level entry: drinking after an accident 12.27 part 3", "12.27.3", false},
		{"article without its part, a part excluded: 12.9", "12.9", false},
		{"article without its part, a part excluded: 12.1", "12.1", false},

		{"another chapter: 5.35.1", "5.35.1", false},
		{"another chapter: 11.26.1", "11.26.1", false},
		{"another chapter: 20.25.1", "20.25.1", false},
		{"chapter 12 alone", "12", false},
		{"empty", "", false},
		{"words", "ч. 2 ст. 12.9", false},
		{"empty group", "12..9", false},
		{"trailing dot", "12.9.", false},
		{"not 12.x: 120.1", "120.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Discountable(tt.article); got != tt.want {
				t.Errorf("Discountable(%q) = %v, want %v", tt.article, got, tt.want)
			}
		})
	}
}

// TestDiscountExcludedWellFormed keeps the table to chapter 12 numbers, each
// one excluded by itself.
func TestDiscountExcludedWellFormed(t *testing.T) {
	for _, e := range discountExcluded {
		if !isArticle(e.article) || e.article[:3] != "12." || e.offence == "" {
			t.Errorf("bad entry %+v", e)
		}
		if Discountable(e.article) {
			t.Errorf("Discountable(%q) = true for a listed entry", e.article)
		}
	}
}

func TestDiscountUntil(t *testing.T) {
	msk := time.FixedZone("MSK", 3*60*60)
	vlat := time.FixedZone("VLAT", 10*60*60)
	end := func(y int, m time.Month, d int, loc *time.Location) time.Time {
		return time.Date(y, m, d, 23, 59, 59, 999999999, loc)
	}
	tests := []struct {
		name     string
		decision time.Time
		loc      *time.Location
		want     time.Time
	}{
		{"noon: day 20 is 21 June", time.Date(2025, time.June, 1, 12, 0, 0, 0, msk), nil, end(2025, time.June, 21, msk)},
		{"23:30 Moscow: still that day", time.Date(2025, time.June, 1, 23, 30, 0, 0, msk), nil, end(2025, time.June, 21, msk)},
		{"23:30 Moscow given in UTC", time.Date(2025, time.June, 1, 20, 30, 0, 0, time.UTC), nil, end(2025, time.June, 21, msk)},
		{"00:30 Moscow given in UTC: the next Moscow day", time.Date(2025, time.June, 1, 21, 30, 0, 0, time.UTC), nil, end(2025, time.June, 22, msk)},
		{"a date as midnight UTC", time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC), nil, end(2025, time.June, 21, msk)},
		{"across a month end", time.Date(2025, time.January, 25, 10, 0, 0, 0, msk), nil, end(2025, time.February, 14, msk)},
		{"across a leap day", time.Date(2024, time.February, 20, 10, 0, 0, 0, msk), nil, end(2024, time.March, 11, msk)},
		{"across a year end", time.Date(2025, time.December, 20, 10, 0, 0, 0, msk), nil, end(2026, time.January, 9, msk)},
		{"another zone: the date read there", time.Date(2025, time.June, 1, 16, 0, 0, 0, time.UTC), vlat, end(2025, time.June, 22, vlat)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiscountUntil(tt.decision, tt.loc)
			if !got.Equal(tt.want) {
				t.Errorf("DiscountUntil(%v) = %v, want %v", tt.decision, got, tt.want)
			}
		})
	}
}

func TestDueOn(t *testing.T) {
	msk := time.FixedZone("MSK", 3*60*60)
	decided := time.Date(2025, time.June, 1, 23, 30, 0, 0, msk) // day 20 is 21 June
	fine := func(article string, kopecks int64) Fine {
		return Fine{UIN: "18810770669074391505", DecisionDate: decided, Article: article, AmountKopecks: kopecks}
	}
	tests := []struct {
		name           string
		fine           Fine
		at             time.Time
		due            int64
		discounted     bool
		discount       int64
		untilDayOfJune int // 0: no discount
	}{
		{"right after the decision", fine("12.9.2", 50000), time.Date(2025, time.June, 1, 23, 45, 0, 0, msk), 25000, true, 25000, 21},
		{"day 1", fine("12.9.2", 50000), time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 25000, true, 25000, 21},
		{"day 20, last second", fine("12.9.2", 50000), time.Date(2025, time.June, 21, 23, 59, 59, 0, msk), 25000, true, 25000, 21},
		{"day 20 in UTC (20:59 UTC is 23:59 Moscow)", fine("12.9.2", 50000), time.Date(2025, time.June, 21, 20, 59, 0, 0, time.UTC), 25000, true, 25000, 21},
		{"day 21, midnight", fine("12.9.2", 50000), time.Date(2025, time.June, 22, 0, 0, 0, 0, msk), 50000, false, 25000, 21},
		{"day 21 in UTC (21:00 UTC is 00:00 Moscow)", fine("12.9.2", 50000), time.Date(2025, time.June, 21, 21, 0, 0, 0, time.UTC), 50000, false, 25000, 21},
		{"a month later", fine("12.9.2", 50000), time.Date(2025, time.July, 1, 12, 0, 0, 0, msk), 50000, false, 25000, 21},

		{"odd kopecks rounded up", fine("12.9.2", 50001), time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 25001, true, 25001, 21},
		{"one kopeck", fine("12.9.2", 1), time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 1, true, 1, 21},
		{"odd kopecks after the period: full", fine("12.9.2", 50001), time.Date(2025, time.June, 22, 9, 0, 0, 0, msk), 50001, false, 25001, 21},

		{"excluded article: full on day 1", fine("12.8.1", 4500000), time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 4500000, false, 0, 0},
		{"excluded part: full on day 1", fine("12.9.6", 200000), time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 200000, false, 0, 0},
		{"zero amount", fine("12.9.2", 0), time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 0, false, 0, 0},
		{"unknown decision date", Fine{Article: "12.9.2", AmountKopecks: 50000}, time.Date(2025, time.June, 2, 9, 0, 0, 0, msk), 50000, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, discounted := DueOn(tt.fine, tt.at)
			if due != tt.due || discounted != tt.discounted {
				t.Errorf("DueOn(%v) = %d, %v; want %d, %v", tt.at, due, discounted, tt.due, tt.discounted)
			}
			amount, until := tt.fine.Discount()
			var wantUntil time.Time
			if tt.untilDayOfJune != 0 {
				wantUntil = time.Date(2025, time.June, tt.untilDayOfJune, 23, 59, 59, 999999999, msk)
			}
			if amount != tt.discount || !until.Equal(wantUntil) {
				t.Errorf("Discount() = %d, %v; want %d, %v", amount, until, tt.discount, wantUntil)
			}
		})
	}
}

func TestMoscowIsUTCPlus3(t *testing.T) {
	at := time.Date(2025, time.January, 15, 12, 0, 0, 0, time.UTC)
	if _, off := at.In(moscow).Zone(); off != 3*60*60 {
		t.Errorf("Moscow offset = %d s, want 10800", off)
	}
}
