package graph

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/requestid"
)

// logBuffer collects log lines; handlers may log from several goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestErrorPresenter(t *testing.T) {
	const reqID = "req-0123456789"
	secret := errors.New("pq: password authentication failed for user \"admin\"")
	codeless := func() error { return gqlerror.Errorf("Cannot query field") }
	coded := func() error {
		return &gqlerror.Error{Message: "too deep", Extensions: map[string]any{"code": CodeQueryTooDeep}}
	}
	tests := []struct {
		name     string
		lang     string
		err      func() error
		code     string
		message  string
		field    string
		logged   bool // logged as a failure, with the request id
		internal bool // carries the request id to the client
	}{
		{
			name:    "a user error in Russian",
			err:     func() error { return errBadID("x") },
			code:    CodeBadUserInput,
			message: `Неверный идентификатор "x"`,
			field:   "id",
		},
		{
			name:    "a wrapped user error in English",
			lang:    "en",
			err:     func() error { return fmt.Errorf("node: %w", errBadID("x")) },
			code:    CodeBadUserInput,
			message: `malformed id "x"`,
			field:   "id",
		},
		{
			name: "a catalog input error in Russian",
			err: func() error {
				return &catalog.InputError{Field: "query", Code: "TOO_LONG", Message: catalog.Text{Ru: "сократите", En: "shorten"}}
			},
			code:    CodeBadUserInput,
			message: "сократите",
			field:   "query",
		},
		{
			name: "a wrapped catalog input error in English",
			lang: "en",
			err: func() error {
				return fmt.Errorf("find: %w", &catalog.InputError{Field: "first", Code: "TOO_LARGE", Message: catalog.Text{Ru: "меньше", En: "fewer"}})
			},
			code:    CodeBadUserInput,
			message: "fewer",
			field:   "first",
		},
		{
			name:    "gqlgen's own error gets a code",
			err:     codeless,
			code:    CodeBadUserInput,
			message: "Cannot query field",
		},
		{
			name:    "a limit error keeps its code",
			err:     coded,
			code:    CodeQueryTooDeep,
			message: "too deep",
		},
		{
			name:     "a plain error is hidden as internal in Russian",
			err:      func() error { return fmt.Errorf("regions: %w", secret) },
			code:     CodeInternal,
			message:  "Внутренняя ошибка",
			logged:   true,
			internal: true,
		},
		{
			name:     "a plain error is hidden as internal in English",
			lang:     "en",
			err:      func() error { return secret },
			code:     CodeInternal,
			message:  "internal error",
			logged:   true,
			internal: true,
		},
		{
			name:    "a cancelled request",
			err:     func() error { return fmt.Errorf("regions: %w", context.Canceled) },
			code:    CodeUnavailable,
			message: "Запрос прерван или выполнялся слишком долго",
		},
		{
			name:    "a request out of time",
			lang:    "en",
			err:     func() error { return context.DeadlineExceeded },
			code:    CodeUnavailable,
			message: "the request was cancelled or took too long",
		},
		{
			name: "the database refuses connections",
			lang: "en",
			err: func() error {
				return fmt.Errorf("store: unable to read a session: %w",
					&net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}})
			},
			code:    CodeUnavailable,
			message: "the service is temporarily unavailable: try again in a few seconds",
			logged:  true,
		},
		{
			name:    "PostgreSQL shutting down",
			err:     func() error { return fmt.Errorf("store: %w", sqlStateFake("57P01")) },
			code:    CodeUnavailable,
			message: "Сервис временно недоступен: повторите запрос через несколько секунд",
			logged:  true,
		},
		{
			name:    "PostgreSQL starting up",
			err:     func() error { return sqlStateFake("57P03") },
			code:    CodeUnavailable,
			message: "Сервис временно недоступен",
			logged:  true,
		},
		{
			name:    "a closed pool",
			err:     func() error { return fmt.Errorf("store: %w", errors.New("sql: database is closed")) },
			code:    CodeUnavailable,
			message: "Сервис временно недоступен",
			logged:  true,
		},
		{
			name:    "a broken connection",
			err:     func() error { return fmt.Errorf("store: %w", driver.ErrBadConn) },
			code:    CodeUnavailable,
			message: "Сервис временно недоступен",
			logged:  true,
		},
		{
			name:     "another SQL error is internal",
			err:      func() error { return fmt.Errorf("store: %w", sqlStateFake("23505")) },
			code:     CodeInternal,
			message:  "Внутренняя ошибка",
			logged:   true,
			internal: true,
		},
		{
			name:    "introspection switched off",
			err:     func() error { return errors.New("introspection disabled") },
			code:    CodeIntrospectionDisabled,
			message: "Интроспекция схемы отключена",
		},
		{
			name: "a panic is hidden as internal",
			err: func() error {
				return RecoverFunc(slog.New(slog.DiscardHandler))(context.Background(), "boom: password=hunter2")
			},
			code:     CodeInternal,
			message:  "Внутренняя ошибка",
			logged:   true,
			internal: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs logBuffer
			present := ErrorPresenter(slog.New(slog.NewTextHandler(&logs, nil)))
			ctx := requestid.With(ContextWithLang(context.Background(), tt.lang), reqID)
			got := present(ctx, tt.err())
			if got.Message != tt.message && !strings.Contains(got.Message, tt.message) {
				t.Errorf("message %q, want %q", got.Message, tt.message)
			}
			if got.Extensions["code"] != tt.code {
				t.Errorf("code %v, want %s", got.Extensions["code"], tt.code)
			}
			if tt.field != "" && got.Extensions["field"] != tt.field {
				t.Errorf("field %v, want %s", got.Extensions["field"], tt.field)
			}
			if id, has := got.Extensions["requestId"]; has != tt.internal || tt.internal && id != reqID {
				t.Errorf("requestId %v (present %v), want present %v", id, has, tt.internal)
			}
			for _, leak := range []string{"password", "hunter2", "admin", "boom"} {
				if strings.Contains(got.Message, leak) {
					t.Errorf("message %q leaks %q", got.Message, leak)
				}
			}
			logged := logs.String()
			if tt.logged != (logged != "") {
				t.Errorf("logged %q, want logged: %v", logged, tt.logged)
			}
			if tt.logged && !strings.Contains(logged, reqID) {
				t.Errorf("log %q lacks the request id", logged)
			}
		})
	}
}

