package agency

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"
)

// Post is Russian Post's registered mail.
type Post interface {
	// SendRegisteredLetter sends a registered letter and returns its
	// tracking number. ErrUnavailable: not sent, try again later.
	SendRegisteredLetter(ctx context.Context, l Letter) (trackingNumber string, err error)
	// Track returns the letter's tracking events so far, oldest first; none
	// before the day after sending. ErrUnknownTicket: no such number.
	Track(ctx context.Context, trackingNumber string) ([]TrackingEvent, error)
}

// Letter is a registered letter.
type Letter struct {
	To      string // the addressee's name
	Address string // the postal address
	Body    string
}

// TrackingStatus is a step of a letter's way.
type TrackingStatus string

// The tracking statuses, in order. A letter ends DELIVERED or RETURNED.
const (
	TrackingAccepted  TrackingStatus = "ACCEPTED"   // accepted at the post office
	TrackingInTransit TrackingStatus = "IN_TRANSIT" // left for the destination
	TrackingArrived   TrackingStatus = "ARRIVED"    // arrived at the delivery post office
	TrackingDelivered TrackingStatus = "DELIVERED"  // handed to the addressee
	TrackingReturned  TrackingStatus = "RETURNED"   // returned to sender: no such address
)

// TrackingEvent is one step of a letter's way.
type TrackingEvent struct {
	Status    TrackingStatus
	At        time.Time
	Message   string // Russian
	MessageEn string
}

// When the simulated letter's events happen, after sending.
const (
	postInTransitAfter = 24 * time.Hour
	postArrivedAfter   = 12 * 24 * time.Hour
	// PostDeliveredAfter is when a simulated letter is delivered.
	PostDeliveredAfter = 14 * 24 * time.Hour
	// PostReturnedAfter is when a simulated letter to an address that does
	// not exist is returned to sender.
	PostReturnedAfter = 10 * 24 * time.Hour
)

// moscow is Moscow time (UTC+3 all year since 2014); the post office's day
// and month are Moscow's.
var moscow = time.FixedZone("MSK", 3*60*60)

// PostSimulator is a deterministic Russian Post; the package doc lists its
// rules. Its tracking numbers are self-describing, so any instance, in any
// process, can track a letter another sent. It records the letters in a
// Mailbox and is safe for concurrent use.
type PostSimulator struct {
	now    func() time.Time
	box    *Mailbox
	faults faults

	mu      sync.Mutex
	second  int64        // the Unix second of the last letter sent
	serials map[int]bool // the serials used in that second
}

var _ Post = (*PostSimulator)(nil)

// NewPostSimulator returns a Post simulator recording into box (nil: a
// mailbox of its own).
func NewPostSimulator(clock func() time.Time, box *Mailbox, opts SendOptions) *PostSimulator {
	if box == nil {
		box = NewMailbox(0)
	}
	return &PostSimulator{now: clockOrNow(clock), box: box, faults: newFaults(opts.FailureRate, opts.FailureWindow)}
}

// SendRegisteredLetter records the letter and returns a 14-digit tracking
// number. A letter whose address contains "несуществующ" (any case) is
// returned to sender after 10 days; any other is delivered after 14. With a
// FailureRate, a share of letters fails with ErrUnavailable and is not
// recorded.
func (p *PostSimulator) SendRegisteredLetter(ctx context.Context, l Letter) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if strings.TrimSpace(l.To) == "" || strings.TrimSpace(l.Address) == "" || l.Body == "" {
		return "", fmt.Errorf("post: send registered letter: %w: addressee, address and body are required", ErrInvalidRequest)
	}
	now := p.now()
	if p.faults.fails(now, ChannelPost, contactKey(l.Address), l.To, l.Body) {
		return "", fmt.Errorf("post: send registered letter: %w", ErrUnavailable)
	}
	returned := strings.Contains(strings.ToLower(l.Address), "несуществующ")
	h := fnv.New32a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", l.To, l.Address, l.Body)
	serial, ok := p.serial(now.Unix(), int(h.Sum32()%1000))
	if !ok {
		return "", fmt.Errorf("post: send registered letter: %w: more than 1000 letters in a second", ErrUnavailable)
	}
	number := trackingNumber(now, returned, serial)
	p.box.Record(SentMessage{ID: number, Channel: ChannelPost, To: l.Address, Subject: l.To, Text: l.Body, SentAt: now})
	return number, nil
}

