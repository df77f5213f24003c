package fcm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"firebase.google.com/go/v4/errorutils"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/uslugi/uslugi/notification/fcm/fcmtest"
)

// newTopicSender returns a FirebaseSender on the fake, topic management
// included, with a static bearer token.
func newTopicSender(t testing.TB, srv *fcmtest.Server) *FirebaseSender {
	t.Helper()
	s, err := NewFirebaseSender(context.Background(), Config{
		ProjectID:   project,
		Endpoint:    srv.Endpoint(),
		IIDEndpoint: srv.IIDEndpoint(),
		HTTPClient:  srv.Client(),
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static-token"}),
	})
	if err != nil {
		t.Fatalf("NewFirebaseSender: %v", err)
	}
	return s
}

func TestSubscribeToTopic(t *testing.T) {
	const topic = "municipality-45000000"
	tests := []struct {
		name      string
		tokens    []string
		answers   map[string]fcmtest.Answer
		want      []Result
		wantSubs  []string
		wantCalls int
	}{
		{
			name:      "subscribes every token",
			tokens:    []string{"tok-b", "tok-a"},
			want:      []Result{{Token: "tok-b", OK: true}, {Token: "tok-a", OK: true}},
			wantSubs:  []string{"tok-a", "tok-b"},
			wantCalls: 1,
		},
		{
			name:   "unregistered and invalid tokens are removed",
			tokens: []string{"tok-a", "gone", "bad"},
			answers: map[string]fcmtest.Answer{
				"gone": {Outcome: fcmtest.Unregistered},
				"bad":  {Outcome: fcmtest.InvalidArgument},
			},
			want:      []Result{{Token: "tok-a", OK: true}, {Token: "gone", Remove: true}, {Token: "bad", Remove: true}},
			wantSubs:  []string{"tok-a"},
			wantCalls: 1,
		},
		{
			name:   "internal and quota errors are retried after the default wait",
			tokens: []string{"oops", "busy", "tok-a"},
			answers: map[string]fcmtest.Answer{
				"oops": {Outcome: fcmtest.Internal},
				"busy": {Outcome: fcmtest.QuotaExceeded},
			},
			want: []Result{
				{Token: "oops", Retry: true, RetryAfter: DefaultRetryAfter},
				{Token: "busy", Retry: true, RetryAfter: DefaultRetryAfter},
				{Token: "tok-a", OK: true},
			},
			wantSubs:  []string{"tok-a"},
			wantCalls: 1,
		},
		{
			name:      "unavailable once is retried by the SDK itself",
			tokens:    []string{"blip", "tok-a"},
			answers:   map[string]fcmtest.Answer{"blip": {Outcome: fcmtest.Unavailable, RetryAfter: -1, Times: 1}},
			want:      []Result{{Token: "blip", OK: true}, {Token: "tok-a", OK: true}},
			wantSubs:  []string{"blip", "tok-a"},
			wantCalls: 2,
		},
		{
			name:      "empty token is removed without being sent",
			tokens:    []string{"", "tok-a", " "},
			want:      []Result{{Token: "", Remove: true}, {Token: "tok-a", OK: true}, {Token: " ", Remove: true}},
			wantSubs:  []string{"tok-a"},
			wantCalls: 1,
		},
		{
			name:   "only empty tokens make no call",
			tokens: []string{""},
			want:   []Result{{Token: "", Remove: true}},
		},
		{
			name: "no tokens make no call",
			want: []Result{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fcmtest.NewServer(t)
			for target, a := range tt.answers {
				srv.Answer(target, a)
			}
			got, err := newTopicSender(t, srv).SubscribeToTopic(context.Background(), tt.tokens, topic)
			if err != nil {
				t.Fatalf("SubscribeToTopic: %v", err)
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
			if diff := cmp.Diff(tt.wantSubs, srv.Subscribers(topic)); diff != "" {
				t.Errorf("fake's subscribers (-want, +got):\n%s", diff)
			}
			if n := srv.TopicCalls(); n != tt.wantCalls {
				t.Errorf("IID calls = %d, want %d", n, tt.wantCalls)
			}
			if srv.Calls() != 0 {
				t.Errorf("send calls = %d, want 0", srv.Calls())
			}
		})
	}
}

func TestSubscribeToTopicRequest(t *testing.T) {
	srv := fcmtest.NewServer(t)
	s := newTopicSender(t, srv)
	if _, err := s.SubscribeToTopic(context.Background(), []string{"tok-a"}, "region-77"); err != nil {
		t.Fatalf("SubscribeToTopic: %v", err)
	}
	if _, err := s.UnsubscribeFromTopic(context.Background(), []string{"tok-a"}, "region-77"); err != nil {
		t.Fatalf("UnsubscribeFromTopic: %v", err)
	}
	want := []fcmtest.TopicRequest{
		{Op: "batchAdd", Topic: "region-77", Tokens: []string{"tok-a"}, Auth: "Bearer static-token", AccessTokenAuth: "true", Status: 200, Results: []string{""}},
		{Op: "batchRemove", Topic: "region-77", Tokens: []string{"tok-a"}, Auth: "Bearer static-token", AccessTokenAuth: "true", Status: 200, Results: []string{""}},
	}
	if diff := cmp.Diff(want, srv.TopicRequests()); diff != "" {
		t.Errorf("IID requests (-want, +got):\n%s", diff)
	}
}

func TestUnsubscribeFromTopic(t *testing.T) {
	const topic = "region-77"
	srv := fcmtest.NewServer(t)
	s := newTopicSender(t, srv)
	ctx := context.Background()
	if _, err := s.SubscribeToTopic(ctx, []string{"tok-a", "tok-b", "tok-c"}, topic); err != nil {
		t.Fatalf("SubscribeToTopic: %v", err)
	}
	srv.Answer("gone", fcmtest.Answer{Outcome: fcmtest.Unregistered})
	got, err := s.UnsubscribeFromTopic(ctx, []string{"tok-b", "gone"}, topic)
	if err != nil {
		t.Fatalf("UnsubscribeFromTopic: %v", err)
	}
	want := []Result{{Token: "tok-b", OK: true}, {Token: "gone", Remove: true, Err: "NOT_FOUND"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want, +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"tok-a", "tok-c"}, srv.Subscribers(topic)); diff != "" {
		t.Errorf("fake's subscribers (-want, +got):\n%s", diff)
	}
	if _, err := s.UnsubscribeFromTopic(ctx, []string{"tok-a", "tok-c"}, topic); err != nil {
		t.Fatalf("UnsubscribeFromTopic: %v", err)
	}
	if subs := srv.Subscribers(topic); len(subs) != 0 {
		t.Errorf("fake's subscribers = %v, want none", subs)
	}
}

func TestSubscribeToTopicBatches(t *testing.T) {
	const topic = "municipality-45382000001"
	srv := fcmtest.NewServer(t)
	tokens := make([]string, 2500)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("tok-%05d", i)
	}
	srv.Answer(tokens[1700], fcmtest.Answer{Outcome: fcmtest.Unregistered})

	got, err := newTopicSender(t, srv).SubscribeToTopic(context.Background(), tokens, topic)
	if err != nil {
		t.Fatalf("SubscribeToTopic: %v", err)
	}
	var sizes []int
	for _, r := range srv.TopicRequests() {
		sizes = append(sizes, len(r.Tokens))
	}
	if diff := cmp.Diff([]int{1000, 1000, 500}, sizes); diff != "" {
		t.Errorf("call sizes (-want, +got):\n%s", diff)
	}
	if srv.TopicCalls() != 3 {
		t.Errorf("IID calls = %d, want 3", srv.TopicCalls())
	}
	if len(got) != len(tokens) {
		t.Fatalf("%d results for %d tokens", len(got), len(tokens))
	}
	for i, r := range got {
		want := Result{Token: tokens[i], OK: true}
		if i == 1700 {
			want = Result{Token: tokens[i], Remove: true, Err: "NOT_FOUND"}
		}
		if r != want {
			t.Errorf("result %d = %+v, want %+v", i, r, want)
		}
	}
	want := slices.Delete(slices.Clone(tokens), 1700, 1701)
	if diff := cmp.Diff(want, srv.Subscribers(topic)); diff != "" {
		t.Errorf("fake's subscribers (-want, +got):\n%s", diff)
	}
}

