package fcm

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	firebase "firebase.google.com/go/v4"
	"firebase.google.com/go/v4/errorutils"
	"firebase.google.com/go/v4/messaging"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/option"
	htransport "google.golang.org/api/transport/http"
)

// BatchSize is the most messages one SendEach call takes (the SDK's limit).
const BatchSize = 500

// DefaultRetryAfter is the wait suggested for a transient failure whose answer
// has no Retry-After header.
const DefaultRetryAfter = 30 * time.Second

// scopes are the OAuth2 scopes FCM sends need.
var scopes = []string{
	"https://www.googleapis.com/auth/cloud-platform",
	"https://www.googleapis.com/auth/firebase.messaging",
}

// Config configures a FirebaseSender. Credentials are taken from the first of
// TokenSource, CredentialsJSON and CredentialsFile that is set, else from the
// environment (Application Default Credentials).
type Config struct {
	CredentialsJSON []byte // service-account key JSON
	CredentialsFile string // path to a service-account key JSON
	TokenSource     oauth2.TokenSource
	ProjectID       string // Firebase project; may come from the credentials
	// Endpoint overrides the FCM v1 base URL (FCM_ENDPOINT), e.g.
	// "https://fcm.googleapis.com/v1"; the SDK appends
	// /projects/{project}/messages:send.
	Endpoint string
	// IIDEndpoint overrides the scheme and host (and an optional path
	// prefix) of the Instance ID API that topic subscriptions go to, e.g.
	// "http://127.0.0.1:1234" for a local fake. The SDK has
	// "https://iid.googleapis.com" built in, so requests to that host are
	// rewritten on the HTTP client. Empty in production.
	IIDEndpoint string
	// HTTPClient, when set, carries the requests; the credentials are added on
	// top of its transport.
	HTTPClient *http.Client
}

// FirebaseSender sends through the firebase Admin SDK. It is safe for
// concurrent use.
type FirebaseSender struct {
	client *messaging.Client
	// sendEach is client.SendEach; tests wrap it to observe batching.
	sendEach func(context.Context, []*messaging.Message) (*messaging.BatchResponse, error)
}

var _ Sender = (*FirebaseSender)(nil)

// NewFirebaseSender builds a firebase app and its messaging client.
func NewFirebaseSender(ctx context.Context, cfg Config) (*FirebaseSender, error) {
	opts, err := clientOptions(ctx, cfg)
	if err != nil {
		return nil, err
	}
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: cfg.ProjectID}, opts...)
	if err != nil {
		return nil, fmt.Errorf("fcm: unable to create firebase app: %w", err)
	}
	client, err := app.Messaging(ctx)
	if err != nil {
		return nil, fmt.Errorf("fcm: unable to create messaging client: %w", err)
	}
	return &FirebaseSender{client: client, sendEach: client.SendEach}, nil
}

// clientOptions turns cfg into SDK options. Without an HTTPClient or an
// IIDEndpoint the SDK builds its own authorised client from the credential
// options. Otherwise the client is built here: cfg.HTTPClient with the
// credentials added to its transport, or, for an IIDEndpoint alone, the
// client the SDK would have built (same credentials, Application Default
// Credentials included); an IIDEndpoint then adds the rewrite on top.
func clientOptions(ctx context.Context, cfg Config) ([]option.ClientOption, error) {
	var opts []option.ClientOption
	if cfg.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimRight(cfg.Endpoint, "/")))
	}
	var creds []option.ClientOption
	switch {
	case cfg.TokenSource != nil:
		creds = append(creds, option.WithTokenSource(cfg.TokenSource))
	case len(cfg.CredentialsJSON) > 0:
		creds = append(creds, option.WithCredentialsJSON(cfg.CredentialsJSON))
	case cfg.CredentialsFile != "":
		creds = append(creds, option.WithCredentialsFile(cfg.CredentialsFile))
	}
	var iid *url.URL
	if cfg.IIDEndpoint != "" {
		u, err := url.Parse(strings.TrimRight(cfg.IIDEndpoint, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("fcm: invalid IID endpoint %q: want scheme://host[/path]", cfg.IIDEndpoint)
		}
		iid = u
	}
	if cfg.HTTPClient == nil && iid == nil {
		return append(opts, creds...), nil
	}

	var hc *http.Client
	if cfg.HTTPClient == nil {
		c, _, err := htransport.NewClient(ctx, append([]option.ClientOption{option.WithScopes(scopes...)}, creds...)...)
		if err != nil {
			return nil, fmt.Errorf("fcm: unable to create HTTP client: %w", err)
		}
		hc = c
	} else {
		c, err := withCredentials(ctx, cfg)
		if err != nil {
			return nil, err
		}
		hc = c
	}
	if iid != nil {
		c := *hc
		c.Transport = &iidRewrite{target: iid, base: hc.Transport}
		hc = &c
	}
	// The SDK uses an explicit HTTP client as it is; the credential options
	// stay only so that it can read the project ID from them.
	opts = append(opts, creds...)
	return append(opts, option.WithHTTPClient(hc)), nil
}

