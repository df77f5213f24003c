package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/requestid"
	"github.com/uslugi/uslugi/statement"
)

// Stable error codes in extensions.code.
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeInternal        = "INTERNAL"
	CodeUnavailable     = "UNAVAILABLE"
	CodeQueryTooDeep    = "QUERY_TOO_DEEP"
	CodeQueryTooComplex = "QUERY_TOO_COMPLEX"
	CodeTooManyAliases  = "TOO_MANY_ALIASES"
	// CodeBodyTooLarge refuses a request body over the limit (HTTP 413).
	CodeBodyTooLarge = "BODY_TOO_LARGE"
	// CodeBatchingNotSupported refuses a JSON array of operations.
	CodeBatchingNotSupported = "BATCHING_NOT_SUPPORTED"
	// CodeComplexityLimitExceeded is gqlgen's code for an operation over
	// the complexity budget.
	CodeComplexityLimitExceeded = "COMPLEXITY_LIMIT_EXCEEDED"
	// CodeIntrospectionDisabled refuses __schema and __type when
	// introspection is switched off.
	CodeIntrospectionDisabled = "INTROSPECTION_DISABLED"
	// CodeRateLimited asks to wait extensions.retryAfterSeconds.
	CodeRateLimited = "RATE_LIMITED"
)

// tierHow says how an account reaches a tier.
var tierHow = map[account.Tier][2]string{
	account.TierStandard: {"заполните личные данные и дождитесь их проверки", "enter your personal data and wait for it to be verified"},
	account.TierConfirmed: {"подтвердите личность в центре обслуживания, кодом из заказного письма или электронной подписью",
		"confirm your identity at a service centre, with a code sent by registered mail, or with an electronic signature"},
}

// forbiddenError says what the caller lacks and, for a tier, how to reach it.
func forbiddenError(lang string, f *account.ForbiddenError) (string, map[string]any) {
	ext := map[string]any{"code": CodeForbidden}
	switch {
	case f.NeedRole != "":
		ext["requiredRole"] = string(f.NeedRole)
		return pickLang(lang, "Нужна роль "+string(f.NeedRole), "the role "+string(f.NeedRole)+" is required"), ext
	case f.NotMethod != "":
		ext["refusedMethod"] = string(f.NotMethod)
		return pickLang(lang,
			"Этой услуге недостаточно подтверждения личности кодом из заказного письма (налоговая тайна): подтвердите личность в центре обслуживания или электронной подписью",
			"identity confirmed by a registered-mail code is not enough here (tax secrecy): confirm it at a service centre or with an electronic signature"), ext
	}
	ext["requiredTier"] = string(f.NeedTier)
	ext["currentTier"] = string(f.HaveTier)
	how := tierHow[f.NeedTier]
	ext["howToReach"] = pickLang(lang, how[0], how[1])
	return pickLang(lang,
		fmt.Sprintf("Нужна %s учётная запись: %s", tierNameRu[f.NeedTier], how[0]),
		fmt.Sprintf("a %s account is required: %s", strings.ToLower(string(f.NeedTier)), how[1])), ext
}

var tierNameRu = map[account.Tier]string{
	account.TierSimplified: "упрощённая", account.TierStandard: "стандартная", account.TierConfirmed: "подтверждённая",
}

// userError is a failure the caller can fix, with a message in both
// languages.
type userError struct {
	field, code string
	ru, en      string
}

func (e *userError) Error() string { return e.field + ": " + e.en }

