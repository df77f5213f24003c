package hearing

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/event"
)

// Draft is what an officer writes of a hearing before announcing it.
type Draft struct {
	// Municipality is the OKTMO; it does not change after creation.
	Municipality  string
	Title         string
	Subject       Subject
	SubjectDetail string
	Description   string
	Materials     []Attachment
	// Questions are put to the vote besides the project itself.
	Questions []string
	Territory Territory
	Organiser string
	Dates     Dates
}

// Limits of a draft.
const (
	MaxMaterials   = 50
	MaxQuestions   = 20
	MaxAttachments = 5
	MaxFileSize    = 100 << 20
)

func fieldLen(field, value string, lo, hi int, ru, en string) error {
	if n := utf8.RuneCountInString(value); n < lo || n > hi {
		return &FieldError{field, "LENGTH", fmt.Sprintf("%s: от %d до %d знаков", ru, lo, hi), fmt.Sprintf("%s takes %d to %d characters", en, lo, hi)}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var keyRe = regexp.MustCompile(`^[A-Za-z0-9._\-]+(/[A-Za-z0-9._\-]+)*$`)
var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// checkFiles validates attachments; field names the list.
func checkFiles(field string, files []Attachment, most int) ([]Attachment, error) {
	if len(files) > most {
		return nil, &FieldError{field, "TOO_MANY", fmt.Sprintf("Не больше %d файлов", most), fmt.Sprintf("at most %d files", most)}
	}
	out := make([]Attachment, len(files))
	for i, f := range files {
		f.Name, f.ContentType = oneLine(f.Name), strings.TrimSpace(f.ContentType)
		f.SHA256 = strings.ToLower(strings.TrimSpace(f.SHA256))
		name := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case f.Name == "" || utf8.RuneCountInString(f.Name) > 200:
			return nil, &FieldError{name + ".name", "LENGTH", "Название файла: от 1 до 200 знаков", "a file's name takes 1 to 200 characters"}
		case len(f.Key) > 512 || !keyRe.MatchString(f.Key) || slices.Contains(strings.Split(f.Key, "/"), ".."):
			return nil, &FieldError{name + ".key", "INVALID", "Файл не найден: загрузите его снова", "no such file: upload it again"}
		case f.ContentType == "" || len(f.ContentType) > 100:
			return nil, &FieldError{name + ".contentType", "INVALID", "Укажите тип файла", "give the file's type"}
		case f.Size <= 0 || f.Size > MaxFileSize:
			return nil, &FieldError{name + ".size", "RANGE", "Файл: до 100 МБ", "a file takes up to 100 MB"}
		case f.SHA256 != "" && !shaRe.MatchString(f.SHA256):
			return nil, &FieldError{name + ".sha256", "INVALID", "SHA-256 — 64 шестнадцатеричные цифры", "a SHA-256 is 64 hex digits"}
		}
		out[i] = f
	}
	return out, nil
}

// checkDraft validates and normalises a draft, and builds the questions.
func checkDraft(in Draft, now time.Time) (Hearing, error) {
	h := Hearing{Municipality: strings.TrimSpace(in.Municipality), Title: oneLine(in.Title), Subject: in.Subject,
		SubjectDetail: oneLine(in.SubjectDetail), Description: strings.TrimSpace(in.Description), Organiser: oneLine(in.Organiser),
		Dates: in.Dates.normal()}
	if err := fieldLen("title", h.Title, 5, 300, "Название", "the title"); err != nil {
		return h, err
	}
	if !h.Subject.Valid() {
		return h, &FieldError{"subject", "INVALID", "Выберите предмет слушаний", "choose the hearing's subject"}
	}
	if h.Subject == SubjectCharter {
		if err := fieldLen("subjectDetail", h.SubjectDetail, 3, 500, "Вопрос, который устав выносит на слушания", "the charter's question"); err != nil {
			return h, err
		}
	}
	if err := fieldLen("description", h.Description, 1, 20000, "Описание", "the description"); err != nil {
		return h, err
	}
	if err := fieldLen("organiser", h.Organiser, 3, 300, "Организатор", "the organiser"); err != nil {
		return h, err
	}
	var err error
	if h.Materials, err = checkFiles("materials", in.Materials, MaxMaterials); err != nil {
		return h, err
	}
	if len(in.Questions) > MaxQuestions {
		return h, &FieldError{"questions", "TOO_MANY", fmt.Sprintf("Не больше %d вопросов", MaxQuestions), fmt.Sprintf("at most %d questions", MaxQuestions)}
	}
	h.Questions = []Question{{No: 0, Text: h.Title}}
	for i, q := range in.Questions {
		q = oneLine(q)
		if err := fieldLen(fmt.Sprintf("questions[%d]", i), q, 5, 1000, "Вопрос", "a question"); err != nil {
			return h, err
		}
		h.Questions = append(h.Questions, Question{No: i + 1, Text: q})
	}
	h.Territory.Description = strings.TrimSpace(in.Territory.Description)
	if err := fieldLen("territory.description", h.Territory.Description, 1, 2000, "Территория", "the territory"); err != nil {
		return h, err
	}
	for i, q := range in.Territory.Quarters {
		q = strings.TrimSpace(q)
		if !quarterRe.MatchString(q) {
			return h, &FieldError{fmt.Sprintf("territory.quarters[%d]", i), "INVALID", "Кадастровый квартал: вида 50:21:0110105", "a cadastral quarter reads like 50:21:0110105"}
		}
		if !slices.Contains(h.Territory.Quarters, q) {
			h.Territory.Quarters = append(h.Territory.Quarters, q)
		}
	}
	if len(h.Territory.Quarters) > 1000 {
		return h, &FieldError{"territory.quarters", "TOO_MANY", "Не больше 1000 кадастровых кварталов", "at most 1,000 cadastral quarters"}
	}
	return h, checkDates(h.Dates, now)
}

// checkDates checks a schedule: opening after now, closing after opening,
// the meeting within the period, with a place.
func checkDates(d Dates, now time.Time) error {
	switch {
	case d.OpensAt.IsZero() || d.ClosesAt.IsZero() || d.MeetingAt.IsZero():
		return &FieldError{"dates", "REQUIRED", "Укажите начало и окончание приёма предложений и голосования и время собрания",
			"give the start and end of proposals and voting and the meeting's time"}
	case !d.OpensAt.After(now):
		return &FieldError{"dates.opensAt", "IN_PAST", "Начало должно быть в будущем", "the start must be in the future"}
	case !d.ClosesAt.After(d.OpensAt):
		return &FieldError{"dates.closesAt", "ORDER", "Окончание должно быть позже начала", "the end must come after the start"}
	case d.MeetingAt.Before(d.OpensAt) || !d.MeetingAt.Before(d.ClosesAt):
		return &FieldError{"dates.meetingAt", "ORDER", "Собрание проводится между началом и окончанием", "the meeting takes place between the start and the end"}
	}
	return fieldLen("dates.meetingPlace", d.MeetingPlace, 3, 500, "Место собрания", "the meeting's place")
}

// Create makes a draft hearing: a municipal officer of its municipality.
func (s *Service) Create(ctx context.Context, officerID string, in Draft) (Hearing, error) {
	now := s.now()
	h, err := checkDraft(in, now)
	if err != nil {
		return Hearing{}, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		ok, err := tx.MunicipalityExists(ctx, h.Municipality)
		if err != nil {
			return err
		}
		if !ok {
			return &FieldError{"municipality", "UNKNOWN_MUNICIPALITY", "Нет муниципалитета с таким ОКТМО", "no municipality has this OKTMO"}
		}
		if err := organiser(ctx, tx, officerID, h.Municipality); err != nil {
			return err
		}
		h.ID, h.Status, h.CreatedBy, h.CreatedAt, h.UpdatedAt = uuid.NewString(), StatusDraft, officerID, now, now
		if err := tx.AddHearing(ctx, h); err != nil {
			return err
		}
		h.Stages = []Stage{{Status: StatusDraft, At: now, By: officerID}}
		return tx.AddStage(ctx, h.ID, h.Stages[0])
	})
	return h, err
}