func TestTopicManagementFailures(t *testing.T) {
	t.Run("invalid topic is refused before any call", func(t *testing.T) {
		srv := fcmtest.NewServer(t)
		s := newTopicSender(t, srv)
		for _, topic := range []string{"news", "", "/topics/region-77", "region-7", "municipality-4500"} {
			if _, err := s.SubscribeToTopic(context.Background(), []string{"tok-a"}, topic); !errors.Is(err, ErrInvalidTopic) {
				t.Errorf("SubscribeToTopic(%q) = %v, want ErrInvalidTopic", topic, err)
			}
			if _, err := s.UnsubscribeFromTopic(context.Background(), []string{"tok-a"}, topic); !errors.Is(err, ErrInvalidTopic) {
				t.Errorf("UnsubscribeFromTopic(%q) = %v, want ErrInvalidTopic", topic, err)
			}
		}
		if srv.TopicCalls() != 0 {
			t.Errorf("IID calls = %d, want 0", srv.TopicCalls())
		}
	})

	t.Run("unavailable call is a retryable TopicError with earlier results", func(t *testing.T) {
		srv := fcmtest.NewServer(t)
		tokens := make([]string, 1500)
		for i := range tokens {
			tokens[i] = fmt.Sprintf("tok-%05d", i)
		}
		srv.Answer(tokens[1200], fcmtest.Answer{Outcome: fcmtest.Unavailable})
		got, err := newTopicSender(t, srv).SubscribeToTopic(context.Background(), tokens, "region-50")
		var te *TopicError
		if !errors.As(err, &te) || !te.Retry || te.RetryAfter != fcmtest.DefaultRetryAfter || te.Op != "subscribe" ||
			te.Topic != "region-50" || te.Tokens != 500 || !errorutils.IsUnavailable(te.Err) {
			t.Fatalf("SubscribeToTopic error = %#v, want a retryable TopicError", err)
		}
		if len(got) != 1000 || !got[999].OK || got[999].Token != tokens[999] {
			t.Errorf("%d results, want those of the first call", len(got))
		}
		if n := len(srv.Subscribers("region-50")); n != 1000 {
			t.Errorf("fake has %d subscribers, want 1000", n)
		}
	})

	t.Run("missing credentials are a TopicError not to retry", func(t *testing.T) {
		srv := fcmtest.NewServer(t)
		s, err := NewFirebaseSender(context.Background(), Config{
			ProjectID: project, Endpoint: srv.Endpoint(), IIDEndpoint: srv.IIDEndpoint(), HTTPClient: srv.Client(),
		})
		if err != nil {
			t.Fatalf("NewFirebaseSender: %v", err)
		}
		_, err = s.UnsubscribeFromTopic(context.Background(), []string{"tok-a"}, "region-77")
		var te *TopicError
		if !errors.As(err, &te) || te.Retry || !errorutils.IsUnauthenticated(te.Err) {
			t.Errorf("UnsubscribeFromTopic error = %#v, want a TopicError without Retry", err)
		}
	})

	t.Run("cancelled context makes no call", func(t *testing.T) {
		srv := fcmtest.NewServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := newTopicSender(t, srv).SubscribeToTopic(ctx, []string{"tok-a"}, "region-77"); !errors.Is(err, context.Canceled) {
			t.Errorf("SubscribeToTopic = %v, want context.Canceled", err)
		}
		if srv.TopicCalls() != 0 {
			t.Errorf("IID calls = %d, want 0", srv.TopicCalls())
		}
	})
}