// sqlStateFake is a server error as bun's pgdriver reports it.
type sqlStateFake string

func (e sqlStateFake) Error() string { return "FATAL: server error (SQLSTATE=" + string(e) + ")" }

func (e sqlStateFake) Field(k byte) string {
	if k == 'C' {
		return string(e)
	}
	return ""
}

func TestRecoverFuncLogsThePanic(t *testing.T) {
	var logs logBuffer
	ctx := requestid.With(context.Background(), "req-0123456789")
	err := RecoverFunc(slog.New(slog.NewTextHandler(&logs, nil)))(ctx, "boom")
	if err == nil || strings.Contains(err.Error(), "boom") {
		t.Errorf("RecoverFunc = %v, want an error that hides the panic", err)
	}
	if l := logs.String(); !strings.Contains(l, "boom") || !strings.Contains(l, "req-0123456789") {
		t.Errorf("log %q lacks the panic or the request id", l)
	}
}

// brokenStore fails or panics on Regions; any other call panics.
type brokenStore struct {
	catalog.Store
	regions func() ([]catalog.Region, error)
}

func (s brokenStore) Regions(context.Context) ([]catalog.Region, error) { return s.regions() }

type handlerResponse struct {
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
	requestID string
}

func postTo(t *testing.T, h http.Handler, lang, query string) handlerResponse {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var r handlerResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("response %d is not JSON: %s", rec.Code, rec.Body)
	}
	r.requestID = rec.Header().Get(requestid.Header)
	return r
}

func TestHandlerHidesFailures(t *testing.T) {
	tests := []struct {
		name    string
		lang    string
		regions func() ([]catalog.Region, error)
		message string
	}{
		{
			name:    "a failing store",
			regions: func() ([]catalog.Region, error) { return nil, errors.New("dial tcp 10.0.0.5:5432: password=hunter2") },
			message: "Внутренняя ошибка",
		},
		{
			name:    "a panicking resolver",
			lang:    "en",
			regions: func() ([]catalog.Region, error) { panic("boom: password=hunter2") },
			message: "internal error",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs logBuffer
			h := requestid.Middleware(NewHandler(HandlerConfig{
				Catalog:       catalog.New(brokenStore{regions: tt.regions}),
				Logger:        slog.New(slog.NewTextHandler(&logs, nil)),
				MaxBodyBytes:  1 << 20,
				MaxComplexity: 5000,
				Limits:        DefaultLimits(),
			}))
			r := postTo(t, h, tt.lang, `{ regions { code } }`)
			if len(r.Errors) != 1 {
				t.Fatalf("errors %+v", r.Errors)
			}
			e := r.Errors[0]
			if e.Message != tt.message || e.Extensions["code"] != CodeInternal {
				t.Errorf("error %q %v, want %q INTERNAL", e.Message, e.Extensions["code"], tt.message)
			}
			if r.requestID == "" || e.Extensions["requestId"] != r.requestID {
				t.Errorf("requestId %v, want the response's %q", e.Extensions["requestId"], r.requestID)
			}
			if strings.Contains(fmt.Sprint(r), "hunter2") {
				t.Errorf("the response leaks the cause: %+v", r)
			}
			if l := logs.String(); !strings.Contains(l, "hunter2") || !strings.Contains(l, r.requestID) {
				t.Errorf("log %q lacks the cause or the request id", l)
			}
			if r := postTo(t, h, "", `{ __typename }`); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Query") {
				t.Errorf("after the failure: %s %+v", r.Data, r.Errors)
			}
		})
	}
}

func TestHandlerRefusalsSpeakTheRequestLanguage(t *testing.T) {
	var logs logBuffer
	h := NewHandler(HandlerConfig{
		Catalog:       catalog.New(brokenStore{}),
		Logger:        slog.New(slog.NewTextHandler(&logs, nil)),
		MaxBodyBytes:  1 << 20,
		MaxComplexity: 50,
		Limits:        DefaultLimits(),
	})
	tests := []struct {
		name, lang, query, code, message string
	}{
		{"over the complexity budget", "", `{ services(first: 100) { totalCount } }`, "COMPLEXITY_LIMIT_EXCEEDED",
			"Запрос слишком сложный: сложность 101 при пределе 50; запросите меньше полей или страницу поменьше"},
		{"over the complexity budget in English", "en", `{ services(first: 100) { totalCount } }`, "COMPLEXITY_LIMIT_EXCEEDED",
			"the query is too complex: complexity 101 over the limit of 50; ask for fewer fields or a smaller page"},
		{"introspection switched off", "", `{ __schema { queryType { name } } }`, CodeIntrospectionDisabled, "Интроспекция схемы отключена"},
		{"introspection switched off in English", "en", `{ __type(name: "Query") { name } }`, CodeIntrospectionDisabled, "introspection is disabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := postTo(t, h, tt.lang, tt.query)
			if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != tt.code || r.Errors[0].Message != tt.message {
				t.Fatalf("errors %+v, want %s %q", r.Errors, tt.code, tt.message)
			}
		})
	}
	if l := logs.String(); l != "" {
		t.Errorf("refusals were logged as failures: %s", l)
	}
}
