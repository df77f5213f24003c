package fcm

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"firebase.google.com/go/v4/messaging"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/uslugi/uslugi/notification/fcm/fcmtest"
)

const project = "uslugi-test"

var push = Push{
	ID:     "n-42",
	Title:  "Штраф оплачен",
	Body:   "Платёж по постановлению 18810 принят",
	Link:   "https://uslugi.example/fines/18810",
	Badge:  3,
	Data:   map[string]string{"kind": "fine"},
	Urgent: true,
	TTL:    time.Hour,
	Locale: "ru",
}

// newSender returns a FirebaseSender on the fake with a static bearer token.
func newSender(t testing.TB, srv *fcmtest.Server) *FirebaseSender {
	t.Helper()
	s, err := NewFirebaseSender(context.Background(), Config{
		ProjectID:   project,
		Endpoint:    srv.Endpoint(),
		HTTPClient:  srv.Client(),
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static-token"}),
	})
	if err != nil {
		t.Fatalf("NewFirebaseSender: %v", err)
	}
	return s
}

func TestSendToTokens(t *testing.T) {
	tests := []struct {
		name      string
		tokens    []string
		answers   map[string]fcmtest.Answer
		want      []Result
		wantCalls int
	}{
		{
			name:      "success for several tokens",
			tokens:    []string{"tok-a", "tok-b", "tok-c"},
			want:      []Result{{Token: "tok-a", OK: true}, {Token: "tok-b", OK: true}, {Token: "tok-c", OK: true}},
			wantCalls: 3,
		},
		{
			name:      "unregistered token is removed",
			tokens:    []string{"tok-a", "gone"},
			answers:   map[string]fcmtest.Answer{"gone": {Outcome: fcmtest.Unregistered}},
			want:      []Result{{Token: "tok-a", OK: true}, {Token: "gone", Remove: true}},
			wantCalls: 2,
		},
		{
			name:      "invalid token is removed",
			tokens:    []string{"bad"},
			answers:   map[string]fcmtest.Answer{"bad": {Outcome: fcmtest.InvalidArgument}},
			want:      []Result{{Token: "bad", Remove: true}},
			wantCalls: 1,
		},
		{
			name:      "quota exceeded is retried after Retry-After",
			tokens:    []string{"busy"},
			answers:   map[string]fcmtest.Answer{"busy": {Outcome: fcmtest.QuotaExceeded, RetryAfter: 90 * time.Second}},
			want:      []Result{{Token: "busy", Retry: true, RetryAfter: 90 * time.Second}},
			wantCalls: 1,
		},
		{
			name:      "unavailable past the SDK's cap is handed back for retry",
			tokens:    []string{"down"},
			answers:   map[string]fcmtest.Answer{"down": {Outcome: fcmtest.Unavailable}},
			want:      []Result{{Token: "down", Retry: true, RetryAfter: fcmtest.DefaultRetryAfter}},
			wantCalls: 1,
		},
		{
			name:      "unavailable once is retried by the SDK itself",
			tokens:    []string{"blip"},
			answers:   map[string]fcmtest.Answer{"blip": {Outcome: fcmtest.Unavailable, RetryAfter: -1, Times: 1}},
			want:      []Result{{Token: "blip", OK: true}},
			wantCalls: 2,
		},
		{
			name:      "internal error is retried after the default wait",
			tokens:    []string{"oops"},
			answers:   map[string]fcmtest.Answer{"oops": {Outcome: fcmtest.Internal}},
			want:      []Result{{Token: "oops", Retry: true, RetryAfter: DefaultRetryAfter}},
			wantCalls: 1,
		},
		{
			name:      "empty token is removed without a request",
			tokens:    []string{"", "tok-a"},
			want:      []Result{{Token: "", Remove: true}, {Token: "tok-a", OK: true}},
			wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fcmtest.NewServer(t)
			for target, a := range tt.answers {
				srv.Answer(target, a)
			}
			got, err := newSender(t, srv).SendToTokens(context.Background(), tt.tokens, push)
			if err != nil {
				t.Fatalf("SendToTokens: %v", err)
			}
			for i := range got {
				if got[i].OK != (got[i].Err == "") {
					t.Errorf("result %d: OK=%v but Err=%q", i, got[i].OK, got[i].Err)
				}
				got[i].Err = ""
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("results (-want, +got):\n%s", diff)
			}
			if n := srv.Calls(); n != tt.wantCalls {
				t.Errorf("HTTP calls = %d, want %d", n, tt.wantCalls)
			}
		})
	}
}

