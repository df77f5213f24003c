package agency_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/uslugi/uslugi/agency"
)

// fromParam is a sender with a Russian name, as the from parameter wants it.
var fromParam = "from=" + url.QueryEscape("Госуслуги <noreply@uslugi.example>")

func TestSMTPSenderDelivers(t *testing.T) {
	ctx := context.Background()
	const (
		to      = "ivanov@mail.example"
		subject = "Код подтверждения для входа на портал государственных услуг"
	)
	// A dot alone on a line, an = and a long line test the encodings.
	text := "Здравствуйте!\n\nВаш код: 123456\n.\nСсылка: https://uslugi.example/confirm?a=1&b=2\n" +
		strings.Repeat("Очень длинная строка без переносов. ", 10)

	t.Run("a message arrives with its sender, recipient, subject and body", func(t *testing.T) {
		srv := startSMTPServer(t, &smtpBackend{}, tlsNone)
		s := newSMTPSender(t, "smtp://"+srv.addr+"?"+fromParam)
		id, err := s.Send(ctx, to, subject, text)
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@uslugi.example>") {
			t.Errorf("id = %q, want <...@uslugi.example>", id)
		}
		want := receivedMail{
			EnvelopeFrom: "noreply@uslugi.example", EnvelopeTo: []string{to},
			From: "Госуслуги <noreply@uslugi.example>", To: to, Subject: subject, MessageID: id,
			ContentType: "text/plain; charset=UTF-8", Text: text,
		}
		if diff := cmp.Diff([]receivedMail{want}, srv.received(t), cmpopts.IgnoreFields(receivedMail{}, "Header")); diff != "" {
			t.Errorf("received (-want, +got):\n%s", diff)
		}
	})

	t.Run("a line break in the subject cannot add a header", func(t *testing.T) {
		srv := startSMTPServer(t, &smtpBackend{}, tlsNone)
		s := newSMTPSender(t, "smtp://"+srv.addr+"?"+fromParam)
		if _, err := s.Send(ctx, to, "Код\r\nBcc: spy@mail.example", text); err != nil {
			t.Fatalf("send: %v", err)
		}
		got := srv.received(t)
		if len(got) != 1 || got[0].Header.Get("Bcc") != "" || len(got[0].EnvelopeTo) != 1 {
			t.Fatalf("received %+v, want one message to one recipient and no Bcc", got)
		}
	})

	t.Run("credentials in the URL log in with AUTH PLAIN", func(t *testing.T) {
		srv := startSMTPServer(t, &smtpBackend{user: "portal", password: "p@ss:w/rd#1"}, tlsNone)
		s := newSMTPSender(t, "smtp://portal:"+url.QueryEscape("p@ss:w/rd#1")+"@"+srv.addr+"?"+fromParam)
		if _, err := s.Send(ctx, to, subject, text); err != nil {
			t.Fatalf("send: %v", err)
		}
		got := srv.received(t)
		if len(got) != 1 || got[0].AuthUser != "portal" {
			t.Fatalf("received %+v, want one message sent as portal", got)
		}
	})

	t.Run("STARTTLS is used when the server offers it", func(t *testing.T) {
		cert, pool := selfSignedCert(t)
		srv := startSMTPServer(t, &smtpBackend{user: "portal", password: "secret", cert: cert}, tlsStartTLS)
		s := newSMTPSender(t, "smtp://portal:secret@"+srv.addr+"?"+fromParam, agency.WithSMTPRootCAs(pool))
		if _, err := s.Send(ctx, to, subject, text); err != nil {
			t.Fatalf("send: %v", err)
		}
		got := srv.received(t)
		if len(got) != 1 || !got[0].TLS || got[0].AuthUser != "portal" {
			t.Fatalf("received %+v, want one message over TLS as portal", got)
		}
	})

	t.Run("smtps speaks TLS from the start", func(t *testing.T) {
		cert, pool := selfSignedCert(t)
		srv := startSMTPServer(t, &smtpBackend{user: "portal", password: "secret", cert: cert}, tlsImplicit)
		s := newSMTPSender(t, "smtps://portal:secret@"+srv.addr+"?"+fromParam, agency.WithSMTPRootCAs(pool))
		if _, err := s.Send(ctx, to, subject, text); err != nil {
			t.Fatalf("send: %v", err)
		}
		got := srv.received(t)
		if len(got) != 1 || !got[0].TLS || got[0].AuthUser != "portal" {
			t.Fatalf("received %+v, want one message over TLS as portal", got)
		}
	})

	t.Run("starttls=off sends in clear to a relay offering STARTTLS", func(t *testing.T) {
		cert, _ := selfSignedCert(t)
		srv := startSMTPServer(t, &smtpBackend{cert: cert}, tlsStartTLS)
		s := newSMTPSender(t, "smtp://"+srv.addr+"?starttls=off&"+fromParam)
		if _, err := s.Send(ctx, to, subject, text); err != nil {
			t.Fatalf("send: %v", err)
		}
		if got := srv.received(t); len(got) != 1 || got[0].TLS {
			t.Fatalf("received %+v, want one message in clear", got)
		}
	})

	t.Run("concurrent sends all arrive with distinct ids", func(t *testing.T) {
		srv := startSMTPServer(t, &smtpBackend{}, tlsNone)
		s := newSMTPSender(t, "smtp://"+srv.addr+"?"+fromParam)
		const n = 8
		ids := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { ids[i], errs[i] = s.Send(ctx, fmt.Sprintf("user%d@mail.example", i), subject, text) })
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("send %d: %v", i, errs[i])
			}
			seen[ids[i]] = true
		}
		if len(seen) != n || len(srv.received(t)) != n {
			t.Fatalf("%d distinct ids and %d messages, want %d of each", len(seen), len(srv.received(t)), n)
		}
	})
}

