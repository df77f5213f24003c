package application

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uslugi/uslugi/event"
)

// The tax service answers applications for an INN itself: jobs send them
// and collect its answer, moving the application as an officer would.
const (
	TypeINNSend = "applications:inn-send"
	TypeINNPoll = "applications:inn-poll"
	// ServiceINN is the catalog service of INN registration.
	ServiceINN = "inn"
	// actorFNS is who moves an INN application.
	actorFNS = "FNS"
)

// INNPayload names the application a job works on.
type INNPayload struct {
	ApplicationID string `json:"application_id"`
	Attempt       int    `json:"attempt"`
}

// INNAnswer is the tax service's answer so far.
type INNAnswer struct {
	Done               bool
	INN                string // when registered
	ReasonRu, ReasonEn string // when refused
}

// INNGateway applies for an INN at the tax service.
type INNGateway interface {
	// Apply sends the applicant's data (from his profile) and returns the ticket.
	Apply(ctx context.Context, accountID string) (ticket string, err error)
	Answer(ctx context.Context, ticket string) (INNAnswer, error)
}

// INN polling: the tax service answers in minutes.
const (
	innPollEvery = 2 * time.Minute
	innMaxPolls  = 60
)

func innEvent(typ string, p INNPayload, at time.Time) (event.Event, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: typ, Queue: event.QueueDefault, Payload: b, NotBefore: at}, nil
}

// SendINN hands a submitted INN application to the tax service and
// registers it (the applications:inn-send job); sent once.
func (s *Service) SendINN(ctx context.Context, id string) error {
	if s.inn == nil {
		return errors.New("application: no INN gateway")
	}
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		app, err = tx.Application(ctx, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || app.AgencyTicket != "" || app.Status != StatusSubmitted {
		return err
	}
	ticket, err := s.inn.Apply(ctx, app.AccountID)
	if err != nil {
		return fmt.Errorf("application: the tax service did not take the application: %w", err)
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Application(ctx, id)
		if err != nil || cur.AgencyTicket != "" || cur.Status != StatusSubmitted {
			return err
		}
		now := s.now()
		cur.AgencyTicket, cur.Status, cur.UpdatedAt = ticket, StatusRegistered, now
		if err := tx.UpdateApplication(ctx, cur); err != nil {
			return err
		}
		info, err := tx.Service(ctx, cur.ServiceCode)
		if err != nil {
			return err
		}
		if err := s.stage(ctx, tx, &cur, Stage{Status: StatusRegistered, ActorID: actorFNS, Comment: "Принято налоговой службой", At: now}, info); err != nil {
			return err
		}
		ev, err := innEvent(TypeINNPoll, INNPayload{ApplicationID: id, Attempt: 1}, now.Add(innPollEvery))
		if err != nil {
			return err
		}
		return tx.AddEvent(ctx, ev)
	})
}

// PollINN collects the tax service's answer (the applications:inn-poll
// job): the INN completes the application and goes into the profile; a
// refusal rejects it with the reason; no answer yet polls again.
func (s *Service) PollINN(ctx context.Context, id string, attempt int) error {
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		app, err = tx.Application(ctx, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || app.Status != StatusRegistered || app.AgencyTicket == "" {
		return err
	}
	ans, err := s.inn.Answer(ctx, app.AgencyTicket)
	if err != nil {
		return fmt.Errorf("application: unable to ask the tax service: %w", err)
	}
	var result Result
	if ans.Done && ans.INN != "" {
		if result, err = s.newResult(ctx, app, "Присвоен ИНН "+ans.INN, s.now()); err != nil {
			return err
		}
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Application(ctx, id)
		if err != nil || cur.Status != StatusRegistered {
			return err
		}
		now := s.now()
		if !ans.Done && attempt < innMaxPolls {
			ev, err := innEvent(TypeINNPoll, INNPayload{ApplicationID: id, Attempt: attempt + 1}, now.Add(innPollEvery))
			if err != nil {
				return err
			}
			return tx.AddEvent(ctx, ev)
		}
		st := Stage{ActorID: actorFNS, At: now}
		switch {
		case !ans.Done:
			st.Status, st.Comment = StatusRejected, "Налоговая служба не ответила вовремя: подайте заявление ещё раз"
			cur.Reason = st.Comment
		case ans.INN == "":
			st.Status, st.Comment = StatusRejected, ans.ReasonRu
			cur.Reason = ans.ReasonRu
		default:
			st.Status, st.Comment = StatusCompleted, "Присвоен ИНН "+ans.INN
			cur.ResultDocument, cur.CompletedAt = result.ID, now
			if err := tx.AddResult(ctx, result); err != nil {
				return err
			}
			if err := tx.SetINN(ctx, cur.AccountID, ans.INN); err != nil {
				return err
			}
		}
		cur.Status, cur.UpdatedAt = st.Status, now
		if err := tx.UpdateApplication(ctx, cur); err != nil {
			return err
		}
		info, err := tx.Service(ctx, cur.ServiceCode)
		if err != nil {
			return err
		}
		if cur.Stages, err = tx.Stages(ctx, cur.ID); err != nil {
			return err
		}
		return s.stage(ctx, tx, &cur, st, info)
	})
}
