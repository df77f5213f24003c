package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// Verification job types: start sends the requests, poll collects the
// answers.
const (
	TypeVerificationStart = "verification:start"
	TypeVerificationPoll  = "verification:poll"
)

// VerificationStatus is where a verification stands.
type VerificationStatus string

// Verification statuses.
const (
	VerificationRunning   VerificationStatus = "RUNNING"
	VerificationSucceeded VerificationStatus = "SUCCEEDED"
	VerificationFailed    VerificationStatus = "FAILED"
	VerificationCancelled VerificationStatus = "CANCELLED"
)

// CheckState is where one agency's check stands.
type CheckState string

// Check states.
const (
	CheckNotStarted  CheckState = "NOT_STARTED"
	CheckPending     CheckState = "PENDING"
	CheckConfirmed   CheckState = "CONFIRMED"
	CheckRejected    CheckState = "REJECTED"
	CheckNotRequired CheckState = "NOT_REQUIRED"
)

// Check is one agency's part of a verification.
type Check struct {
	State      CheckState
	Ticket     string
	MessageRu  string
	MessageEn  string
	AnsweredAt time.Time
}

func (c Check) done() bool {
	return c.State == CheckConfirmed || c.State == CheckRejected || c.State == CheckNotRequired
}

// same reports whether c and o say the same (times compared as instants).
func (c Check) same(o Check) bool {
	return c.State == o.State && c.Ticket == o.Ticket && c.MessageRu == o.MessageRu && c.MessageEn == o.MessageEn &&
		c.AnsweredAt.Equal(o.AnsweredAt)
}

// Verification checks personal data with the pension fund (SFR: name,
// SNILS, sex, age) and the migration service (MVD: the document) at once.
type Verification struct {
	ID         string
	AccountID  string
	Status     VerificationStatus
	StartedAt  time.Time
	FinishedAt time.Time
	Deadline   time.Time
	SFR        Check
	MVD        Check
	MessageRu  string
	MessageEn  string
}

// VerificationPublisher tells the API processes that an account's
// verification changed (its status or one agency's check), so their live
// subscriptions read it again.
type VerificationPublisher interface {
	VerificationChanged(ctx context.Context, accountID string) error
}

// verificationChanged signals a change that has committed. A lost signal
// only delays a refresh (a subscription reads the current verification
// when it starts), so it never fails the job: a retried job would send its
// checks or schedule its poll twice.
func (s *Service) verificationChanged(ctx context.Context, accountID string) {
	if s.verifications != nil {
		_ = s.verifications.VerificationChanged(ctx, accountID)
	}
}

// VerificationPayload names a verification and the poll's number.
type VerificationPayload struct {
	VerificationID string `json:"verification_id"`
	Attempt        int    `json:"attempt,omitempty"`
}

// pollDelay backs off: 10 s, 20 s, 40 s, ... up to 10 minutes.
func pollDelay(attempt int) time.Duration {
	d := 10 * time.Second << uint(min(attempt-1, 10))
	return min(d, 10*time.Minute)
}

func verificationEvent(typ string, p VerificationPayload, notBefore time.Time) (event.Event, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: typ, Queue: event.QueueDefault, Payload: b, NotBefore: notBefore}, nil
}

// SubmitPersonalData saves the citizen's personal data and starts its
// verification. A verification still running is cancelled: its late
// answers are ignored. A SNILS already tied to another account is refused.
func (s *Service) SubmitPersonalData(ctx context.Context, p Principal, in PersonalDataInput, c Client) (Verification, error) {
	now := s.now()
	d, err := s.validatePersonalData(ctx, in, now)
	if err != nil {
		return Verification{}, err
	}
	d.AccountID, d.UpdatedAt = p.AccountID, now
	var v Verification
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if running, err := tx.RunningVerification(ctx, p.AccountID); err == nil {
			running.Status, running.FinishedAt = VerificationCancelled, now
			running.MessageRu, running.MessageEn = "Отменена новой заявкой", "cancelled by a new request"
			if err := tx.UpdateVerification(ctx, &running); err != nil {
				return err
			}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		sealed, err := s.seal(d)
		if err != nil {
			return err
		}
		if err := tx.SavePersonalData(ctx, sealed); err != nil {
			if errors.Is(err, ErrContactTaken) {
				return InputErrors{fieldErr("snils", "TAKEN", "Этот СНИЛС уже указан в другой учётной записи: обратитесь в центр обслуживания",
					"this SNILS is in another account already: visit a service centre")}
			}
			return err
		}
		v = Verification{ID: newID(), AccountID: p.AccountID, Status: VerificationRunning, StartedAt: now,
			Deadline: now.Add(s.cfg.VerificationDeadline), SFR: Check{State: CheckNotStarted}, MVD: Check{State: CheckNotStarted}}
		if d.SNILS == "" {
			v.SFR.State = CheckNotRequired
		}
		if err := tx.CreateVerification(ctx, &v); err != nil {
			return err
		}
		ev, err := verificationEvent(TypeVerificationStart, VerificationPayload{VerificationID: v.ID}, time.Time{})
		if err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, ev); err != nil {
			return err
		}
		// The address may have moved: the devices follow it to the topics of
		// the new municipality and region.
		if ev, err = notification.SyncTopicsEvent(p.AccountID); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, ev); err != nil {
			return err
		}
		return s.audit(ctx, tx, "verification.started", p.AccountID, p.AccountID, c, map[string]string{"verification": v.ID})
	})
	return v, err
}