func TestSMTPSenderFailures(t *testing.T) {
	ctx := context.Background()
	reply := func(code int, msg string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: msg}
	}
	cert, pool := selfSignedCert(t)
	tests := []struct {
		name    string
		backend *smtpBackend
		mode    tlsMode
		url     string // ADDR is the server's address
		opts    []agency.SMTPOption
		want    error
		says    string // part of the error text
	}{
		{name: "a wrong password is an error", backend: &smtpBackend{user: "portal", password: "secret"},
			url: "smtp://portal:wrong@ADDR?" + fromParam, want: agency.ErrUnavailable, says: "535"},
		{name: "no credentials for a server that wants them", backend: &smtpBackend{user: "portal", password: "secret"},
			url: "smtp://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "refused the sender"},
		{name: "451 for the recipient is unavailable", backend: &smtpBackend{rcptErr: reply(451, "Try again later")},
			url: "smtp://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "451"},
		{name: "451 after the data is unavailable", backend: &smtpBackend{dataErr: reply(451, "Local error")},
			url: "smtp://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "451"},
		{name: "550 for the recipient is an invalid request", backend: &smtpBackend{rcptErr: reply(550, "No such user")},
			url: "smtp://ADDR?" + fromParam, want: agency.ErrInvalidRequest, says: "550 5.0.0 No such user"},
		{name: "550 for the sender is unavailable: a configuration to fix, then retry",
			backend: &smtpBackend{mailErr: reply(550, "Sender not allowed")},
			url:     "smtp://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "550"},
		{name: "554 for the content is unavailable", backend: &smtpBackend{dataErr: reply(554, "Rejected by policy")},
			url: "smtp://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "554"},
		{name: "an untrusted certificate fails instead of falling back to clear",
			backend: &smtpBackend{cert: cert}, mode: tlsStartTLS,
			url: "smtp://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "certificate"},
		{name: "an untrusted certificate fails smtps", backend: &smtpBackend{cert: cert}, mode: tlsImplicit,
			url: "smtps://ADDR?" + fromParam, want: agency.ErrUnavailable, says: "certificate"},
		{name: "starttls=required refuses a server without STARTTLS", backend: &smtpBackend{},
			url: "smtp://ADDR?starttls=required&" + fromParam, opts: []agency.SMTPOption{agency.WithSMTPRootCAs(pool)},
			want: agency.ErrUnavailable, says: "STARTTLS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTPServer(t, tc.backend, tc.mode)
			s := newSMTPSender(t, strings.Replace(tc.url, "ADDR", srv.addr, 1), tc.opts...)
			_, err := s.Send(ctx, "ivanov@mail.example", "Тема", "Текст")
			checkSMTPError(t, err, tc.want, tc.says)
			if got := srv.received(t); len(got) != 0 {
				t.Errorf("received %+v, want nothing", got)
			}
		})
	}

	t.Run("the password is not sent in clear to a server without TLS", func(t *testing.T) {
		// 127.0.0.2 is loopback but not "localhost" to the client's rule.
		b := &smtpBackend{user: "portal", password: "secret", listen: "127.0.0.2:0"}
		srv := startSMTPServer(t, b, tlsNone)
		s := newSMTPSender(t, "smtp://portal:secret@"+srv.addr+"?"+fromParam)
		_, err := s.Send(ctx, "ivanov@mail.example", "Тема", "Текст")
		checkSMTPError(t, err, agency.ErrUnavailable, "offers no TLS")
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.authTries != 0 || len(b.got) != 0 {
			t.Errorf("%d AUTH commands and %d messages, want none", b.authTries, len(b.got))
		}
	})

	t.Run("nothing listening is unavailable", func(t *testing.T) {
		s := newSMTPSender(t, "smtp://"+closedAddr(t)+"?"+fromParam)
		_, err := s.Send(ctx, "ivanov@mail.example", "Тема", "Текст")
		checkSMTPError(t, err, agency.ErrUnavailable, "unable to connect")
	})

	t.Run("an invalid address is refused before connecting", func(t *testing.T) {
		// Nothing listens: a connection attempt would be ErrUnavailable.
		s := newSMTPSender(t, "smtp://"+closedAddr(t)+"?"+fromParam)
		for _, to := range []string{"", "ivanov", "ivanov@", "@mail.example", "a@b@mail.example",
			"Иванов <ivanov@mail.example>", "<ivanov@mail.example>", "ivanov@mail.example\r\nBcc: x@mail.example"} {
			_, err := s.Send(ctx, to, "Тема", "Текст")
			if !errors.Is(err, agency.ErrInvalidRequest) {
				t.Errorf("Send to %q: %v, want ErrInvalidRequest", to, err)
			}
		}
		if _, err := s.Send(ctx, "ivanov@mail.example", "Тема", ""); !errors.Is(err, agency.ErrInvalidRequest) {
			t.Errorf("Send of an empty text: %v, want ErrInvalidRequest", err)
		}
	})

	t.Run("a server that does not answer times out as unavailable", func(t *testing.T) {
		s := newSMTPSender(t, "smtp://"+silentServer(t)+"?timeout=200ms&"+fromParam)
		start := time.Now()
		_, err := s.Send(ctx, "ivanov@mail.example", "Тема", "Текст")
		checkSMTPError(t, err, agency.ErrUnavailable, "")
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v with a 200ms timeout", d)
		}
	})

	t.Run("cancelling the context interrupts the send", func(t *testing.T) {
		s := newSMTPSender(t, "smtp://"+silentServer(t)+"?"+fromParam)
		ctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := s.Send(ctx, "ivanov@mail.example", "Тема", "Текст")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v after a cancellation at 100ms", d)
		}
	})

	t.Run("a cancelled context sends nothing", func(t *testing.T) {
		srv := startSMTPServer(t, &smtpBackend{}, tlsNone)
		s := newSMTPSender(t, "smtp://"+srv.addr+"?"+fromParam)
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Send(ctx, "ivanov@mail.example", "Тема", "Текст"); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if got := srv.received(t); len(got) != 0 {
			t.Errorf("received %+v, want nothing", got)
		}
	})
}

func TestNewSMTPSender(t *testing.T) {
	valid := []string{
		"smtp://mail.example?from=noreply@uslugi.example",
		"smtp://user:password@mail.example:587?from=noreply@uslugi.example&starttls=required&timeout=1m",
		"SMTPS://user:password@mail.example?from=noreply@uslugi.example",
		"smtp://127.0.0.1:1025?from=noreply@uslugi.example&starttls=off",
		"smtp://user:password@localhost:1025?from=noreply@uslugi.example&starttls=off",
		"smtp://mail.example?" + fromParam,
	}
	for _, u := range valid {
		if _, err := agency.NewSMTPSender(u); err != nil {
			t.Errorf("NewSMTPSender(%q): %v", u, err)
		}
	}

	tests := []struct {
		name, url, says string
	}{
		{"empty", "", "empty"},
		{"unknown scheme", "http://mail.example?from=noreply@uslugi.example", `unknown scheme "http"`},
		{"no scheme", "mail.example:587?from=noreply@uslugi.example", "smtp://"},
		{"no from", "smtp://mail.example:587", "add ?from="},
		{"from not an address", "smtp://mail.example?from=noreply", `from "noreply" is not an email address`},
		{"no host", "smtp://:587?from=noreply@uslugi.example", "no host"},
		{"bad port", "smtp://mail.example:99999?from=noreply@uslugi.example", "port"},
		{"user without password", "smtp://user@mail.example?from=noreply@uslugi.example", "both a user and a password"},
		{"a path", "smtp://mail.example/mail?from=noreply@uslugi.example", "unexpected path"},
		{"unknown parameter", "smtp://mail.example?from=noreply@uslugi.example&tls=on", `unknown parameter "tls"`},
		{"starttls on smtps", "smtps://mail.example?from=noreply@uslugi.example&starttls=off", "smtp:// only"},
		{"bad starttls", "smtp://mail.example?from=noreply@uslugi.example&starttls=yes", "required or off"},
		{"bad timeout", "smtp://mail.example?from=noreply@uslugi.example&timeout=30", "timeout"},
		{"password in clear", "smtp://user:password@mail.example?from=noreply@uslugi.example&starttls=off", "in clear"},
		{"unparsable, password not repeated", "smtp://user:s3cret%zz@mail.example?from=noreply@uslugi.example", "cannot parse"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := agency.NewSMTPSender(tc.url)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.says) || !strings.Contains(msg, "smtp://user:password@host:587?from=") {
				t.Errorf("error %q, want it to say %q and show the expected form", msg, tc.says)
			}
			if strings.Contains(msg, "s3cret") || strings.Contains(msg, "password@mail") {
				t.Errorf("error %q repeats the password", msg)
			}
		})
	}
}