// UpdateDraft replaces a draft's content, checked as Create checks it; the
// municipality stays. Materials given replace the old ones; none (nil)
// keeps them. Only a draft changes (NOT_DRAFT otherwise: an announced
// hearing's dates change with Reschedule, with a notice), and only by an
// officer of its municipality.
func (s *Service) UpdateDraft(ctx context.Context, officerID, id string, in Draft) (Hearing, error) {
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := s.officerHearing(ctx, tx, officerID, id, LockUpdate)
		if err != nil {
			return err
		}
		if cur.Status != StatusDraft {
			return &FieldError{"id", "NOT_DRAFT", "Объявленные слушания не редактируются: сроки меняются с оповещением", "an announced hearing is not edited: its dates change with a notice"}
		}
		in.Municipality = cur.Municipality
		if in.Materials == nil {
			in.Materials = cur.Materials
		}
		now := s.now()
		if h, err = checkDraft(in, now); err != nil {
			return err
		}
		h.ID, h.Status, h.CreatedBy, h.CreatedAt, h.UpdatedAt = cur.ID, cur.Status, cur.CreatedBy, cur.CreatedAt, now
		return tx.UpdateHearing(ctx, h)
	})
	return h, err
}

// officerHearing reads a hearing for an officer of its municipality.
func (s *Service) officerHearing(ctx context.Context, tx Tx, officerID, id string, lock Lock) (Hearing, error) {
	h, err := tx.Hearing(ctx, id, lock)
	if err != nil {
		return h, err
	}
	return h, organiser(ctx, tx, officerID, h.Municipality)
}