// SealedPersonalData is personal data as stored: the SNILS and the
// document's series and number are sealed (AES-GCM), with keyed hashes
// beside them for look-ups; the embedded plain fields of those are empty.
type SealedPersonalData struct {
	PersonalData
	SNILSSealed []byte
	SNILSHash   string
	DocSealed   []byte
	DocHash     string
}

func (s *Service) seal(d PersonalData) (SealedPersonalData, error) {
	return SealPersonalData(s.secrets, d)
}

// SealPersonalData seals d as the store keeps it: the SNILS and the
// document's series and number sealed, their keyed hashes beside them, the
// plain identifiers emptied. Bulk loaders (the load command's seed) call it
// so their rows are the ones the service would write.
func SealPersonalData(secrets Secrets, d PersonalData) (SealedPersonalData, error) {
	out := SealedPersonalData{PersonalData: d}
	var err error
	if d.SNILS != "" {
		if out.SNILSSealed, err = secrets.Seal(d.SNILS, "snils"); err != nil {
			return out, err
		}
		out.SNILSHash = secrets.LookupHash("snils", d.SNILS)
	}
	doc := string(d.DocKind) + ":" + d.DocSeries + ":" + d.DocNumber
	if out.DocSealed, err = secrets.Seal(d.DocSeries+" "+d.DocNumber, "document"); err != nil {
		return out, err
	}
	out.DocHash = secrets.LookupHash("document", doc)
	// The plain identifiers never reach the store.
	out.SNILS, out.DocSeries, out.DocNumber = "", "", ""
	return out, nil
}

func (s *Service) open(d SealedPersonalData) (PersonalData, error) {
	out := d.PersonalData
	if len(d.SNILSSealed) > 0 {
		snils, err := s.secrets.Open(d.SNILSSealed, "snils")
		if err != nil {
			return out, err
		}
		out.SNILS = snils
	}
	doc, err := s.secrets.Open(d.DocSealed, "document")
	if err != nil {
		return out, err
	}
	// Sealed as "SERIES NUMBER"; a foreign document may have no series.
	out.DocSeries, out.DocNumber, _ = strings.Cut(doc, " ")
	return out, nil
}

// StartVerification sends the checks to the agencies (the
// verification:start job). An agency that is down makes the job retry;
// a check already sent is not sent again.
func (s *Service) StartVerification(ctx context.Context, id string) error {
	var v Verification
	var d PersonalData
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if v, err = tx.VerificationForUpdate(ctx, id); err != nil {
			return err
		}
		sealed, err := tx.PersonalData(ctx, v.AccountID)
		if err != nil {
			return err
		}
		d, err = s.open(sealed)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil // nothing to do: a test or an operator removed it
	}
	if err != nil || v.Status != VerificationRunning {
		return err
	}
	// The submission committed this verification (and cancelled the one
	// before) with this job in its outbox. It is announced from here, where
	// Redis is at hand, so that a request never waits on Redis for it.
	s.verificationChanged(ctx, v.AccountID)
	if v.SFR.State == CheckNotStarted {
		t, err := s.agencies.SFR.SubmitPersonCheck(ctx, agency.PersonCheck{SNILS: d.SNILS, LastName: d.LastName,
			FirstName: d.FirstName, Patronymic: d.Patronymic, BirthDate: d.BirthDate, Sex: agency.Sex(d.Sex)})
		if err != nil {
			return fmt.Errorf("account: SFR: %w", err)
		}
		v.SFR = Check{State: CheckPending, Ticket: string(t)}
	}
	if v.MVD.State == CheckNotStarted {
		kind := agency.DocumentKind(d.DocKind)
		t, err := s.agencies.MVD.SubmitDocumentCheck(ctx, agency.DocumentCheck{Kind: kind, Series: d.DocSeries, Number: d.DocNumber,
			IssuedOn: d.DocIssuedOn, IssuerCode: d.DocIssuer, LastName: d.LastName, FirstName: d.FirstName,
			BirthDate: d.BirthDate, Citizenship: d.Citizenship})
		if err != nil {
			// Keep the SFR ticket: the retry sends only what is missing.
			_ = s.saveChecks(ctx, v, false)
			return fmt.Errorf("account: MVD: %w", err)
		}
		v.MVD = Check{State: CheckPending, Ticket: string(t)}
	}
	return s.saveChecks(ctx, v, true)
}

