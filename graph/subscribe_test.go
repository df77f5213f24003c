package graph

import (
	"context"
	"errors"
	"testing"
)

// reading is what one read of a watched value saw.
type reading struct {
	n      int // which read, from 1
	queued int // signals still queued when it read
}

// watched counts the reads of a watched value; fail decides which fail
// (an error) and which find nothing (nil). Every read is reported on
// calls.
type watched struct {
	signals chan string
	calls   chan int
	n       int
	fail    func(n int) (*reading, error)
}

func newWatched() *watched {
	return &watched{signals: make(chan string, 16), calls: make(chan int, 16)}
}

func (w *watched) read(context.Context) (*reading, error) {
	w.n++
	w.calls <- w.n
	if w.fail != nil {
		if v, err := w.fail(w.n); v == nil || err != nil {
			return v, err
		}
	}
	return &reading{n: w.n, queued: len(w.signals)}, nil
}

func next(t *testing.T, out <-chan *reading) reading {
	t.Helper()
	v, ok := <-out
	if !ok {
		t.Fatal("the subscription ended")
	}
	return *v
}

func TestWatch(t *testing.T) {
	t.Run("the value at once, then one per signal", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := newWatched()
		out := watch(ctx, w.signals, w.read)
		if v := next(t, out); v.n != 1 {
			t.Fatalf("first value from read %d, want 1", v.n)
		}
		for want := 2; want <= 4; want++ {
			w.signals <- "changed"
			if v := next(t, out); v.n != want {
				t.Fatalf("after signal %d: the value of read %d, want %d", want-1, v.n, want)
			}
		}
	})

	t.Run("a failed or empty read sends nothing and the next signal reads again", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			fail func(n int) (*reading, error)
		}{
			{"error", func(n int) (*reading, error) {
				if n <= 2 {
					return nil, errors.New("not visible yet")
				}
				return &reading{}, nil
			}},
			{"nothing yet", func(n int) (*reading, error) {
				if n <= 2 {
					return nil, nil
				}
				return &reading{}, nil
			}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				w := newWatched()
				w.fail = tt.fail
				out := watch(ctx, w.signals, w.read)
				<-w.calls // the first read, which fails
				w.signals <- "changed"
				<-w.calls // the second, which fails too
				w.signals <- "changed"
				if v := next(t, out); v.n != 3 {
					t.Fatalf("first value from read %d, want 3: the failed reads sent something", v.n)
				}
			})
		}
	})

	t.Run("signals queued during a read are answered by one read", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := newWatched()
		release := make(chan struct{})
		w.fail = func(n int) (*reading, error) {
			if n == 1 {
				<-release // three changes arrive while the first value is read
			}
			return &reading{}, nil
		}
		out := watch(ctx, w.signals, w.read)
		for range 3 {
			w.signals <- "changed"
		}
		close(release)
		next(t, out)
		if v := next(t, out); v.n != 2 || v.queued != 0 {
			t.Fatalf("read %d with %d signals still queued; want read 2 after all three", v.n, v.queued)
		}
		w.signals <- "changed"
		if v := next(t, out); v.n != 3 {
			t.Fatalf("the next signal gave read %d, want 3", v.n)
		}
	})

	t.Run("stops when the context ends", func(t *testing.T) {
		t.Run("while waiting for a signal", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			w := newWatched()
			out := watch(ctx, w.signals, w.read)
			next(t, out)
			cancel()
			for v := range out { // ends when watch closes it
				t.Errorf("a value after the client left: %+v", *v)
			}
		})
		t.Run("while a value waits for a client that reads none", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			w := newWatched()
			out := watch(ctx, w.signals, w.read)
			<-w.calls // the first value fills the channel
			w.signals <- "changed"
			<-w.calls // the second waits for room
			cancel()
			for range out { // ends when watch closes it
			}
		})
	})

	t.Run("a read that fails as the context ends stops", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		w := newWatched()
		w.fail = func(int) (*reading, error) {
			cancel()
			return nil, context.Canceled
		}
		for range watch(ctx, w.signals, w.read) {
			t.Error("a value from a failed read")
		}
	})

	t.Run("stops when the signals end", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w := newWatched()
		out := watch(ctx, w.signals, w.read)
		next(t, out)
		close(w.signals)
		for v := range out {
			t.Errorf("a value after the signals ended: %+v", *v)
		}
	})
}