func notAllowed(h Hearing, now time.Time, what string) error {
	st := h.StageAt(now)
	return &FieldError{"id", "NOT_ALLOWED", "Слушания на стадии " + string(st) + ": " + what + " нельзя",
		"the hearing is " + string(st) + ": it cannot be " + what}
}

// Announce publishes a draft with its notice: the municipality's residents
// get a push, and the opening and closing are scheduled. It needs the
// project's materials and a start still ahead.
func (s *Service) Announce(ctx context.Context, officerID, id string) (Hearing, error) {
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if h, err = s.officerHearing(ctx, tx, officerID, id, LockUpdate); err != nil {
			return err
		}
		now := s.now()
		if !CanMove(h.Status, StatusAnnounced) {
			return &FieldError{"id", "NOT_ALLOWED", "Объявить можно только черновик", "only a draft can be announced"}
		}
		if len(h.Materials) == 0 {
			return &FieldError{"materials", "REQUIRED", "Приложите материалы проекта: без них слушания не объявляются", "attach the project's materials: a hearing is not announced without them"}
		}
		if err := checkDates(h.Dates, now); err != nil {
			return err
		}
		h.Status, h.AnnouncedAt, h.UpdatedAt = StatusAnnounced, now, now
		if err := tx.UpdateHearing(ctx, h); err != nil {
			return err
		}
		if err := tx.AddStage(ctx, h.ID, Stage{Status: StatusAnnounced, At: now, By: officerID}); err != nil {
			return err
		}
		if err := schedule(ctx, tx, h, true, true); err != nil {
			return err
		}
		body := fmt.Sprintf("%s. Предложения и голосование с %s по %s. Собрание участников: %s, %s. Организатор: %s.",
			h.Title, when(h.Dates.OpensAt), when(h.Dates.ClosesAt), when(h.Dates.MeetingAt), h.Dates.MeetingPlace, h.Organiser)
		return publish(ctx, tx, h, NoticeAnnounced, "Публичные слушания: "+h.Title, body, officerID, now)
	})
	return h, err
}

// schedule writes the jobs that open and close h at its dates.
func schedule(ctx context.Context, tx Tx, h Hearing, open, close bool) error {
	var evs []event.Event
	if open {
		ev, err := ScheduleEvent(TypeOpen, h.ID, h.Dates.OpensAt)
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	}
	if close {
		ev, err := ScheduleEvent(TypeClose, h.ID, h.Dates.ClosesAt)
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	}
	return tx.AddEvents(ctx, evs)
}