// withCredentials returns a copy of cfg.HTTPClient whose transport adds the
// credentials; the SDK uses an explicit HTTP client as it is.
func withCredentials(ctx context.Context, cfg Config) (*http.Client, error) {
	ts := cfg.TokenSource
	if ts == nil {
		js := cfg.CredentialsJSON
		if len(js) == 0 && cfg.CredentialsFile != "" {
			var err error
			if js, err = os.ReadFile(cfg.CredentialsFile); err != nil {
				return nil, fmt.Errorf("fcm: unable to read credentials: %w", err)
			}
		}
		if len(js) > 0 {
			creds, err := google.CredentialsFromJSONWithType(ctx, js, google.ServiceAccount, scopes...)
			if err != nil {
				return nil, fmt.Errorf("fcm: unable to parse credentials: %w", err)
			}
			ts = creds.TokenSource
		}
	}
	hc := cfg.HTTPClient
	if ts != nil {
		c := *hc
		c.Transport = &oauth2.Transport{Source: ts, Base: hc.Transport}
		hc = &c
	}
	return hc, nil
}

// SendToTokens sends p to each token, one message per token, in SendEach
// calls of at most BatchSize. Empty tokens are reported Remove without being
// sent. If a call fails it returns the results of the tokens before that
// call's first token, and the error.
func (s *FirebaseSender) SendToTokens(ctx context.Context, tokens []string, p Push) ([]Result, error) {
	if err := validatePush(p); err != nil {
		return nil, err
	}
	results := make([]Result, len(tokens))
	idx := make([]int, 0, min(len(tokens), BatchSize)) // results index of each message in the batch
	batch := make([]*messaging.Message, 0, min(len(tokens), BatchSize))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("fcm: send cancelled: %w", err)
		}
		br, err := s.sendEach(ctx, batch)
		if err != nil {
			return fmt.Errorf("fcm: unable to send batch of %d: %w", len(batch), err)
		}
		for i, r := range br.Responses {
			results[idx[i]] = classify(results[idx[i]].Token, r)
		}
		batch, idx = batch[:0], idx[:0]
		return nil
	}
	for i, t := range tokens {
		results[i].Token = t
		if strings.TrimSpace(t) == "" {
			results[i].Remove, results[i].Err = true, "empty token"
			continue
		}
		m := message(p)
		m.Token = t
		batch, idx = append(batch, m), append(idx, i)
		if len(batch) == BatchSize {
			if err := flush(); err != nil {
				return results[:idx[0]], err
			}
		}
	}
	if err := flush(); err != nil {
		return results[:idx[0]], err
	}
	return results, nil
}

