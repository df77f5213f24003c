// Package charge holds the rules of the charges a citizen pays through the
// portal: traffic police fines (GIBDD), tax debts (FNS) and enforcement
// proceedings (FSSP), each identified by a UIN, the charge's identifier in
// the state payments system (ГИС ГМП).
//
//   - ParseUIN reads a UIN as typed (20 or 25 digits, spaces anywhere) and
//     checks the control digit of a 20-digit one; UINCheckDigit computes it,
//     so simulators can issue valid numbers.
//   - Discountable, DiscountUntil, Fine.Discount and DueOn apply the
//     half-price rule of ч. 1.3 ст. 32.2 КоАП РФ: a traffic fine paid within
//     20 days of the decision costs half, except for the offences the law
//     lists (one table, discountExcluded, with its source).
//   - Kind and Status are the kinds of charge and their payment states;
//     StatusOf derives the state from the amounts due and paid.
//
// Amounts are int64 kopecks, never floats (see package money). The package
// is pure: no I/O and no clock; the time of payment is passed in by the
// caller, from the server's clock. Wrong input is an *identity.FieldError
// (field "uin"), so it is reported like every other field of the portal.
package charge