func newSMTPSender(t *testing.T, rawURL string, opts ...agency.SMTPOption) *agency.SMTPSender {
	t.Helper()
	s, err := agency.NewSMTPSender(rawURL, opts...)
	if err != nil {
		t.Fatalf("NewSMTPSender: %v", err)
	}
	return s
}

func checkSMTPError(t *testing.T, err, want error, says string) {
	t.Helper()
	other := agency.ErrInvalidRequest
	if want == agency.ErrInvalidRequest {
		other = agency.ErrUnavailable
	}
	t.Logf("err: %v", err)
	if !errors.Is(err, want) || errors.Is(err, other) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if !strings.Contains(err.Error(), says) {
		t.Errorf("err = %v, want it to say %q", err, says)
	}
}

// receivedMail is what the test server got, decoded.
type receivedMail struct {
	EnvelopeFrom string
	EnvelopeTo   []string
	AuthUser     string
	TLS          bool
	From, To     string
	Subject      string
	MessageID    string
	ContentType  string
	Text         string
	Header       netmail.Header // all of it, for the tests that look further
}

type tlsMode int

const (
	tlsNone     tlsMode = iota
	tlsStartTLS         // offers STARTTLS
	tlsImplicit         // TLS from the first byte
)

// smtpBackend is an in-process SMTP server's behaviour: it requires login
// when user is set, and answers MAIL, RCPT or DATA with the given errors.
type smtpBackend struct {
	user, password            string
	cert                      tls.Certificate
	mailErr, rcptErr, dataErr error
	listen                    string // "127.0.0.1:0" if empty

	mu        sync.Mutex
	got       []receivedMail
	errs      []error
	authTries int
}