func TestSendToTokensMessage(t *testing.T) {
	srv := fcmtest.NewServer(t)
	if _, err := newSender(t, srv).SendToTokens(context.Background(), []string{"tok-a"}, push); err != nil {
		t.Fatalf("SendToTokens: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d, want 1", len(reqs))
	}
	if reqs[0].Project != project || reqs[0].Auth != "Bearer static-token" {
		t.Errorf("project %q, auth %q", reqs[0].Project, reqs[0].Auth)
	}
	badge := 3
	want := fcmtest.Message{
		Token:        "tok-a",
		Notification: &fcmtest.Notification{Title: push.Title, Body: push.Body},
		Data:         map[string]string{"id": "n-42", "link": push.Link, "locale": "ru", "kind": "fine"},
		Android:      &fcmtest.Android{CollapseKey: "n-42", Priority: "high", TTL: "3600s"},
		APNS:         &fcmtest.APNS{Headers: map[string]string{"apns-priority": "10", "apns-collapse-id": "n-42"}},
		Webpush:      &fcmtest.Webpush{Headers: map[string]string{"TTL": "3600", "Urgency": "high"}},
	}
	want.APNS.Payload.Aps.Sound, want.APNS.Payload.Aps.Badge = "default", &badge
	want.Webpush.FCMOptions = &struct {
		Link string `json:"link,omitempty"`
	}{Link: push.Link}
	if diff := cmp.Diff(want, reqs[0].Message); diff != "" {
		t.Errorf("message (-want, +got):\n%s", diff)
	}

	t.Run("normal push has normal priority and no badge", func(t *testing.T) {
		srv := fcmtest.NewServer(t)
		p := Push{ID: "n-1", Title: "Новость", Link: "/feed/n-1"}
		if _, err := newSender(t, srv).SendToTokens(context.Background(), []string{"tok-a"}, p); err != nil {
			t.Fatalf("SendToTokens: %v", err)
		}
		m := srv.Messages()[0]
		if m.Android.Priority != "normal" || m.Android.TTL != "" || m.APNS.Headers["apns-priority"] != "5" ||
			m.APNS.Payload.Aps.Badge != nil || m.Webpush.FCMOptions != nil || m.Data["link"] != "/feed/n-1" {
			t.Errorf("message = %+v", m)
		}
	})
}

func TestSendToTokensBatches(t *testing.T) {
	srv := fcmtest.NewServer(t)
	s := newSender(t, srv)
	var mu sync.Mutex
	var sizes []int
	sendEach := s.sendEach
	s.sendEach = func(ctx context.Context, m []*messaging.Message) (*messaging.BatchResponse, error) {
		mu.Lock()
		sizes = append(sizes, len(m))
		mu.Unlock()
		return sendEach(ctx, m)
	}
	tokens := make([]string, 1200)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("tok-%04d", i)
	}
	got, err := s.SendToTokens(context.Background(), tokens, push)
	if err != nil {
		t.Fatalf("SendToTokens: %v", err)
	}
	if diff := cmp.Diff([]int{500, 500, 200}, sizes); diff != "" {
		t.Errorf("SendEach sizes (-want, +got):\n%s", diff)
	}
	for i, r := range got {
		if r.Token != tokens[i] || !r.OK {
			t.Fatalf("result %d = %+v", i, r)
		}
	}
	seen := map[string]bool{}
	for _, m := range srv.Messages() {
		seen[m.Token] = true
	}
	if srv.Calls() != 1200 || len(seen) != 1200 {
		t.Errorf("HTTP calls = %d, distinct tokens = %d, want 1200 each", srv.Calls(), len(seen))
	}
}