// Reschedule moves an announced or open hearing's dates, only forward: a
// date already passed stays, a new one is in the future and not before the
// old one. The meeting's place may change too. The notice (the officer's
// explanation, 10 to 1000 characters) is published with the new dates, and
// new jobs are scheduled; the old ones find the dates changed and do
// nothing. A draft's dates change with UpdateDraft.
func (s *Service) Reschedule(ctx context.Context, officerID, id string, d Dates, notice string) (Hearing, error) {
	notice = strings.TrimSpace(notice)
	d = d.normal()
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if h, err = s.officerHearing(ctx, tx, officerID, id, LockUpdate); err != nil {
			return err
		}
		now := s.now()
		st := h.StageAt(now)
		if st != StatusAnnounced && st != StatusOpen {
			return notAllowed(h, now, "перенести сроки")
		}
		if err := fieldLen("notice", notice, 10, 1000, "Оповещение о переносе сроков", "the notice of the change"); err != nil {
			return err
		}
		old := h.Dates
		if err := forward(old, &d, now); err != nil {
			return err
		}
		if d.MeetingPlace == "" {
			d.MeetingPlace = old.MeetingPlace
		}
		if sameDates(d, old) {
			return &FieldError{"dates", "UNCHANGED", "Сроки не изменились", "the dates did not change"}
		}
		if err := fieldLen("dates.meetingPlace", d.MeetingPlace, 3, 500, "Место собрания", "the meeting's place"); err != nil {
			return err
		}
		if !d.ClosesAt.After(d.OpensAt) {
			return &FieldError{"dates.closesAt", "ORDER", "Окончание должно быть позже начала", "the end must come after the start"}
		}
		if d.MeetingAt.Before(d.OpensAt) || !d.MeetingAt.Before(d.ClosesAt) {
			return &FieldError{"dates.meetingAt", "ORDER", "Собрание проводится между началом и окончанием", "the meeting takes place between the start and the end"}
		}
		h.Dates, h.UpdatedAt = d, now
		if err := tx.UpdateHearing(ctx, h); err != nil {
			return err
		}
		if err := schedule(ctx, tx, h, !d.OpensAt.Equal(old.OpensAt), !d.ClosesAt.Equal(old.ClosesAt)); err != nil {
			return err
		}
		body := fmt.Sprintf("%s Новые сроки: предложения и голосование с %s по %s; собрание участников %s, %s.",
			notice, when(d.OpensAt), when(d.ClosesAt), when(d.MeetingAt), d.MeetingPlace)
		return publish(ctx, tx, h, NoticeRescheduled, "Изменены сроки слушаний: "+h.Title, body, officerID, now)
	})
	return h, err
}

// forward checks that each date of d either equals the old one or, when
// the old one has not passed, lies after both it and now. A zero date
// keeps the old one.
func forward(old Dates, d *Dates, now time.Time) error {
	check := func(field string, o time.Time, n *time.Time) error {
		if n.IsZero() {
			*n = o
		}
		switch {
		case n.Equal(o):
			return nil
		case !o.After(now):
			return &FieldError{field, "PASSED", "Эта дата уже прошла и не меняется", "this date has passed and cannot change"}
		case n.Before(o):
			return &FieldError{field, "BACKWARD", "Сроки переносятся только на более позднее время", "dates only move later"}
		case !n.After(now):
			return &FieldError{field, "IN_PAST", "Новая дата должна быть в будущем", "the new date must be in the future"}
		}
		return nil
	}
	if err := check("dates.opensAt", old.OpensAt, &d.OpensAt); err != nil {
		return err
	}
	if err := check("dates.closesAt", old.ClosesAt, &d.ClosesAt); err != nil {
		return err
	}
	return check("dates.meetingAt", old.MeetingAt, &d.MeetingAt)
}

func sameDates(a, b Dates) bool {
	return a.OpensAt.Equal(b.OpensAt) && a.ClosesAt.Equal(b.ClosesAt) && a.MeetingAt.Equal(b.MeetingAt) && a.MeetingPlace == b.MeetingPlace
}