type smtpTestServer struct {
	addr string
	b    *smtpBackend
}

func (s smtpTestServer) String() string { return s.addr }

// received returns the messages delivered so far, failing the test on a
// message the server could not decode.
func (s smtpTestServer) received(t *testing.T) []receivedMail {
	t.Helper()
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	for _, err := range s.b.errs {
		t.Errorf("test server: %v", err)
	}
	return append([]receivedMail(nil), s.b.got...)
}

func startSMTPServer(t *testing.T, b *smtpBackend, mode tlsMode) smtpTestServer {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // 127.0.0.1 in tests; the client's own rule is checked
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	listen := b.listen
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", listen)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", listen, err)
	}
	if mode != tlsNone {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{b.cert}}
	}
	if mode == tlsImplicit {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return smtpTestServer{addr: l.Addr().String(), b: b}
}

func (b *smtpBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{b: b, c: c}, nil
}

type smtpSession struct {
	b        *smtpBackend
	c        *smtp.Conn
	authUser string
	from     string
	to       []string
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (s *smtpSession) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	s.b.mu.Lock()
	s.b.authTries++
	s.b.mu.Unlock()
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.b.user || password != s.b.password {
			return smtp.ErrAuthFailed
		}
		s.authUser = user
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	if s.b.mailErr != nil {
		return s.b.mailErr
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		return s.b.rcptErr
	}
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.dataErr != nil {
		return s.b.dataErr
	}
	_, isTLS := s.c.TLSConnectionState()
	m, err := decodeMail(raw)
	m.EnvelopeFrom, m.EnvelopeTo, m.AuthUser, m.TLS = s.from, s.to, s.authUser, isTLS
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if err != nil {
		s.b.errs = append(s.b.errs, err)
		return err
	}
	s.b.got = append(s.b.got, m)
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }

