package hearing

import "errors"

// Errors.
var (
	// ErrNotFound: no such hearing or proposal, or one the caller may not
	// see (a draft of another municipality).
	ErrNotFound = errors.New("hearing: not found")
	// ErrNotOrganiser: a municipal officer acting for a municipality that
	// is not his (the role's scope is another OKTMO). A caller without the
	// role at all gets an *account.ForbiddenError naming it.
	ErrNotOrganiser = errors.New("hearing: only a municipal officer of the hearing's municipality may do this")
	// ErrTooEarly: a scheduled job ran before its time by this clock; it
	// should be retried.
	ErrTooEarly = errors.New("hearing: the scheduled time has not come yet")
	// ErrNotClosed: the tally is public from the closing on.
	ErrNotClosed = errors.New("hearing: the tally is published when the hearing closes")
)

// FieldError is a problem with one input field, in both languages.
type FieldError struct {
	Field, Code, Ru, En string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.En }

// Reason is why someone may not take part in a hearing.
type Reason string

// Reasons, in the order they are checked.
const (
	// ReasonNotConfirmed: the account is not CONFIRMED.
	ReasonNotConfirmed Reason = "NOT_CONFIRMED"
	// ReasonAddressNotVerified: no registered address, or one whose
	// verification has not succeeded.
	ReasonAddressNotVerified Reason = "ADDRESS_NOT_VERIFIED"
	// ReasonOtherMunicipality: the registered address is in another
	// municipality.
	ReasonOtherMunicipality Reason = "OTHER_MUNICIPALITY"
	// ReasonNoLandRight: an urban-planning hearing, an address elsewhere,
	// and no recorded right to land or a building in the territory.
	ReasonNoLandRight Reason = "NO_LAND_RIGHT"
	// ReasonNotOpen: the hearing takes no votes or proposals now.
	ReasonNotOpen Reason = "NOT_OPEN"
)

// Ru is the reason in Russian, for the citizen.
func (r Reason) Ru() string {
	switch r {
	case ReasonNotConfirmed:
		return "Участвовать в публичных слушаниях могут только пользователи с подтверждённой учётной записью: подтвердите личность в центре обслуживания, кодом из письма или электронной подписью"
	case ReasonAddressNotVerified:
		return "Адрес регистрации не подтверждён: укажите его в личных данных и дождитесь успешной проверки"
	case ReasonOtherMunicipality:
		return "Вы зарегистрированы в другом муниципальном образовании: в этих слушаниях участвуют его жители"
	case ReasonNoLandRight:
		return "Вы зарегистрированы в другом муниципальном образовании, и за вами не записано право на землю или здание на территории слушаний"
	case ReasonNotOpen:
		return "Слушания сейчас не принимают голоса и предложения"
	}
	return string(r)
}

// En is the reason in English.
func (r Reason) En() string {
	switch r {
	case ReasonNotConfirmed:
		return "only confirmed accounts may take part in public hearings: confirm your identity at a service centre, by the code from a letter or by an electronic signature"
	case ReasonAddressNotVerified:
		return "your registered address is not verified: enter it in your personal data and wait for the verification to succeed"
	case ReasonOtherMunicipality:
		return "you are registered in another municipality: this hearing is for its residents"
	case ReasonNoLandRight:
		return "you are registered in another municipality and hold no recorded right to land or a building in the hearing's territory"
	case ReasonNotOpen:
		return "the hearing is not taking votes or proposals now"
	}
	return string(r)
}

// Basis is why someone may take part.
type Basis string

// Bases.
const (
	BasisResident  Basis = "RESIDENT"
	BasisLandRight Basis = "LAND_RIGHT"
)

// Eligibility says whether someone may take part in a hearing now, and if
// not, why. Basis is set whenever the person qualifies, even while the
// hearing is not open.
type Eligibility struct {
	Allowed bool
	Reason  Reason
	Basis   Basis
}

// IneligibleError refuses a vote, a proposal or a support, with the reason.
type IneligibleError struct{ Reason Reason }

func (e *IneligibleError) Error() string { return "hearing: may not take part: " + e.Reason.En() }