// TestIIDEndpointCredentials checks that every way of passing credentials
// still authorises both the sends and the rewritten topic calls.
func TestIIDEndpointCredentials(t *testing.T) {
	tests := []struct {
		name     string
		config   func(t *testing.T, srv *fcmtest.Server) Config
		wantAuth string
	}{
		{
			name: "token source without an HTTP client",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static-token"})}
			},
			wantAuth: "Bearer static-token",
		},
		{
			name: "service account JSON without an HTTP client",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{CredentialsJSON: serviceAccountJSON(t, srv)}
			},
			wantAuth: "Bearer fcmtest-access-token",
		},
		{
			name: "service account file without an HTTP client",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{CredentialsFile: writeServiceAccount(t, srv)}
			},
			wantAuth: "Bearer fcmtest-access-token",
		},
		{
			name: "application default credentials",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", writeServiceAccount(t, srv))
				return Config{}
			},
			wantAuth: "Bearer fcmtest-access-token",
		},
		{
			name: "service account JSON over an HTTP client",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{CredentialsJSON: serviceAccountJSON(t, srv), HTTPClient: srv.Client()}
			},
			wantAuth: "Bearer fcmtest-access-token",
		},
		{
			name: "service account file over an HTTP client",
			config: func(t *testing.T, srv *fcmtest.Server) Config {
				return Config{CredentialsFile: writeServiceAccount(t, srv), HTTPClient: srv.Client()}
			},
			wantAuth: "Bearer fcmtest-access-token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fcmtest.NewServer(t)
			cfg := tt.config(t, srv)
			cfg.ProjectID, cfg.Endpoint, cfg.IIDEndpoint = project, srv.Endpoint(), srv.IIDEndpoint()+"/"
			s, err := NewFirebaseSender(context.Background(), cfg)
			if err != nil {
				t.Fatalf("NewFirebaseSender: %v", err)
			}
			ctx := context.Background()
			const topic = "municipality-45000000"
			res, err := s.SubscribeToTopic(ctx, []string{"tok-a"}, topic)
			if err != nil || !res[0].OK {
				t.Fatalf("SubscribeToTopic = %+v, %v", res, err)
			}
			if diff := cmp.Diff([]string{"tok-a"}, srv.Subscribers(topic)); diff != "" {
				t.Errorf("fake's subscribers (-want, +got):\n%s", diff)
			}
			if r := srv.TopicRequests()[0]; r.Auth != tt.wantAuth || r.AccessTokenAuth != "true" {
				t.Errorf("IID auth %q, access_token_auth %q; want %q, true", r.Auth, r.AccessTokenAuth, tt.wantAuth)
			}
			if err := s.SendToTopic(ctx, topic, push); err != nil {
				t.Fatalf("SendToTopic: %v", err)
			}
			if srv.Calls() != 1 {
				t.Fatalf("send calls = %d, want 1", srv.Calls())
			}
			if r := srv.Requests()[0]; r.Auth != tt.wantAuth || r.Message.Topic != topic || r.Message.Token != "" {
				t.Errorf("send auth %q, topic %q, token %q", r.Auth, r.Message.Topic, r.Message.Token)
			}
		})
	}
}