// ErrorPresenter gives every expected failure a stable extensions.code and
// a message in the request's language, and hides everything else as
// "internal error", logged with the request id.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		lang := Lang(ctx)
		var ue *userError
		var ie *catalog.InputError
		var fe *identity.FieldError
		var inputs account.InputErrors
		var forbidden *account.ForbiddenError
		var limited *account.RateLimitedError
		switch {
		case errors.Is(err, account.ErrUnauthenticated):
			gqlErr.Message = pickLang(lang, "Войдите в учётную запись: токен доступа отсутствует, истёк или отозван",
				"sign in: the access token is missing, expired or revoked")
			gqlErr.Extensions = map[string]any{"code": CodeUnauthenticated}
		case errors.As(err, &forbidden):
			gqlErr.Message, gqlErr.Extensions = forbiddenError(lang, forbidden)
		case errors.As(err, &limited):
			secs := int(limited.RetryAfter.Seconds() + 0.999)
			gqlErr.Message = pickLang(lang, fmt.Sprintf("Слишком много попыток: повторите через %d с", secs),
				fmt.Sprintf("too many attempts: try again in %d s", secs))
			gqlErr.Extensions = map[string]any{"code": CodeRateLimited, "retryAfterSeconds": secs}
		case errors.Is(err, account.ErrNotFound):
			gqlErr.Message = pickLang(lang, "Не найдено", "not found")
			gqlErr.Extensions = map[string]any{"code": CodeNotFound}
		case errors.As(err, &inputs) && len(inputs) > 0:
			gqlErr.Message = pickLang(lang, inputs[0].Ru, inputs[0].En)
			gqlErr.Extensions = map[string]any{"code": CodeBadUserInput, "field": inputs[0].Field, "reason": inputs[0].Code}
		case errors.As(err, &fe):
			gqlErr.Message = pickLang(lang, fe.Ru, fe.En)
			gqlErr.Extensions = map[string]any{"code": CodeBadUserInput, "field": fe.Field, "reason": fe.Code}
		case errors.As(err, &ue):
			gqlErr.Message = pickLang(lang, ue.ru, ue.en)
			gqlErr.Extensions = map[string]any{"code": CodeBadUserInput, "field": ue.field, "reason": ue.code}
		case errors.As(err, &ie):
			gqlErr.Message = ie.Message.In(lang)
			gqlErr.Extensions = map[string]any{"code": CodeBadUserInput, "field": ie.Field, "reason": ie.Code}
		case gqlErr.Err == nil && gqlErr.Extensions["code"] == CodeComplexityLimitExceeded:
			if limit, cost, ok := complexityOf(ctx); ok {
				gqlErr.Message = pickLang(lang,
					fmt.Sprintf("Запрос слишком сложный: сложность %d при пределе %d; запросите меньше полей или страницу поменьше", cost, limit),
					fmt.Sprintf("the query is too complex: complexity %d over the limit of %d; ask for fewer fields or a smaller page", cost, limit))
				gqlErr.Extensions["limit"] = limit
			}
		case gqlErr.Err == nil:
			// Raised by gqlgen itself (parse, validation) or by our own
			// limits, with a code already: shown as it is.
			if gqlErr.Extensions == nil || gqlErr.Extensions["code"] == nil {
				if gqlErr.Extensions == nil {
					gqlErr.Extensions = map[string]any{}
				}
				gqlErr.Extensions["code"] = CodeBadUserInput
			}
		case introspectionDisabled(err):
			gqlErr.Message = pickLang(lang, "Интроспекция схемы отключена", "introspection is disabled")
			gqlErr.Extensions = map[string]any{"code": CodeIntrospectionDisabled}
		case errors.Is(err, statement.ErrSourceDown):
			gqlErr.Message = pickLang(lang, "Ведомство не ответило вовремя: попробуйте позже", "the agency did not answer in time: try again later")
			gqlErr.Extensions = map[string]any{"code": CodeUnavailable}
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = pickLang(lang, "Запрос прерван или выполнялся слишком долго", "the request was cancelled or took too long")
			gqlErr.Extensions = map[string]any{"code": CodeUnavailable}
		case dependencyDown(err):
			// The database (or another backing service) cannot be reached:
			// not a bug, and the same request will likely succeed once it is
			// back, so the client is told to retry rather than handed an
			// internal error. Logged as a warning for the operator.
			log.WarnContext(ctx, "backing service unavailable", "request_id", requestid.From(ctx), "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = pickLang(lang, "Сервис временно недоступен: повторите запрос через несколько секунд",
				"the service is temporarily unavailable: try again in a few seconds")
			gqlErr.Extensions = map[string]any{"code": CodeUnavailable}
		default:
			id := requestid.From(ctx)
			log.ErrorContext(ctx, "resolver failed", "request_id", id, "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = pickLang(lang, "Внутренняя ошибка", "internal error")
			gqlErr.Extensions = map[string]any{"code": CodeInternal, "requestId": id}
		}
		return gqlErr
	}
}

// complexityOf is the complexity budget and cost of the operation in ctx,
// as gqlgen's complexity limit measured them.
func complexityOf(ctx context.Context) (limit, cost int, ok bool) {
	if !graphql.HasOperationContext(ctx) {
		return 0, 0, false
	}
	st := extension.GetComplexityStats(ctx)
	if st == nil {
		return 0, 0, false
	}
	return st.ComplexityLimit, st.Complexity, true
}

// introspectionDisabled tells gqlgen's refusal of __schema and __type, a
// plain error, from a failure worth logging.
func introspectionDisabled(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if _, ok := e.(*gqlerror.Error); !ok && e.Error() == "introspection disabled" {
			return true
		}
	}
	return false
}

// RecoverFunc turns a resolver's panic into an error the presenter hides.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "resolver panicked", "request_id", requestid.From(ctx), "panic", p)
		return errors.New("panic in resolver")
	}
}

func pickLang(lang, ru, en string) string {
	if lang == "en" {
		return en
	}
	return ru
}
