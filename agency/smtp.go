package agency

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
	mailsmtp "github.com/wneessen/go-mail/smtp"
)

// DefaultSMTPTimeout bounds one SMTPSender.Send when the URL sets no timeout:
// connecting, TLS, login and the whole transaction together.
const DefaultSMTPTimeout = 30 * time.Second

// smtpURLExample is quoted by every URL error, so that the fix is in sight.
const smtpURLExample = "smtp://user:password@host:587?from=noreply@example.org"

// The values of the starttls parameter of an smtp:// URL.
const (
	starttlsAuto     = "auto"
	starttlsRequired = "required"
	starttlsOff      = "off"
)

// SMTPSender sends email through an SMTP server: a relay or a provider's
// submission endpoint. It keeps no connection between messages (each Send
// dials, sends one message and quits), so it holds no state that could go
// stale and is safe for concurrent use.
//
// It is configured by a URL:
//
//	smtp://[user:password@]host[:port]?from=ADDRESS[&starttls=auto|required|off][&timeout=30s]
//	smtps://[user:password@]host[:port]?from=ADDRESS[&timeout=30s]
//
// In it:
//
//   - smtp:// connects in clear (port 587 by default) and upgrades with
//     STARTTLS whenever the server offers it; a failed upgrade (for example
//     an untrusted certificate) fails the send, never falls back to clear.
//     starttls=required also refuses a server that does not offer it, which
//     defeats an attacker stripping the offer; starttls=off never upgrades,
//     for a local relay whose STARTTLS has a self-signed certificate (with
//     a user, only if the host is localhost, 127.0.0.1 or ::1).
//   - smtps:// speaks TLS from the first byte (port 465 by default).
//   - user and password, percent-encoded, log in with AUTH PLAIN (or LOGIN
//     if the server offers only that); without them no login is tried. The
//     password is sent only over TLS or to localhost (otherwise Send fails).
//   - from is required: the sender address, optionally with a name
//     ("Госуслуги <noreply@uslugi.example>", percent-encoded).
//   - timeout (a Go duration, DefaultSMTPTimeout if absent) bounds each Send.
//
// Send maps failures like the simulators do: ErrInvalidRequest when retrying
// cannot help (a malformed address, a recipient the server permanently
// rejects with 5xx), ErrUnavailable otherwise (no connection, a timeout, a
// 4xx answer, or a 5xx on login, sender or content, which are problems of
// this side's configuration that a fix followed by a retry solves).
type SMTPSender struct {
	host        string
	port        int
	implicitTLS bool
	starttls    string
	user        string
	password    string
	from        *netmail.Address
	idDomain    string // the right part of the Message-IDs
	timeout     time.Duration
	rootCAs     *x509.CertPool
}

var _ Email = (*SMTPSender)(nil)

// SMTPOption adjusts an SMTPSender beyond what its URL can say.
type SMTPOption func(*SMTPSender)

// WithSMTPRootCAs makes the sender trust the server's certificate only if
// one of pool's authorities signed it, instead of the system's authorities:
// for a relay with a certificate from a private CA, and for tests. There is
// deliberately no option to skip verification.
func WithSMTPRootCAs(pool *x509.CertPool) SMTPOption {
	return func(s *SMTPSender) { s.rootCAs = pool }
}

// NewSMTPSender returns a sender configured by rawURL (see SMTPSender for
// its format). It only checks the URL: a server that is down is reported by
// Send, so that the portal starts without its mail server.
func NewSMTPSender(rawURL string, opts ...SMTPOption) (*SMTPSender, error) {
	s, err := parseSMTPURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("email: smtp url: %w (expected like %s)", err, smtpURLExample)
	}
	for _, opt := range opts {
		opt(s)
	}
	return s, nil
}