// saveChecks stores the tickets of a still-running verification and, when
// asked, schedules the first poll.
func (s *Service) saveChecks(ctx context.Context, v Verification, schedule bool) error {
	changed := false
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.VerificationForUpdate(ctx, v.ID)
		if err != nil {
			return err
		}
		if cur.Status != VerificationRunning {
			return nil // cancelled meanwhile: its answers no longer matter
		}
		changed = !cur.SFR.same(v.SFR) || !cur.MVD.same(v.MVD)
		cur.SFR, cur.MVD = v.SFR, v.MVD
		if err := tx.UpdateVerification(ctx, &cur); err != nil {
			return err
		}
		if !schedule {
			return nil
		}
		ev, err := verificationEvent(TypeVerificationPoll, VerificationPayload{VerificationID: v.ID, Attempt: 1}, s.now().Add(pollDelay(1)))
		if err != nil {
			return err
		}
		return tx.AddEvent(ctx, ev)
	})
	if err == nil && changed {
		s.verificationChanged(ctx, v.AccountID)
	}
	return err
}

// PollVerification collects the agencies' answers (the verification:poll
// job). It finishes the verification when both answered or the deadline
// passed, and otherwise polls again later, backing off.
func (s *Service) PollVerification(ctx context.Context, id string, attempt int) error {
	var v Verification
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		v, err = tx.VerificationForUpdate(ctx, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || v.Status != VerificationRunning {
		return err
	}
	if v.SFR.State == CheckPending {
		r, err := s.agencies.SFR.PersonCheckResult(ctx, agency.Ticket(v.SFR.Ticket))
		if err != nil {
			return fmt.Errorf("account: SFR: %w", err)
		}
		v.SFR = checkFrom(v.SFR, r)
	}
	if v.MVD.State == CheckPending {
		r, err := s.agencies.MVD.DocumentCheckResult(ctx, agency.Ticket(v.MVD.Ticket))
		if err != nil {
			return fmt.Errorf("account: MVD: %w", err)
		}
		v.MVD = checkFrom(v.MVD, r)
	}
	now := s.now()
	// changed: an agency answered or the verification finished; a poll
	// that learnt nothing tells no one.
	changed := false
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.VerificationForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if cur.Status != VerificationRunning {
			return nil // cancelled while we asked: the answers are ignored
		}
		changed = !cur.SFR.same(v.SFR) || !cur.MVD.same(v.MVD)
		cur.SFR, cur.MVD = v.SFR, v.MVD
		switch {
		case cur.SFR.State == CheckRejected || cur.MVD.State == CheckRejected:
			cur.Status, cur.FinishedAt = VerificationFailed, now
			cur.MessageRu, cur.MessageEn = "Данные не подтверждены: проверьте их и отправьте снова", "the data was not confirmed: check it and submit again"
		case cur.SFR.done() && cur.MVD.done():
			cur.Status, cur.FinishedAt = VerificationSucceeded, now
			cur.MessageRu, cur.MessageEn = "Личные данные подтверждены", "personal data verified"
		case !now.Before(cur.Deadline):
			cur.Status, cur.FinishedAt = VerificationFailed, now
			cur.MessageRu, cur.MessageEn = "Ведомство не ответило: попробуйте ещё раз", "the agency did not answer: try again"
		default:
			if err := tx.UpdateVerification(ctx, &cur); err != nil {
				return err
			}
			ev, err := verificationEvent(TypeVerificationPoll, VerificationPayload{VerificationID: id, Attempt: attempt + 1}, now.Add(pollDelay(attempt+1)))
			if err != nil {
				return err
			}
			return tx.AddEvent(ctx, ev)
		}
		changed = true
		if err := tx.UpdateVerification(ctx, &cur); err != nil {
			return err
		}
		return s.finishVerification(ctx, tx, cur, now)
	})
	if err == nil && changed {
		s.verificationChanged(ctx, v.AccountID)
	}
	return err
}

func checkFrom(c Check, r agency.Result) Check {
	switch r.State {
	case agency.StateConfirmed:
		c.State = CheckConfirmed
	case agency.StateRejected:
		c.State = CheckRejected
	default:
		return c
	}
	c.MessageRu, c.MessageEn, c.AnsweredAt = r.Message, r.MessageEn, r.AnsweredAt
	return c
}

