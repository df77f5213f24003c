package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// MaxInputBytes caps any one string a client sends in variables: the
// largest legitimate one is an application's form data (64 KiB, see
// application.MaxDataBytes). Each field's own, tighter rule is the domain's
// (a userError that says what to fix); this guard keeps megabyte strings
// from reaching any resolver, log line or database. Strings written in the
// query text itself are already bounded by MaxQueryBytes.
const MaxInputBytes = 64 << 10

// CodeInputTooLong refuses an operation with an over-long string.
const CodeInputTooLong = "INPUT_TOO_LONG"

// inputLimits checks the coerced variables after validation and before any
// resolver runs, so an over-long input changes nothing.
type inputLimits struct{ max int }

var (
	_ graphql.HandlerExtension        = inputLimits{}
	_ graphql.OperationContextMutator = inputLimits{}
)

func (inputLimits) ExtensionName() string                   { return "InputLimits" }
func (inputLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (l inputLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	names := make([]string, 0, len(oc.Variables))
	for name := range oc.Variables {
		names = append(names, name)
	}
	sort.Strings(names) // the first offender named is the same every time
	for _, name := range names {
		if path, ok := overLong(oc.Variables[name], name, l.max); ok {
			return inputTooLong(ctx, path, l.max)
		}
	}
	return nil
}

// overLong finds a string longer than max bytes in v, returning its path
// (in.questions[2]).
func overLong(v any, path string, max int) (string, bool) {
	switch x := v.(type) {
	case string:
		return path, len(x) > max
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := overLong(x[k], path+"."+k, max); ok {
				return p, true
			}
		}
	case []any:
		for i, e := range x {
			if p, ok := overLong(e, path+"["+strconv.Itoa(i)+"]", max); ok {
				return p, true
			}
		}
	}
	return "", false
}

func inputTooLong(ctx context.Context, path string, max int) *gqlerror.Error {
	msg := fmt.Sprintf("Значение %s слишком длинное: не больше %d байт", path, max)
	if Lang(ctx) == "en" {
		msg = fmt.Sprintf("%s is too long: at most %d bytes", path, max)
	}
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeInputTooLong, "field": path, "limit": max}}
}