// parseSMTPURL never quotes the whole URL in an error: it holds a password.
func parseSMTPURL(rawURL string) (*SMTPSender, error) {
	if strings.TrimSpace(rawURL) == "" {
		return nil, errors.New("empty")
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue.Error() would repeat the URL, password included
		}
		return nil, fmt.Errorf("cannot parse it: %v", err)
	}
	s := &SMTPSender{timeout: DefaultSMTPTimeout}
	switch u.Scheme {
	case "smtp":
		s.port, s.starttls = mail.DefaultPortTLS, starttlsAuto
	case "smtps":
		s.port, s.implicitTLS = mail.DefaultPortSSL, true
	case "":
		return nil, errors.New("no scheme: start it with smtp:// (STARTTLS) or smtps:// (implicit TLS)")
	default:
		return nil, fmt.Errorf("unknown scheme %q: use smtp:// (STARTTLS) or smtps:// (implicit TLS)", u.Scheme)
	}
	if s.host = u.Hostname(); u.Opaque != "" || s.host == "" {
		return nil, fmt.Errorf("no host: write %s://host:port", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port < 1 || s.port > 65535 {
			return nil, fmt.Errorf("port %q is not a number from 1 to 65535", p)
		}
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("unexpected path %q: the URL names a server, put nothing after the port but ?from=...", u.Path)
	}
	if u.Fragment != "" {
		return nil, errors.New("unexpected #fragment: remove it (a # in the password must be written %23)")
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
		if s.user == "" || s.password == "" {
			return nil, errors.New("credentials need both a user and a password (user:password@host); percent-encode : @ / ? # in them")
		}
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("cannot parse the parameters after ?: %v", err)
	}
	for name := range q {
		switch name {
		case "from", "timeout":
		case "starttls":
			if s.implicitTLS {
				return nil, errors.New("starttls applies to smtp:// only: smtps:// is TLS from the start")
			}
		default:
			return nil, fmt.Errorf("unknown parameter %q: the parameters are from, starttls and timeout", name)
		}
	}
	from := q.Get("from")
	if from == "" {
		return nil, errors.New("no sender: add ?from=noreply@your.domain")
	}
	if s.from, err = netmail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("from %q is not an email address (percent-encode it if it has a name: %%20 for a space, %%3C and %%3E for < and >)", from)
	}
	_, s.idDomain, _ = strings.Cut(s.from.Address, "@")
	if v := q.Get("starttls"); v != "" {
		switch v = strings.ToLower(v); v {
		case starttlsAuto, starttlsRequired, starttlsOff:
			s.starttls = v
		default:
			return nil, fmt.Errorf("starttls=%q: use auto (the default), required or off", v)
		}
	}
	if s.starttls == starttlsOff && s.user != "" && !isLocalhost(s.host) {
		return nil, errors.New("starttls=off with a user would send the password in clear: use smtps://, or drop starttls=off")
	}
	if v := q.Get("timeout"); v != "" {
		if s.timeout, err = time.ParseDuration(v); err != nil || s.timeout <= 0 {
			return nil, fmt.Errorf("timeout=%q is not a positive duration such as 30s or 1m", v)
		}
	}
	return s, nil
}

// isLocalhost is go-mail's rule for where a password may go without TLS.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// Send sends one UTF-8 plain text message to the address to and returns the
// value of its Message-ID header, angle brackets included, as bounces and
// replies quote it. The address must be a bare local@domain
// (ErrInvalidRequest otherwise, before any connection).
//
// A timeout or a cancellation after the message's final dot may lose the
// server's answer to a message it accepted; the retry then sends it twice,
// which callers accept (see ErrUnavailable).
func (s *SMTPSender) Send(ctx context.Context, to, subject, text string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	rcpt, err := smtpRecipient(to)
	if err != nil {
		return "", err
	}
	if text == "" {
		return "", fmt.Errorf("email: smtp: %w: empty text", ErrInvalidRequest)
	}
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent()) // UTF-8, quoted-printable
	msg.FromMailAddress(s.from)
	if err := msg.To(rcpt); err != nil {
		return "", fmt.Errorf("email: smtp: %w: %v", ErrInvalidRequest, err)
	}
	msg.Subject(subject)
	msg.SetMessageIDWithValue(rand.Text() + "@" + s.idDomain)
	msg.SetDate()
	msg.SetBodyString(mail.TypeTextPlain, text)
	id := msg.GetMessageID()

	sendCtx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel() // also closes the connection (see dial)
	client, err := mail.NewClient(s.host, s.clientOptions(sendCtx)...)
	if err != nil {
		return "", fmt.Errorf("email: smtp: unable to set up the client: %w", err)
	}
	c, err := client.DialToSMTPClientWithContext(sendCtx)
	if err != nil {
		return "", s.failure(ctx, sendCtx, "unable to connect to "+s.addr(), false, err)
	}
	if err := c.Mail("<" + s.from.Address + ">"); err != nil {
		return "", s.failure(ctx, sendCtx, "the server refused the sender", false, err)
	}
	if err := c.Rcpt("<" + rcpt + ">"); err != nil {
		return "", s.failure(ctx, sendCtx, "the server refused the recipient", true, err)
	}
	w, err := c.Data()
	if err != nil {
		return "", s.failure(ctx, sendCtx, "the server refused the message", false, err)
	}
	if _, err := msg.WriteTo(w); err != nil {
		return "", s.failure(ctx, sendCtx, "unable to transmit the message", false, err)
	}
	if err := w.Close(); err != nil {
		return "", s.failure(ctx, sendCtx, "the server did not accept the message", false, err)
	}
	// The message is accepted: a failed goodbye changes nothing.
	_ = c.Quit()
	return id, nil
}

