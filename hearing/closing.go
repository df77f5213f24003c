package hearing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Open opens an announced hearing at its scheduled time (the hearings:open
// job) and publishes the notice that it is open. It does nothing when the
// hearing is gone, is no longer ANNOUNCED, or now opens at another time
// than at (the job of a date since moved); it returns ErrTooEarly before
// at by the service's clock.
func (s *Service) Open(ctx context.Context, id string, at time.Time) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, id, LockUpdate)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Status != StatusAnnounced || !h.Dates.OpensAt.Equal(at) {
			return nil
		}
		now := s.now()
		if now.Before(at) {
			return ErrTooEarly
		}
		if !now.Before(h.Dates.ClosesAt) {
			return nil // the closing job opens and closes it at once
		}
		return s.open(ctx, tx, &h, now)
	})
}

func (s *Service) open(ctx context.Context, tx Tx, h *Hearing, now time.Time) error {
	h.Status, h.OpenedAt, h.UpdatedAt = StatusOpen, now, now
	if err := tx.UpdateHearing(ctx, *h); err != nil {
		return err
	}
	if err := tx.AddStage(ctx, h.ID, Stage{Status: StatusOpen, At: now}); err != nil {
		return err
	}
	body := fmt.Sprintf("%s. Голосуйте и вносите предложения до %s. Собрание участников: %s, %s.",
		h.Title, when(h.Dates.ClosesAt), when(h.Dates.MeetingAt), h.Dates.MeetingPlace)
	return publish(ctx, tx, *h, NoticeOpened, "Открыты публичные слушания: "+h.Title, body, h.CreatedBy, now)
}

// Close closes a hearing at its scheduled time (the hearings:close job):
// the tally becomes final. It does nothing when the hearing is gone, is
// neither ANNOUNCED nor OPEN, or now closes at another time than at; it
// returns ErrTooEarly before at. A hearing whose opening job never ran is
// opened and closed at once.
func (s *Service) Close(ctx context.Context, id string, at time.Time) error {
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, id, LockUpdate)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if (h.Status != StatusAnnounced && h.Status != StatusOpen) || !h.Dates.ClosesAt.Equal(at) {
			return nil
		}
		now := s.now()
		if now.Before(at) {
			return ErrTooEarly
		}
		_, err = s.close(ctx, tx, &h, now, "")
		return err
	})
	if err == nil {
		s.tallyChanged(ctx, id)
	}
	return err
}

// close makes h's tally final from the vote rows. The caller holds h
// exclusively, so no vote is in flight and none comes after. by is the
// officer who closes it early, "" when its time has come.
func (s *Service) close(ctx context.Context, tx Tx, h *Hearing, now time.Time, by string) (Tally, error) {
	if h.Status == StatusAnnounced {
		// Its opening job never ran: it was open from its opening time.
		h.Status, h.OpenedAt = StatusOpen, h.Dates.OpensAt
		if err := tx.AddStage(ctx, h.ID, Stage{Status: StatusOpen, At: h.OpenedAt}); err != nil {
			return Tally{}, err
		}
	}
	counts, voters, err := tx.CountVotes(ctx, h.ID)
	if err != nil {
		return Tally{}, err
	}
	eligible, err := tx.CountEligible(ctx, *h)
	if err != nil {
		return Tally{}, err
	}
	t := tally(*h, counts, voters, eligible, true, now)
	if err := tx.SaveTally(ctx, t); err != nil {
		return Tally{}, err
	}
	h.Status, h.ClosedAt, h.UpdatedAt, h.Voters, h.Eligible = StatusClosed, now, now, voters, eligible
	if err := tx.UpdateHearing(ctx, *h); err != nil {
		return Tally{}, err
	}
	return t, tx.AddStage(ctx, h.ID, Stage{Status: StatusClosed, At: now, By: by})
}

// CloseEarly closes an open hearing before its time, for the reason given
// (10 to 1000 characters), which is published as a notice: the closing
// date becomes now and the tally final.
func (s *Service) CloseEarly(ctx context.Context, officerID, id, reason string) (Hearing, error) {
	reason = strings.TrimSpace(reason)
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if h, err = s.officerHearing(ctx, tx, officerID, id, LockUpdate); err != nil {
			return err
		}
		now := s.now()
		if h.StageAt(now) != StatusOpen {
			return notAllowed(h, now, "закрыть досрочно")
		}
		if err := fieldLen("reason", reason, 10, 1000, "Причина досрочного закрытия", "the reason to close early"); err != nil {
			return err
		}
		h.Dates.ClosesAt, h.EarlyCloseReason = now, reason
		if _, err := s.close(ctx, tx, &h, now, officerID); err != nil {
			return err
		}
		body := fmt.Sprintf("%s. Слушания закрыты досрочно %s. Причина: %s", h.Title, when(now), reason)
		return publish(ctx, tx, h, NoticeClosedEarly, "Слушания закрыты досрочно: "+h.Title, body, officerID, now)
	})
	return h, err
}
