package agency

import "time"

// SimOptions configure every simulator; the zero value is a healthy set of
// agencies with DefaultLatency and a mailbox of DefaultMailboxCapacity.
type SimOptions struct {
	SFR, MVD         CheckOptions
	SMS, Email, Post SendOptions
	MailboxCapacity  int
}

// Simulators is the set of simulated agencies, sharing one clock and one
// Mailbox. The composition root hands each field to whoever needs that
// gateway, and mounts DevMessagesHandler(Mailbox) at /dev/messages.
type Simulators struct {
	SFR     *SFRSimulator
	MVD     *MVDSimulator
	SMS     *SMSSimulator
	Email   *EmailSimulator
	Post    *PostSimulator
	Mailbox *Mailbox
}

// NewSimulators returns every simulator reading time from clock (nil:
// time.Now); tests pass a clock they move.
func NewSimulators(clock func() time.Time, opts SimOptions) *Simulators {
	clock = clockOrNow(clock)
	box := NewMailbox(opts.MailboxCapacity)
	return &Simulators{
		SFR:     NewSFRSimulator(clock, opts.SFR),
		MVD:     NewMVDSimulator(clock, opts.MVD),
		SMS:     NewSMSSimulator(clock, box, opts.SMS),
		Email:   NewEmailSimulator(clock, box, opts.Email),
		Post:    NewPostSimulator(clock, box, opts.Post),
		Mailbox: box,
	}
}
