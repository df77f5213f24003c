// Package agency holds the gateways to outside agencies, each a narrow
// interface, and a deterministic simulator of each that stands in until a
// real adapter replaces it without touching the domain.
//
// Real agencies answer asynchronously: a verification request is accepted
// with a Ticket and its Result is collected later; jobs poll the ticket with
// backoff until the result is Done or their own deadline passes (an agency
// may never answer).
//
//   - SFR (the pension fund) checks that a full name matches a SNILS, and the
//     sex and date of birth.
//   - MVD (the migration service) checks an identity document.
//   - SMS and Email send messages; Post sends registered letters and tracks
//     them.
//
// Expected failures are sentinels, wrapped: ErrUnavailable (the agency is
// down; retry later), ErrUnknownTicket, ErrInvalidRequest (do not retry).
//
// # Simulators
//
// Simulators read time from an injected clock and never sleep: an answer is
// available once the clock passes its ready time, so tests move the clock.
// NewSimulators builds them all around one clock and one Mailbox.
//
// SFRSimulator decides from the SNILS's 9-digit body (the digits before the
// 2-digit check sum, which it does not verify):
//
//	body ends in  outcome
//	"000"         Rejected NAME_MISMATCH "ФИО не совпадает с данными СНИЛС", after the latency
//	"001"         Rejected SEX_OR_AGE_MISMATCH, after the latency
//	"998"         Confirmed after 1 hour (SlowLatency), whatever the latency
//	"999"         never answers: Pending forever
//	anything else Confirmed after the latency (default 2 minutes)
//
// MVDSimulator decides from the document's series and number:
//
//	series "0000"        the agency is down: every submission fails with ErrUnavailable
//	number ends in "00"  Rejected DOCUMENT_INVALID "Паспорт недействителен", after the latency
//	number ends in "98"  Confirmed after 1 hour
//	number ends in "99"  never answers: Pending forever
//	anything else        Confirmed after the latency (default 2 minutes)
//
// Every simulator takes a FailureRate (0..1): that share of requests fails
// with ErrUnavailable on submission (on sending, for messages). Which ones is
// decided by a hash of the request, so the same request fails the same way
// every time; a FailureWindow makes the draw change with the clock's window,
// like an outage that ends. A malformed request (a SNILS without 11 digits,
// an RF passport without a 4-digit series and a 6-digit number, a missing
// name) fails with ErrInvalidRequest.
//
// Tickets are self-describing: base64url JSON of the outcome and the ready
// time, with no personal data. The simulators keep no per-ticket state, so a
// ticket issued by one process is answered by any other, including the same
// one after a restart; tickets polled by jobs on other nodes, or after the
// in-memory Redis and the process were restarted, still resolve.
//
// Message simulators record what they send in a Mailbox (the last 10,000
// messages, newest first per recipient; phones compared by their digits,
// emails case-insensitively), served by DevMessagesHandler at /dev/messages
// while the gateways are simulators. The Mailbox is per process.
//
// PostSimulator returns a 14-digit tracking number shaped like Russian Post's
// domestic ones, from which any instance can track the letter. Tracking starts
// the day after sending (Moscow time); the events are ACCEPTED at sending,
// IN_TRANSIT a day later, ARRIVED at the delivery office after 12 days and
// DELIVERED after 14. A letter whose address contains "несуществующ" is
// RETURNED to sender after 10 days instead.
//
// Package agencytest has a clock for tests and builds SNILS with a valid
// check sum around a chosen body.
package agency