// decodeMail reads a message the way a mail client would: RFC 2047 headers,
// quoted-printable or base64 body, line ends normalised.
func decodeMail(raw []byte) (receivedMail, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return receivedMail{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return receivedMail{}, fmt.Errorf("subject: %w", err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 {
		return receivedMail{}, fmt.Errorf("from %q: %v", msg.Header.Get("From"), err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 {
		return receivedMail{}, fmt.Errorf("to %q: %v", msg.Header.Get("To"), err)
	}
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "", "7bit", "8bit":
	default:
		return receivedMail{}, fmt.Errorf("unexpected Content-Transfer-Encoding %q", cte)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return receivedMail{}, fmt.Errorf("body: %w", err)
	}
	return receivedMail{
		From:        from[0].Name + " <" + from[0].Address + ">",
		To:          to[0].Address,
		Subject:     subject,
		MessageID:   msg.Header.Get("Message-ID"),
		ContentType: msg.Header.Get("Content-Type"),
		Header:      msg.Header,
		Text:        strings.TrimSuffix(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n"),
	}, nil
}

// selfSignedCert returns a certificate for 127.0.0.1 and a pool trusting it.
func selfSignedCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test SMTP server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// closedAddr returns an address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// silentServer accepts connections and never says a word, like a server
// stuck behind a full queue.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return l.Addr().String()
}