// SendToTopic sends p to a topic in one request. A failed send is a
// *SendError; its Err is the SDK's error for messaging.IsQuotaExceeded and the
// like, which do not look through wrapping.
func (s *FirebaseSender) SendToTopic(ctx context.Context, topic string, p Push) error {
	if err := validateTopic(topic); err != nil {
		return err
	}
	if err := validatePush(p); err != nil {
		return err
	}
	m := message(p)
	m.Topic = topic
	if _, err := s.client.Send(ctx, m); err != nil {
		r := classify(topic, &messaging.SendResponse{Error: err})
		return &SendError{Target: topic, Retry: r.Retry, RetryAfter: r.RetryAfter, Err: err}
	}
	return nil
}

// SendError is a failed send to a topic.
type SendError struct {
	Target     string
	Retry      bool // transient: send again after RetryAfter
	RetryAfter time.Duration
	Err        error // the SDK's error
}

func (e *SendError) Error() string {
	return fmt.Sprintf("fcm: unable to send to %q: %v", e.Target, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// message builds the platform-specific message for p, without a target.
func message(p Push) *messaging.Message {
	data := make(map[string]string, len(p.Data)+3)
	maps.Copy(data, p.Data)
	if p.ID != "" {
		data["id"] = p.ID
	}
	if p.Link != "" {
		data["link"] = p.Link
	}
	if p.Locale != "" {
		data["locale"] = p.Locale
	}

	android := &messaging.AndroidConfig{CollapseKey: p.ID, Priority: "normal"}
	apnsPriority, urgency := "5", "normal"
	if p.Urgent {
		android.Priority, apnsPriority, urgency = "high", "10", "high"
	}
	if p.TTL > 0 {
		ttl := p.TTL
		android.TTL = &ttl
	}

	apnsHeaders := map[string]string{"apns-priority": apnsPriority}
	if p.ID != "" {
		apnsHeaders["apns-collapse-id"] = p.ID
	}
	aps := &messaging.Aps{Sound: "default"}
	if p.Badge > 0 {
		badge := p.Badge
		aps.Badge = &badge
	}

	webHeaders := map[string]string{"Urgency": urgency}
	if p.TTL > 0 {
		webHeaders["TTL"] = strconv.FormatInt(int64(p.TTL/time.Second), 10)
	}
	webpush := &messaging.WebpushConfig{Headers: webHeaders}
	if strings.HasPrefix(p.Link, "https://") { // the SDK accepts only https links here
		webpush.FCMOptions = &messaging.WebpushFCMOptions{Link: p.Link}
	}

	return &messaging.Message{
		Notification: &messaging.Notification{Title: p.Title, Body: p.Body},
		Data:         data,
		Android:      android,
		APNS:         &messaging.APNSConfig{Headers: apnsHeaders, Payload: &messaging.APNSPayload{Aps: aps}},
		Webpush:      webpush,
	}
}

// classify turns one SendEach response into a Result.
func classify(token string, r *messaging.SendResponse) Result {
	res := Result{Token: token}
	if r == nil {
		res.Retry, res.RetryAfter, res.Err = true, DefaultRetryAfter, "no response"
		return res
	}
	if r.Success {
		res.OK = true
		return res
	}
	err := r.Error
	if err == nil {
		err = errors.New("unknown failure")
	}
	res.Err = err.Error()
	switch {
	case messaging.IsUnregistered(err), messaging.IsInvalidArgument(err):
		res.Remove = true
	case messaging.IsQuotaExceeded(err), messaging.IsUnavailable(err), messaging.IsInternal(err),
		errorutils.IsResourceExhausted(err), errorutils.IsUnavailable(err),
		errorutils.IsInternal(err), errorutils.IsDeadlineExceeded(err):
		res.Retry, res.RetryAfter = true, retryAfter(err)
	}
	return res
}

// retryAfter reads the Retry-After header of the answer behind err, in
// seconds or as an HTTP date, else DefaultRetryAfter.
func retryAfter(err error) time.Duration {
	resp := errorutils.HTTPResponse(err)
	if resp == nil {
		return DefaultRetryAfter
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return DefaultRetryAfter
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return DefaultRetryAfter
}
