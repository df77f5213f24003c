// Package fcmtest is a local fake of the FCM HTTP v1 API for tests.
//
// It serves POST /v1/projects/{project}/messages:send the way FCM does, with
// the error bodies the firebase Go SDK parses (a google.rpc status whose
// details hold a google.firebase.fcm.v1.FcmError), so messaging.IsUnregistered,
// IsQuotaExceeded and the other helpers recognise its answers. It also serves
// POST /token, an OAuth2 token endpoint for service-account credentials whose
// token_uri points at the fake, and the Instance ID API's topic management,
// POST /iid/v1:batchAdd and /iid/v1:batchRemove, keeping the subscriptions
// (Subscribers).
//
// Point the SDK at it with option.WithEndpoint(srv.Endpoint()), and its topic
// management with fcm.Config.IIDEndpoint = srv.IIDEndpoint().
package fcmtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Outcome is how the fake answers a message.
type Outcome int

// Outcomes the fake can give, each with the HTTP status and FCM error code of
// the real API.
const (
	Success         Outcome = iota // 200 {"name":"projects/p/messages/<id>"}
	Unregistered                   // 404 NOT_FOUND, UNREGISTERED
	InvalidArgument                // 400 INVALID_ARGUMENT, INVALID_ARGUMENT
	QuotaExceeded                  // 429 RESOURCE_EXHAUSTED, QUOTA_EXCEEDED, Retry-After
	Unavailable                    // 503 UNAVAILABLE, UNAVAILABLE, Retry-After
	Internal                       // 500 INTERNAL, INTERNAL
)

// DefaultRetryAfter is the Retry-After sent with QuotaExceeded and Unavailable
// when an Answer sets none. It is longer than the SDK's two-minute cap, so the
// SDK hands a 503 straight back instead of sleeping and retrying it itself.
const DefaultRetryAfter = 5 * time.Minute

// Answer tells the fake how to answer messages for one token or topic. A
// token's Answer also applies to its topic management: Unregistered is the
// per-token error "NOT_FOUND", InvalidArgument "INVALID_ARGUMENT",
// QuotaExceeded "RESOURCE_EXHAUSTED" and Internal "INTERNAL", while
// Unavailable fails the whole call with 503 and Retry-After. Each time the
// token appears in a call counts as one request for Times.
type Answer struct {
	Outcome Outcome
	// RetryAfter is sent as Retry-After (whole seconds) with QuotaExceeded and
	// Unavailable; zero means DefaultRetryAfter, a negative value sends "0".
	RetryAfter time.Duration
	// Times limits the answer to the first Times requests; later ones succeed.
	// Zero means every request.
	Times int
}

