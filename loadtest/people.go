package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// Seeded citizens are numbered 0..n-1; everything about one follows from
// its number, so a second seed writes the same rows and a run finds them
// without reading a file.

// phonePrefix starts every seeded citizen's phone (+7 900 followed by the
// number in 8 digits): real operators do not hand out +7 900 000…, and the
// run picks seeded accounts by it.
const phonePrefix = "+7900"

// seedNamespace makes the seeded ids: UUIDv5 of a name, the same on every seed.
var seedNamespace = uuid.MustParse("6f1c2f9e-5d2a-4c43-9c37-0b8a1d6f4e10")

func seededID(kind string, n int) string {
	return uuid.NewSHA1(seedNamespace, []byte(kind+":"+strconv.Itoa(n))).String()
}

func citizenPhone(n int) string { return fmt.Sprintf("%s%08d", phonePrefix, n) }

// tierOf spreads the tiers as the portal's own figures did at about this
// size: a tenth simplified (contact only), six tenths standard (personal
// data verified), three tenths confirmed (identity confirmed in person).
func tierOf(n int) string {
	switch d := n % 10; {
	case d == 0:
		return "SIMPLIFIED"
	case d <= 6:
		return "STANDARD"
	default:
		return "CONFIRMED"
	}
}

// snilsOf returns a valid SNILS (11 digits with its check number) unique
// per n, above 001-001-998 where the check applies.
func snilsOf(n int) string {
	d := fmt.Sprintf("%09d", 2_000_000+n)
	sum := 0
	for i := range 9 {
		sum += int(d[i]-'0') * (9 - i)
	}
	check := 0
	switch {
	case sum < 100:
		check = sum
	case sum == 100 || sum == 101:
		check = 0
	default:
		if check = sum % 101; check == 100 {
			check = 0
		}
	}
	return fmt.Sprintf("%s%02d", d, check)
}

var (
	innWeights11 = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12 = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

// innOf returns a valid personal INN (12 digits, two check digits) unique
// per n, registered in region.
func innOf(region string, n int) string {
	d := []byte(fmt.Sprintf("%s%02d%06d", region, n/1_000_000%100, n%1_000_000))
	digit := func(w []int) byte {
		sum := 0
		for i, x := range w {
			sum += int(d[i]-'0') * x
		}
		return byte(sum%11%10) + '0'
	}
	d = append(d, digit(innWeights11))
	d = append(d, digit(innWeights12))
	return string(d)
}

// Look-up documents. Series 0000 and 9999 are the simulator's "always
// down" and "always hangs" documents: never generated.
func licenceOf(n int) string { return fmt.Sprintf("%02d%02d%06d", 10+n%89, 10+n/89%89, n%1_000_000) }
func certificateOf(n int) string {
	return fmt.Sprintf("%02d%02d%06d", 11+n%88, 20+n/88%79, (n*7+13)%1_000_000)
}

const plateLetters = "АВЕКМНОРСТУХ"

// plateOf returns a plate such as А123ВС77 in region.
func plateOf(region string, n int) string {
	l := []rune(plateLetters)
	num := n%999 + 1 // 000 is never issued
	return fmt.Sprintf("%c%03d%c%c%s", l[n%12], num, l[n/12%12], l[n/144%12], region)
}

var (
	maleLast    = []string{"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев"}
	maleFirst   = []string{"Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Иван", "Михаил", "Евгений", "Артём", "Николай", "Владимир", "Павел", "Роман", "Олег", "Игорь", "Юрий", "Виктор"}
	femaleFirst = []string{"Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Светлана", "Мария", "Екатерина", "Юлия", "Анастасия", "Марина", "Дарья", "Людмила", "Галина", "Валентина", "Ксения", "Полина"}
	fathers     = []string{"Александр", "Сергей", "Владимир", "Николай", "Иван", "Михаил", "Виктор", "Юрий", "Пётр", "Андрей", "Анатолий", "Геннадий"}
	streets     = []string{"ул. Ленина", "ул. Гагарина", "ул. Мира", "ул. Советская", "пр-т Победы", "ул. Садовая", "ул. Школьная", "ул. Лесная", "ул. Молодёжная", "ул. Центральная", "ул. Набережная", "ул. Пушкина"}
)

// patronymicOf makes a patronymic from a father's name (regular forms only,
// which the list above keeps to).
func patronymicOf(father string, female bool) string {
	stem, suffixM, suffixF := father, "ович", "овна"
	switch {
	case father == "Николай" || father == "Андрей" || father == "Анатолий" || father == "Геннадий" || father == "Юрий":
		r := []rune(father)
		stem, suffixM, suffixF = string(r[:len(r)-1]), "евич", "евна"
	}
	if female {
		return stem + suffixF
	}
	return stem + suffixM
}

// person is a seeded citizen's name and birth date.
type person struct {
	last, first, patronymic string
	female                  bool
	birth                   time.Time
}

func personOf(n int) person {
	p := person{female: n%2 == 1}
	last := maleLast[n%len(maleLast)]
	if p.female {
		// Every surname in the list takes -а in the feminine.
		p.last, p.first = last+"а", femaleFirst[n/2%len(femaleFirst)]
	} else {
		p.last, p.first = last, maleFirst[n/2%len(maleFirst)]
	}
	p.patronymic = patronymicOf(fathers[n/7%len(fathers)], p.female)
	// Adults from 18 to 80, spread over the days of the year.
	p.birth = time.Date(1946+n%62, time.Month(1+n/62%12), 1+n/744%28, 0, 0, 0, 0, time.UTC)
	return p
}
