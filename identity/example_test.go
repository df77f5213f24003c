package identity_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/uslugi/uslugi/identity"
)

func ExampleParsePhone() {
	for _, s := range []string{"8 (912) 345-67-89", "+7 495 123-45-67"} {
		phone, err := identity.ParsePhone(s)
		var fe *identity.FieldError
		if errors.As(err, &fe) {
			fmt.Println(fe.Field, fe.Code)
			fmt.Println(fe.Message("ru"))
			continue
		}
		fmt.Println(phone)
	}
	// Output:
	// +79123456789
	// phone NOT_MOBILE
	// Это городской номер или номер 8-800, на него не придёт SMS с кодом; укажите мобильный номер, он начинается с +7 9
}

func ExampleParseSNILS() {
	d, err := identity.ParseSNILS("112 233 445 95")
	fmt.Println(d, identity.FormatSNILS(d), err)
	_, err = identity.ParseSNILS("112-233-445 96")
	fmt.Println(err)
	// Output:
	// 11223344595 112-233-445 95 <nil>
	// snils: the SNILS check number (the last two digits) does not match the rest: check the digits
}

func ExampleParsePassport() {
	now := time.Date(2025, time.June, 15, 12, 0, 0, 0, time.UTC)
	birth := time.Date(1990, time.May, 20, 0, 0, 0, 0, time.UTC)
	p, err := identity.ParsePassport("45 06", "123456", "770001", time.Date(2010, time.June, 1, 0, 0, 0, 0, time.UTC), birth, now)
	fmt.Println(p.Series, p.Number, p.IssuerCode, p.IssuedOn.Format(time.DateOnly), err)

	_, err = identity.ParsePassport("45 06", "12345", "770-001", time.Date(2003, time.January, 10, 0, 0, 0, 0, time.UTC), birth, now)
	for _, fe := range identity.Fields(err) {
		fmt.Println(fe.Field, fe.Code)
	}
	// Output:
	// 4506 123456 770-001 2010-06-01 <nil>
	// passportNumber WRONG_LENGTH
	// passportIssuedOn UNDER_14
}

func ExampleValidatePasswordFor() {
	for _, pw := range []string{"Qwerty123", "Пароль123", "Ivan.Petrov7", "Kx7#mPq2vR"} {
		err := identity.ValidatePasswordFor(pw, pw, "ivan.petrov@mail.ru", "+7 912 345-67-89")
		fmt.Println(err)
	}
	// Output:
	// password: this password is too common and easy to guess: choose another, e.g. a few unrelated words with digits and symbols
	// password: the password has Cyrillic letters: switch the keyboard to English and use Latin letters, digits and punctuation
	// password: the password must not contain your phone number, email address or other personal data
	// <nil>
}

func ExampleParsePlate() {
	plate, _ := identity.ParsePlate("a 123 bc 77 RUS")
	fmt.Println(plate)
	// Output: А123ВС77
}
