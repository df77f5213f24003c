package graph

import "context"

// watch is a subscription that follows a value: it sends what read finds
// at once, then reads and sends again after each signal, until ctx ends or
// signals closes. The caller subscribes to signals before calling watch,
// so a change between the subscription and the first read is read again
// rather than lost. A read that fails or finds nothing (nil) sends
// nothing: the next signal reads again. Signals that queued up while a
// value was read or waited for its client are answered by one read, which
// sees every change they announce.
func watch[T any](ctx context.Context, signals <-chan string, read func(context.Context) (*T, error)) <-chan *T {
	out := make(chan *T, 1)
	go func() {
		defer close(out)
		send := func() bool {
			v, err := read(ctx)
			if err != nil || v == nil {
				return ctx.Err() == nil
			}
			select {
			case out <- v:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if !send() {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-signals:
				if !ok {
					return
				}
				for drained := false; !drained; {
					select {
					case _, ok := <-signals:
						if !ok {
							return
						}
					default:
						drained = true
					}
				}
				if !send() {
					return
				}
			}
		}
	}()
	return out
}