// serial returns a serial unused in second, starting from want.
func (p *PostSimulator) serial(second int64, want int) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.serials == nil || second != p.second {
		p.second, p.serials = second, map[int]bool{}
	}
	for i := range 1000 {
		if s := (want + i) % 1000; !p.serials[s] {
			p.serials[s] = true
			return s, true
		}
	}
	return 0, false
}

// Track returns the events of the letter so far, oldest first. Tracking
// starts the day after sending (Moscow time): until then there are no events.
func (p *PostSimulator) Track(ctx context.Context, number string) ([]TrackingEvent, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := p.now().In(moscow)
	sent, returned, ok := parseTrackingNumber(number, now)
	if !ok {
		return nil, fmt.Errorf("post: track %q: %w", number, ErrUnknownTicket)
	}
	y, m, d := sent.Date()
	if now.Before(time.Date(y, m, d+1, 0, 0, 0, 0, moscow)) {
		return nil, nil
	}
	all := []TrackingEvent{
		{TrackingAccepted, sent, "Принято в отделении связи", "Accepted at the post office"},
		{TrackingInTransit, sent.Add(postInTransitAfter), "В пути", "In transit"},
	}
	if returned {
		all = append(all, TrackingEvent{TrackingReturned, sent.Add(PostReturnedAfter),
			"Возврат отправителю: адрес не существует", "Returned to sender: the address does not exist"})
	} else {
		all = append(all,
			TrackingEvent{TrackingArrived, sent.Add(postArrivedAfter), "Прибыло в место вручения", "Arrived at the delivery post office"},
			TrackingEvent{TrackingDelivered, sent.Add(PostDeliveredAfter), "Вручение адресату", "Delivered to the addressee"})
	}
	var out []TrackingEvent
	for _, e := range all {
		if !e.At.After(now) {
			out = append(out, e)
		}
	}
	return out, nil
}

// A tracking number has 14 digits, like a Russian Post domestic number
// (6 digits of the sending office's index, 2 of the month, 5 of the letter's
// number in that month, a check digit), and packs in the same places what
// the simulator needs to track the letter in any process:
//
//	F SSS HH MM LLLLL C
//
// F is the letter's fate (1 delivered, 2 returned), SSS a serial unique per
// process within a second, HH and LLLLL the sending second within the month
// (HH*100000 + LLLLL), MM the month (01-12, Moscow time), and C the check
// digit: digits in odd places weigh 3, in even places 1, and C brings the sum
// to a multiple of 10. The year is not in the number (as in the real one):
// it is the latest year that puts the sending time not after now.
func trackingNumber(sent time.Time, returned bool, serial int) string {
	t := sent.In(moscow)
	sec := t.Unix() - time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, moscow).Unix()
	fate := 1
	if returned {
		fate = 2
	}
	s := fmt.Sprintf("%d%03d%02d%02d%05d", fate, serial, sec/100000, int(t.Month()), sec%100000)
	return s + string(rune('0'+checkDigit(s)))
}

func checkDigit(digits string) int {
	sum := 0
	for i, r := range digits {
		w := 1
		if i%2 == 0 {
			w = 3
		}
		sum += w * int(r-'0')
	}
	return (10 - sum%10) % 10
}

func parseTrackingNumber(s string, now time.Time) (sent time.Time, returned, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if !isDigits(s, 14) || checkDigit(s[:13]) != int(s[13]-'0') || (s[0] != '1' && s[0] != '2') {
		return time.Time{}, false, false
	}
	num := func(from, to int) int {
		n := 0
		for _, r := range s[from:to] {
			n = n*10 + int(r-'0')
		}
		return n
	}
	month := time.Month(num(6, 8))
	sec := int64(num(4, 6))*100000 + int64(num(8, 13))
	if month < time.January || month > time.December {
		return time.Time{}, false, false
	}
	for _, year := range []int{now.Year(), now.Year() - 1} {
		start := time.Date(year, month, 1, 0, 0, 0, 0, moscow)
		end := start.AddDate(0, 1, 0)
		sent = start.Add(time.Duration(sec) * time.Second)
		if sent.Before(end) && !sent.After(now) {
			return sent, s[0] == '2', true
		}
	}
	return time.Time{}, false, false
}