// finishVerification raises the tier on success (never lowering a
// CONFIRMED account) and tells the citizen either way.
func (s *Service) finishVerification(ctx context.Context, tx Tx, v Verification, now time.Time) error {
	n := notification.Notification{ID: newID(), AccountID: v.AccountID, CreatedAt: now, Link: "uslugi://account/verification"}
	if v.Status == VerificationSucceeded {
		a, err := tx.AccountByID(ctx, v.AccountID)
		if err != nil {
			return err
		}
		if a.Tier.Rank() < TierStandard.Rank() {
			if err := tx.SetTier(ctx, a.ID, TierStandard); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, "tier.changed", "", a.ID, Client{}, map[string]string{"from": string(a.Tier), "to": string(TierStandard)}); err != nil {
				return err
			}
		}
		n.Kind = notification.KindVerificationSucceeded
		n.TitleRu, n.TitleEn = "Личные данные подтверждены", "Personal data verified"
		n.BodyRu = "Учётная запись стала стандартной: доступны штрафы, налоги, пенсионный счёт и запись к врачу."
		n.BodyEn = "Your account is now standard: fines, taxes, the pension account and doctor appointments are open to you."
	} else {
		n.Kind = notification.KindVerificationFailed
		n.TitleRu, n.TitleEn = "Проверка личных данных не пройдена", "Personal data not verified"
		n.BodyRu = v.MessageRu + ". " + v.SFR.MessageRu + " " + v.MVD.MessageRu
		n.BodyEn = v.MessageEn + ". " + v.SFR.MessageEn + " " + v.MVD.MessageEn
	}
	if err := tx.AddNotification(ctx, n); err != nil {
		return err
	}
	if err := addDeliveryEvents(ctx, tx, n); err != nil {
		return err
	}
	return s.audit(ctx, tx, "verification."+string(v.Status), "", v.AccountID, Client{}, map[string]string{"verification": v.ID})
}

// CurrentVerification returns the principal's latest verification.
func (s *Service) CurrentVerification(ctx context.Context, p Principal) (*Verification, error) {
	var v Verification
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		v, err = tx.LatestVerification(ctx, p.AccountID)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// MyPersonalData returns the principal's own personal data, opened.
func (s *Service) MyPersonalData(ctx context.Context, p Principal) (*PersonalData, error) {
	var sealed SealedPersonalData
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		sealed, err = tx.PersonalData(ctx, p.AccountID)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d, err := s.open(sealed)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// DeliverNotification tells the citizen's live subscriptions (web and
// mobile apps with an open socket) and sends the notification by SMS and by
// email where the citizen has them and left them on (the
// notification:deliver job; push is its own job). A notification is
// delivered once.
func (s *Service) DeliverNotification(ctx context.Context, id string) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		n, delivered, err := tx.NotificationForDelivery(ctx, id)
		if errors.Is(err, ErrNotFound) || delivered {
			return nil
		}
		if err != nil {
			return err
		}
		a, err := tx.AccountByID(ctx, n.AccountID)
		if err != nil {
			return err
		}
		// Live subscriptions first: if this fails the job is retried, and a
		// second publication of the same id is harmless (clients key on it).
		if s.publisher != nil {
			if err := s.publisher.Publish(ctx, n.AccountID, n.ID); err != nil {
				return fmt.Errorf("account: unable to publish a notification: %w", err)
			}
		}
		prefs, err := tx.NotificationPreferences(ctx, n.AccountID)
		if err != nil {
			return err
		}
		cat := notification.CategoryOf(n.Kind)
		// Quiet hours hold the SMS until morning; the app already shows it.
		if now := s.now(); a.Phone != "" && prefs.Enabled(cat, notification.PrefSMS) {
			if until := prefs.Quiet.HoldUntil(now); until.After(now) {
				ev, err := notification.DeliverEvent(n)
				if err != nil {
					return err
				}
				ev.NotBefore = until
				return tx.AddEvent(ctx, ev)
			}
		}
		// One message job per enabled channel, each in this transaction's
		// outbox: they leave together with the delivered mark, or not at all.
		if a.Phone != "" && prefs.Enabled(cat, notification.PrefSMS) {
			if err := s.sendFor(ctx, tx, n.ID, notification.ChannelSMS, a.Phone, "", n.TitleRu+". "+n.BodyRu); err != nil {
				return err
			}
		}
		if a.Email != "" && prefs.Enabled(cat, notification.PrefEmail) {
			if err := s.sendFor(ctx, tx, n.ID, notification.ChannelEmail, a.Email, n.TitleRu, n.BodyRu); err != nil {
				return err
			}
		}
		return tx.MarkNotificationDelivered(ctx, id, s.now())
	})
}