func writeServiceAccount(t *testing.T, srv *fcmtest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(path, serviceAccountJSON(t, srv), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInvalidIIDEndpoint(t *testing.T) {
	for _, endpoint := range []string{"127.0.0.1:1234", "ftp://host", "http://", "http://host/?q=1", "://x"} {
		_, err := NewFirebaseSender(context.Background(), Config{
			ProjectID:   project,
			IIDEndpoint: endpoint,
			TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}),
		})
		if err == nil || !strings.Contains(err.Error(), "invalid IID endpoint") {
			t.Errorf("IIDEndpoint %q: err = %v, want invalid IID endpoint", endpoint, err)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestIIDRewrite(t *testing.T) {
	target, err := url.Parse("http://127.0.0.1:1234/prefix")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	rt := &iidRewrite{
		target: target,
		base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = append(got, r.Method+" "+r.URL.String()+" host="+r.Host+" auth="+r.Header.Get("Authorization"))
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
		}),
	}
	for _, u := range []string{
		"https://iid.googleapis.com/iid/v1:batchAdd",
		"https://IID.googleapis.com:443/iid/v1:batchRemove?x=1",
		"https://fcm.googleapis.com/v1/projects/p/messages:send",
	} {
		req, err := http.NewRequest(http.MethodPost, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer t")
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if req.URL.String() != u {
			t.Errorf("the caller's request was changed to %s", req.URL)
		}
	}
	want := []string{
		"POST http://127.0.0.1:1234/prefix/iid/v1:batchAdd host=127.0.0.1:1234 auth=Bearer t",
		"POST http://127.0.0.1:1234/prefix/iid/v1:batchRemove?x=1 host=127.0.0.1:1234 auth=Bearer t",
		"POST https://fcm.googleapis.com/v1/projects/p/messages:send host=fcm.googleapis.com auth=Bearer t",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want, +got):\n%s", diff)
	}
}

func TestTopicErrorMessage(t *testing.T) {
	err := &TopicError{Op: "unsubscribe", Topic: "region-77", Tokens: 3, Err: errors.New("boom"), RetryAfter: time.Second}
	if got, want := err.Error(), `fcm: unable to unsubscribe 3 tokens (topic "region-77"): boom`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestFakeIIDRejectsBadRequests(t *testing.T) {
	srv := fcmtest.NewServer(t)
	for _, tc := range []struct {
		name, body, auth, accessTokenAuth string
		want                              int
	}{
		{"not JSON", `{`, "Bearer t", "true", http.StatusBadRequest},
		{"no topics prefix", `{"to":"region-77","registration_tokens":["a"]}`, "Bearer t", "true", http.StatusBadRequest},
		{"no tokens", `{"to":"/topics/region-77","registration_tokens":[]}`, "Bearer t", "true", http.StatusBadRequest},
		{"no Authorization", `{"to":"/topics/region-77","registration_tokens":["a"]}`, "", "true", http.StatusUnauthorized},
		{"no access_token_auth", `{"to":"/topics/region-77","registration_tokens":["a"]}`, "Bearer t", "", http.StatusUnauthorized},
		{"well-formed", `{"to":"/topics/region-77","registration_tokens":["a"]}`, "Bearer t", "true", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.IIDEndpoint()+"/iid/v1:batchAdd", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			if tc.accessTokenAuth != "" {
				req.Header.Set("access_token_auth", tc.accessTokenAuth)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d (%s), want %d", resp.StatusCode, body, tc.want)
			}
		})
	}
	if got := srv.Subscribers("region-77"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("subscribers = %v, want [a]", got)
	}
}