func (s *SMTPSender) addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

func (s *SMTPSender) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.host, RootCAs: s.rootCAs, MinVersion: tls.VersionTLS12}
}

// clientOptions configure go-mail's client for one Send; the client is made
// per Send because its dialer captures that Send's context.
func (s *SMTPSender) clientOptions(sendCtx context.Context) []mail.Option {
	opts := []mail.Option{
		mail.WithPort(s.port),
		mail.WithTimeout(s.timeout),
		mail.WithTLSConfig(s.tlsConfig()),
		mail.WithDialContextFunc(s.dial(sendCtx)),
	}
	if s.implicitTLS {
		opts = append(opts, mail.WithSSL()) // dial does the handshake; this skips STARTTLS
	} else {
		policy := map[string]mail.TLSPolicy{
			starttlsAuto:     mail.TLSOpportunistic,
			starttlsRequired: mail.TLSMandatory,
			starttlsOff:      mail.NoTLS,
		}[s.starttls]
		opts = append(opts, mail.WithTLSPolicy(policy))
	}
	if s.user != "" {
		// PLAIN and LOGIN refuse to send the password without TLS, except
		// to localhost.
		opts = append(opts, mail.WithOpportunisticSMTPAuth(mail.SMTPAuthPlain, mail.SMTPAuthLogin),
			mail.WithUsername(s.user), mail.WithPassword(s.password))
	}
	return opts
}

// dial connects, and for smtps:// does the TLS handshake (go-mail does it
// only with its own dialer). Go-mail bounds each step by its timeout but not
// by the caller's context: closing the connection when sendCtx ends is what
// interrupts a command the server is sitting on.
func (s *SMTPSender) dial(sendCtx context.Context) mail.DialContextFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		context.AfterFunc(sendCtx, func() { _ = conn.Close() })
		if !s.implicitTLS {
			return conn, nil
		}
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return nil, err
		}
		return tc, nil
	}
}

// failure maps an error of the SMTP exchange to the gateway's errors. Only a
// permanent (5xx) refusal of the recipient is ErrInvalidRequest.
func (s *SMTPSender) failure(ctx, sendCtx context.Context, what string, recipient bool, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("email: smtp: %s: %w", what, ctxErr)
	}
	if errors.Is(sendCtx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("email: smtp: %s: %w: no answer within %v", what, ErrUnavailable, s.timeout)
	}
	var reply *textproto.Error
	isReply := errors.As(err, &reply)
	if isReply && recipient && reply.Code >= 500 && reply.Code < 600 {
		return fmt.Errorf("email: smtp: %s: %w: %d %s", what, ErrInvalidRequest, reply.Code, reply.Msg)
	}
	hint := ""
	switch {
	case isReply && reply.Code == 535:
		hint = " (check the user and password in the URL)"
	case errors.Is(err, mailsmtp.ErrUnencrypted):
		hint = " (the server offers no TLS: use smtps:// or a server with STARTTLS)"
	}
	return fmt.Errorf("email: smtp: %s: %w: %w%s", what, ErrUnavailable, err, hint)
}

// smtpRecipient accepts a bare address only: a display name or angle
// brackets in to mean the caller passed something other than an address.
func smtpRecipient(to string) (string, error) {
	to = strings.TrimSpace(to)
	a, err := netmail.ParseAddress(to)
	if err != nil || a.Name != "" || a.Address != to || !strings.Contains(to, "@") {
		return "", fmt.Errorf("email: smtp: %w: %q is not an email address", ErrInvalidRequest, to)
	}
	return to, nil
}