// Message is the part of an FCM v1 message the fake decodes for assertions.
type Message struct {
	Token        string            `json:"token,omitempty"`
	Topic        string            `json:"topic,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Notification *Notification     `json:"notification,omitempty"`
	Data         map[string]string `json:"data,omitempty"`
	Android      *Android          `json:"android,omitempty"`
	APNS         *APNS             `json:"apns,omitempty"`
	Webpush      *Webpush          `json:"webpush,omitempty"`
}

// Notification is the message's cross-platform notification.
type Notification struct {
	Title string `json:"title,omitempty"`
	Body  string `json:"body,omitempty"`
}

// Android is the message's Android config.
type Android struct {
	CollapseKey string `json:"collapse_key,omitempty"`
	Priority    string `json:"priority,omitempty"`
	TTL         string `json:"ttl,omitempty"`
}

// APNS is the message's APNs config.
type APNS struct {
	Headers map[string]string `json:"headers,omitempty"`
	Payload struct {
		Aps struct {
			Sound string `json:"sound,omitempty"`
			Badge *int   `json:"badge,omitempty"`
		} `json:"aps"`
	} `json:"payload"`
}

// Webpush is the message's Web Push config.
type Webpush struct {
	Headers    map[string]string `json:"headers,omitempty"`
	FCMOptions *struct {
		Link string `json:"link,omitempty"`
	} `json:"fcm_options,omitempty"`
}

// Request is one HTTP request the fake received at the send endpoint.
type Request struct {
	Project string
	Auth    string // the Authorization header
	Status  int    // the status the fake answered with
	Message Message
	Raw     json.RawMessage // the whole request body
}

// TopicRequest is one HTTP request the fake received at the Instance ID API.
type TopicRequest struct {
	Op              string // "batchAdd" or "batchRemove"
	Topic           string // the topic name, without "/topics/"
	Tokens          []string
	Auth            string   // the Authorization header
	AccessTokenAuth string   // the access_token_auth header: "true" for an OAuth2 token
	Status          int      // the status the fake answered with
	Results         []string // the per-token error, "" for success; nil unless Status is 200
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	srv *httptest.Server

	mu            sync.Mutex
	answers       map[string]*answerState
	requests      []Request
	calls         int
	nextID        int
	topicRequests []TopicRequest
	topicCalls    int
	subscribers   map[string]map[string]struct{} // topic -> tokens
}

type answerState struct {
	Answer
	used int
}

// NewServer starts a fake; it is closed when the test ends.
func NewServer(t interface{ Cleanup(func()) }) *Server {
	s := &Server{answers: map[string]*answerState{}, subscribers: map[string]map[string]struct{}{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/projects/{project}/messages:send", s.send)
	mux.HandleFunc("POST /iid/v1:batchAdd", s.topics("batchAdd"))
	mux.HandleFunc("POST /iid/v1:batchRemove", s.topics("batchRemove"))
	mux.HandleFunc("POST /token", s.token)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the fake's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the value for option.WithEndpoint (FCM_ENDPOINT): URL + "/v1".
func (s *Server) Endpoint() string { return s.srv.URL + "/v1" }

// IIDEndpoint is the value for fcm.Config.IIDEndpoint: the fake's URL, which
// replaces https://iid.googleapis.com.
func (s *Server) IIDEndpoint() string { return s.srv.URL }

// TokenURI is the value for token_uri in fake service-account credentials.
func (s *Server) TokenURI() string { return s.srv.URL + "/token" }

// Client is an HTTP client tuned for many parallel requests to the fake.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     30 * time.Second,
	}}
}

// Answer sets how the fake answers messages to target, a token or a topic.
func (s *Server) Answer(target string, a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[target] = &answerState{Answer: a}
}

// Requests returns a copy of every send request received, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Calls is the number of HTTP calls to the send endpoint, rejected ones included.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Messages returns the decoded message of every well-formed send request.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.requests))
	for _, r := range s.requests {
		out = append(out, r.Message)
	}
	return out
}

// TopicCalls is the number of HTTP calls to the Instance ID API, rejected
// ones included. Calls counts only the send endpoint.
func (s *Server) TopicCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.topicCalls
}

// TopicRequests returns a copy of every Instance ID request received, in
// arrival order.
func (s *Server) TopicRequests() []TopicRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.topicRequests)
}

// Subscribers returns the tokens subscribed to topic (a name without
// "/topics/"), sorted.
func (s *Server) Subscribers(topic string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.subscribers[topic]))
}

// Reset forgets the recorded requests; answers and subscriptions are kept.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.calls = nil, 0
	s.topicRequests, s.topicCalls = nil, 0
}

func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()

	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Bearer ") || strings.TrimSpace(strings.TrimPrefix(auth, "Bearer ")) == "" {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "", "Request is missing required authentication credential.", 0)
		return
	}
	var body struct {
		ValidateOnly bool            `json:"validate_only"`
		Message      json.RawMessage `json:"message"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Message) == 0 {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received: missing message.", 0)
		return
	}
	var m Message
	if err := json.Unmarshal(body.Message, &m); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received: "+err.Error(), 0)
		return
	}
	if (m.Token == "") == (m.Topic == "") || m.Condition != "" {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Exactly one of token or topic must be set.", 0)
		return
	}
	target := m.Token
	if target == "" {
		target = m.Topic
	}

	s.mu.Lock()
	outcome, retryAfter := Success, time.Duration(0)
	if a, ok := s.answers[target]; ok && (a.Times == 0 || a.used < a.Times) {
		a.used++
		outcome, retryAfter = a.Outcome, a.RetryAfter
	}
	s.nextID++
	id := s.nextID
	req := Request{Project: r.PathValue("project"), Auth: auth, Message: m, Raw: body.Message}
	s.mu.Unlock()

	if retryAfter == 0 {
		retryAfter = DefaultRetryAfter
	}
	switch outcome {
	case Unregistered:
		req.Status = writeError(w, http.StatusNotFound, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", 0)
	case InvalidArgument:
		req.Status = writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", 0)
	case QuotaExceeded:
		req.Status = writeError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for the device.", retryAfter)
	case Unavailable:
		req.Status = writeError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", retryAfter)
	case Internal:
		req.Status = writeError(w, http.StatusInternalServerError, "INTERNAL", "INTERNAL", "Internal error encountered.", 0)
	default:
		req.Status = http.StatusOK
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		fmt.Fprintf(w, `{"name":"projects/%s/messages/%d"}`, req.Project, id)
	}

	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
}

// maxTopicTokens is the most tokens the Instance ID API takes in one call.
const maxTopicTokens = 1000