func TestSendToTopic(t *testing.T) {
	tests := []struct {
		name      string
		topic     string
		answer    *fcmtest.Answer
		wantErr   error
		wantRetry time.Duration // > 0: a *SendError with Retry
		wantCalls int
	}{
		{name: "municipality topic", topic: "municipality-45000000", wantCalls: 1},
		{name: "municipality topic with 11-digit OKTMO", topic: "municipality-45382000001", wantCalls: 1},
		{name: "region topic", topic: "region-77", wantCalls: 1},
		{name: "unknown topic is rejected", topic: "news", wantErr: ErrInvalidTopic},
		{name: "short OKTMO is rejected", topic: "municipality-4500", wantErr: ErrInvalidTopic},
		{name: "topic path is rejected", topic: "/topics/region-77", wantErr: ErrInvalidTopic},
		{
			name: "quota exceeded is a retryable SendError", topic: "region-50",
			answer:    &fcmtest.Answer{Outcome: fcmtest.QuotaExceeded, RetryAfter: time.Minute},
			wantRetry: time.Minute, wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fcmtest.NewServer(t)
			if tt.answer != nil {
				srv.Answer(tt.topic, *tt.answer)
			}
			err := newSender(t, srv).SendToTopic(context.Background(), tt.topic, push)
			var se *SendError
			switch {
			case tt.wantRetry > 0:
				if !errors.As(err, &se) || !se.Retry || se.RetryAfter != tt.wantRetry || !messaging.IsQuotaExceeded(se.Err) {
					t.Errorf("SendToTopic = %#v, want retryable SendError after %v", err, tt.wantRetry)
				}
			case !errors.Is(err, tt.wantErr):
				t.Errorf("SendToTopic = %v, want %v", err, tt.wantErr)
			}
			if n := srv.Calls(); n != tt.wantCalls {
				t.Errorf("HTTP calls = %d, want %d", n, tt.wantCalls)
			}
			if tt.wantCalls > 0 {
				if m := srv.Messages()[0]; m.Topic != tt.topic || m.Token != "" {
					t.Errorf("message target: topic %q token %q", m.Topic, m.Token)
				}
			}
		})
	}
}

// serviceAccountJSON makes a service-account key whose token_uri is the fake.
func serviceAccountJSON(t *testing.T, srv *fcmtest.Server) []byte {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     project,
		"private_key_id": "fcmtest-key",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   "sender@" + project + ".iam.gserviceaccount.com",
		"client_id":      "1",
		"token_uri":      srv.TokenURI(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func TestNewFirebaseSender(t *testing.T) {
	tests := []struct {
		name   string
		config func(t *testing.T, srv *fcmtest.Server) Config
		wantOK bool
	}{
		{
			name: "static token source with endpoint option",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})}
			},
			wantOK: true,
		},
		{
			name: "service account JSON",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{CredentialsJSON: serviceAccountJSON(t, srv)}
			},
			wantOK: true,
		},
		{
			name: "service account file over an HTTP client",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				path := filepath.Join(t.TempDir(), "sa.json")
				if err := os.WriteFile(path, serviceAccountJSON(t, srv), 0o600); err != nil {
					t.Fatal(err)
				}
				return Config{CredentialsFile: path, HTTPClient: srv.Client()}
			},
			wantOK: true,
		},
		{
			name: "HTTP client without credentials is refused by the fake",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{HTTPClient: srv.Client()}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fcmtest.NewServer(t)
			cfg := tt.config(t, srv)
			cfg.ProjectID, cfg.Endpoint = project, srv.Endpoint()+"/"
			s, err := NewFirebaseSender(context.Background(), cfg)
			if err != nil {
				t.Fatalf("NewFirebaseSender: %v", err)
			}
			got, err := s.SendToTokens(context.Background(), []string{"tok-a"}, push)
			if err != nil {
				t.Fatalf("SendToTokens: %v", err)
			}
			if got[0].OK != tt.wantOK {
				t.Errorf("result = %+v, want OK=%v", got[0], tt.wantOK)
			}
			if srv.Calls() != 1 {
				t.Errorf("HTTP calls = %d, want 1", srv.Calls())
			}
			if tt.wantOK && !strings.HasPrefix(srv.Requests()[0].Auth, "Bearer ") {
				t.Errorf("auth = %q", srv.Requests()[0].Auth)
			}
		})
	}
}

func TestSendToTokensRejectsBadPush(t *testing.T) {
	srv := fcmtest.NewServer(t)
	for name, p := range map[string]Push{
		"empty push":   {ID: "n"},
		"negative ttl": {Title: "t", TTL: -time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := newSender(t, srv).SendToTokens(context.Background(), []string{"tok"}, p); !errors.Is(err, ErrInvalidPush) {
				t.Errorf("err = %v, want ErrInvalidPush", err)
			}
		})
	}
	if srv.Calls() != 0 {
		t.Errorf("HTTP calls = %d, want 0", srv.Calls())
	}
}

func BenchmarkSendToTokens(b *testing.B) {
	srv := fcmtest.NewServer(b)
	s := newSender(b, srv)
	tokens := make([]string, 10000)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("tok-%05d", i)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		res, err := s.SendToTokens(ctx, tokens, push)
		if err != nil || len(res) != len(tokens) || !res[len(res)-1].OK {
			b.Fatalf("SendToTokens: %d results, %v", len(res), err)
		}
	}
	b.ReportMetric(float64(b.N*len(tokens))/b.Elapsed().Seconds(), "msgs/s")
}
