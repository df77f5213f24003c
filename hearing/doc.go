// Package hearing holds public hearings: a municipality's officers put a
// project (a draft budget, a budget report, a development strategy, draft
// land-use rules, a planning project, another question the charter names)
// before its residents, who vote on it and submit proposals and comments;
// the tally, the organiser's recommendations and the conclusion end in a
// protocol.
//
// # Stages
//
//	DRAFT → ANNOUNCED → OPEN → CLOSED → RESULTS_PUBLISHED
//
// A MUNICIPAL_OFFICER whose role scope is the municipality's OKTMO creates a
// hearing and edits it while it is a DRAFT. Announcing publishes it with its
// notice (the publication date is when it is announced): a news item to the
// municipality's FCM topic, and two outbox events, "hearings:open" and
// "hearings:close", not before the scheduled opening and closing. Their jobs
// call Open and Close, which are idempotent and check the hearing's current
// dates: an event written for a date that has moved since is a no-op, and the
// move wrote a new one. Opening publishes a second notice.
//
// The clock, not the jobs, decides what is allowed: votes, proposals and
// supports are taken while opening ≤ now < closing (StageAt), checked inside
// the transaction that records them with the hearing's row share-locked on
// PostgreSQL. Closing takes the row exclusively, so it waits for votes in
// flight and votes after it see it closed: no vote cast at or after the
// closing time counts, and none cast before it is lost.
//
// After announcement the dates change only forward (a postponement or an
// extension), a date already passed does not change, and every change
// publishes a notice with the officer's explanation. An officer may close an
// open hearing early, giving the reason, which is published too.
//
// # Who may take part
//
// A participant has a CONFIRMED account (any confirmation method) and either
// a verified registered address in the municipality, or, for land-use rules
// and planning projects, a registered right to land or a building in the
// hearing's territory that an officer recorded from the registry (EGRN),
// naming the holder by account or by the SNILS the registry gives. An
// address is verified when the account's latest verification of personal
// data succeeded: every change of personal data, the address included,
// starts a new verification. Eligibility says exactly why someone may not
// take part (a Reason, in Russian and English).
//
// # Taking part
//
// While a hearing is open a participant votes FOR, AGAINST or ABSTAIN on the
// project (question 0) and on each further question; one row per participant
// and question (a unique key), a change rewrites that row and the latest one
// counts. He may submit proposals and comments with attachments; the
// organiser publishes or rejects them (a rejection keeps its reason, which
// the author sees). Other participants may support a published proposal once
// each.
//
// # Results
//
// Closing counts the vote rows and stores the final tally (counts per
// question and option, voters, and the eligible residents at that moment for
// the turnout); there is no running tally to drift from the rows. The
// organiser gives a reasoned recommendation on every published proposal and
// comment, then publishes the conclusion: the protocol is stored as a
// document (kind HEARING_PROTOCOL) whose data is canonical JSON with its
// SHA-256 beside it, signed when a Signer is set, and every participant gets
// a notification. Anyone sees the counts and the published proposals, without
// authors' names; the participant list with names is the organiser's only.
package hearing