// topics serves batchAdd or batchRemove the way the Instance ID API does:
// {"to":"/topics/<name>","registration_tokens":[...]} in, one result per
// token out, {} for success and {"error":"<REASON>"} for a failure; a
// whole-call failure is a status with {"error":"<REASON>"}.
func (s *Server) topics(op string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.topicCalls++
		s.mu.Unlock()

		req := TopicRequest{Op: op, Auth: r.Header.Get("Authorization"), AccessTokenAuth: r.Header.Get("access_token_auth")}
		defer func() {
			s.mu.Lock()
			s.topicRequests = append(s.topicRequests, req)
			s.mu.Unlock()
		}()

		token := strings.TrimSpace(strings.TrimPrefix(req.Auth, "Bearer "))
		if !strings.HasPrefix(req.Auth, "Bearer ") || token == "" || req.AccessTokenAuth != "true" {
			req.Status = writeIIDError(w, http.StatusUnauthorized, "UNAUTHENTICATED", 0)
			return
		}
		var body struct {
			To     string   `json:"to"`
			Tokens []string `json:"registration_tokens"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			req.Status = writeIIDError(w, http.StatusBadRequest, "INVALID_ARGUMENT", 0)
			return
		}
		req.Topic, req.Tokens = strings.TrimPrefix(body.To, "/topics/"), body.Tokens
		if !strings.HasPrefix(body.To, "/topics/") || req.Topic == "" || len(body.Tokens) == 0 ||
			len(body.Tokens) > maxTopicTokens || slices.Contains(body.Tokens, "") {
			req.Status = writeIIDError(w, http.StatusBadRequest, "INVALID_ARGUMENT", 0)
			return
		}

		s.mu.Lock()
		// An Unavailable token fails the whole call; only its answer is used.
		var unavailable []*answerState
		for _, t := range body.Tokens {
			if a := s.activeAnswer(t); a != nil && a.Outcome == Unavailable {
				unavailable = append(unavailable, a)
			}
		}
		if len(unavailable) > 0 {
			retryAfter := DefaultRetryAfter
			for _, a := range unavailable {
				a.used++
				if a.RetryAfter != 0 {
					retryAfter = a.RetryAfter
				}
			}
			s.mu.Unlock()
			req.Status = writeIIDError(w, http.StatusServiceUnavailable, "UNAVAILABLE", retryAfter)
			return
		}
		results := make([]string, len(body.Tokens))
		subs := s.subscribers[req.Topic]
		if subs == nil {
			subs = map[string]struct{}{}
			s.subscribers[req.Topic] = subs
		}
		for i, t := range body.Tokens {
			if a := s.activeAnswer(t); a != nil {
				a.used++
				results[i] = iidReasons[a.Outcome]
			}
			switch {
			case results[i] != "":
			case op == "batchAdd":
				subs[t] = struct{}{}
			default:
				delete(subs, t)
			}
		}
		if len(subs) == 0 {
			delete(s.subscribers, req.Topic)
		}
		s.mu.Unlock()

		out := struct {
			Results []map[string]string `json:"results"`
		}{Results: make([]map[string]string, len(results))}
		for i, reason := range results {
			out.Results[i] = map[string]string{}
			if reason != "" {
				out.Results[i]["error"] = reason
			}
		}
		req.Status, req.Results = http.StatusOK, results
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		json.NewEncoder(w).Encode(out)
	}
}

// iidReasons are the Instance ID API's per-token errors for each outcome.
var iidReasons = map[Outcome]string{
	Unregistered:    "NOT_FOUND",
	InvalidArgument: "INVALID_ARGUMENT",
	QuotaExceeded:   "RESOURCE_EXHAUSTED",
	Internal:        "INTERNAL",
}

// activeAnswer is target's answer if it still applies, else nil. s.mu is held.
func (s *Server) activeAnswer(target string) *answerState {
	if a, ok := s.answers[target]; ok && (a.Times == 0 || a.used < a.Times) {
		return a
	}
	return nil
}

// writeIIDError writes an Instance ID API error body, {"error":"<reason>"};
// a negative retryAfter sends "Retry-After: 0".
func writeIIDError(w http.ResponseWriter, status int, reason string, retryAfter time.Duration) int {
	if retryAfter != 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(max(retryAfter, 0)/time.Second)))
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": reason})
	return status
}

// token answers an OAuth2 JWT-bearer grant with a fixed access token.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"access_token":"fcmtest-access-token","token_type":"Bearer","expires_in":3600}`)
}

// writeError writes a google.rpc error body; fcmCode, when set, goes into an
// FcmError detail, which is where the SDK reads messaging error codes from.
// A negative retryAfter sends "Retry-After: 0".
func writeError(w http.ResponseWriter, status int, rpcStatus, fcmCode, msg string, retryAfter time.Duration) int {
	type detail struct {
		Type      string `json:"@type"`
		ErrorCode string `json:"errorCode"`
	}
	var body struct {
		Error struct {
			Code    int      `json:"code"`
			Message string   `json:"message"`
			Status  string   `json:"status"`
			Details []detail `json:"details,omitempty"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message, body.Error.Status = status, msg, rpcStatus
	if fcmCode != "" {
		body.Error.Details = []detail{{Type: "type.googleapis.com/google.firebase.fcm.v1.FcmError", ErrorCode: fcmCode}}
	}
	if retryAfter != 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(max(retryAfter, 0)/time.Second)))
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
	return status
}
