package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// loopbackURL parses raw and refuses any host that is not a loopback
// address or localhost: the load goes nowhere else.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("-url must be http:// or https://, not %q", u.Scheme)
	}
	if u.User != nil {
		return nil, errors.New("-url must not carry credentials")
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("-url host %q is not loopback: load is only sent to 127.0.0.0/8, ::1 or localhost", host)
	}
	return u, nil
}

// newHTTPClient is tuned for conns concurrent connections to one host and
// refuses to dial anything but loopback (a name resolving elsewhere, or a
// redirect, cannot send the load away). Responses are not compressed, so
// the plain handler can serve exactly the bytes the server did.
func newHTTPClient(conns int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("refusing to connect to non-loopback %s", address)
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// operation is a GraphQL document as the apps send it, with its APQ hash.
type operation struct {
	name, query, hash string
}

func newOperation(name, query string) operation {
	sum := sha256.Sum256([]byte(query))
	return operation{name: name, query: query, hash: hex.EncodeToString(sum[:])}
}

// gqlClient sends GraphQL over HTTP the way the apps do: queries as GET
// with only the persisted query's hash first (automatic persisted
// queries: the web app's urql persistedExchange with
// preferGetForPersistedQueries, and the mobile apps), the full text only
// when the server does not know the hash; mutations as POST.
type gqlClient struct {
	http     *http.Client
	endpoint string
}

// outcome is what one GraphQL exchange came to.
type outcome struct {
	status int
	body   []byte
	// code is "" for a clean answer, else the first error's
	// extensions.code, HTTP_<status>, or NETWORK / TIMEOUT.
	code string
	// requests is how many HTTP requests it took (2 after an APQ miss).
	requests int
}

func (c *gqlClient) query(ctx context.Context, op operation, vars map[string]any, token string) outcome {
	v, err := json.Marshal(vars)
	if err != nil {
		return outcome{code: "CLIENT"}
	}
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + op.hash + `"}}`
	q := url.Values{"operationName": {op.name}, "variables": {string(v)}, "extensions": {ext}}
	o := c.do(ctx, http.MethodGet, c.endpoint+"?"+q.Encode(), nil, token)
	o.requests = 1
	if o.code == "PERSISTED_QUERY_NOT_FOUND" {
		q.Set("query", op.query)
		o = c.do(ctx, http.MethodGet, c.endpoint+"?"+q.Encode(), nil, token)
		o.requests = 2
	}
	return o
}

func (c *gqlClient) mutate(ctx context.Context, op operation, vars map[string]any, token string) outcome {
	body, err := json.Marshal(map[string]any{"operationName": op.name, "query": op.query, "variables": vars})
	if err != nil {
		return outcome{code: "CLIENT"}
	}
	o := c.do(ctx, http.MethodPost, c.endpoint, body, token)
	o.requests = 1
	return o
}

func (c *gqlClient) do(ctx context.Context, method, u string, body []byte, token string) outcome {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return outcome{code: "CLIENT"}
	}
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	req.Header.Set("Accept-Language", "ru")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return outcome{code: "TIMEOUT"}
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return outcome{code: "TIMEOUT"}
		}
		return outcome{code: "NETWORK"}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return outcome{status: resp.StatusCode, code: "NETWORK"}
	}
	o := outcome{status: resp.StatusCode, body: b}
	o.code = errorCode(resp.StatusCode, b)
	return o
}

// errorCode is the first error's extensions.code, or HTTP_<status> for a
// failed request without one, or "" for a clean answer.
func errorCode(status int, b []byte) string {
	if bytes.Contains(b, []byte(`"errors"`)) {
		var r struct {
			Errors []struct {
				Extensions struct {
					Code string `json:"code"`
				} `json:"extensions"`
			} `json:"errors"`
		}
		if json.Unmarshal(b, &r) == nil && len(r.Errors) > 0 {
			if c := r.Errors[0].Extensions.Code; c != "" {
				return c
			}
			return "UNCODED"
		}
	}
	if status != http.StatusOK {
		return fmt.Sprintf("HTTP_%d", status)
	}
	return ""
}
