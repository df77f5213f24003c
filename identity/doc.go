// Package identity parses and checks the identifiers a citizen types into
// the portal: a mobile phone, an email, a SNILS, an INN, an OGRN, an
// internal passport, a birth certificate, a password, a name, a postal
// code, a driving licence, a vehicle registration certificate and a car
// plate.
//
// Every Parse function takes the value as typed (with the spaces, dashes,
// brackets and keyboard slips people make) and returns it normalised, the
// way the portal stores and compares it:
//
//	ParsePhone("8 (912) 345-67-89")   // "+79123456789"
//	ParseEmail(" Ivan.Petrov@Mail.RU ") // "ivan.petrov@mail.ru"
//	ParseSNILS("112-233-445 95")      // "11223344595"; FormatSNILS gives it back
//	ParseINN("7707 0838 93")          // "7707083893"
//	ParsePlate("a 123 bc 77 RUS")     // "А123ВС77", in Cyrillic
//
// or a *FieldError that names the GraphQL input field, gives a stable Code
// (REQUIRED, WRONG_LENGTH, BAD_CHECKSUM, NOT_MOBILE, …) and says in Russian
// and in English what is wrong and how to fix it, without repeating the
// input. Every FieldError unwraps to ErrInvalid. ParsePassport checks four
// fields at once and reports each wrong one (FieldErrors; Fields lists
// them).
//
// The rules the portal chose where the law or the agencies leave room are
// written on each function: which phone numbers are mobile, that emails are
// lower-cased entirely, how the SNILS and INN check digits are computed and
// which numbers they do not cover, what "today" is for a passport's issue
// date, and how a password is judged common (common_passwords.txt, embedded)
// or personal.
//
// The package is pure: no I/O, no clock (ParsePassport takes now), no
// state but the embedded password list, read once.
package identity
