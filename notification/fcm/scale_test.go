package fcm

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/uslugi/uslugi/notification/fcm/fcmtest"
)

// BenchmarkOneNotificationTo100000Devices pushes one notification to
// 100,000 devices the two ways citizens hold them: 200 citizens with 500
// devices each (one SendEach of 500 per citizen) and 100,000 citizens with
// one device each (one call per citizen), 32 citizens at a time as the
// worker's concurrency would, against the local fake:
//
//	go test ./notification/fcm -run '^$' -bench OneNotificationTo100000Devices -benchtime=1x
func BenchmarkOneNotificationTo100000Devices(b *testing.B) {
	for _, shape := range []struct {
		name              string
		citizens, devices int
	}{
		{"200 citizens x 500 devices", 200, 500},
		{"100000 citizens x 1 device", 100000, 1},
	} {
		b.Run(shape.name, func(b *testing.B) {
			srv := fcmtest.NewServer(b)
			s := newSender(b, srv)
			ctx := context.Background()
			for b.Loop() {
				srv.Reset()
				work := make(chan int)
				var wg sync.WaitGroup
				for range 32 {
					wg.Go(func() {
						for c := range work {
							tokens := make([]string, shape.devices)
							for d := range tokens {
								tokens[d] = fmt.Sprintf("c%06d-d%03d", c, d)
							}
							if _, err := s.SendToTokens(ctx, tokens, push); err != nil {
								b.Error(err)
							}
						}
					})
				}
				for c := range shape.citizens {
					work <- c
				}
				close(work)
				wg.Wait()
			}
			msgs := shape.citizens * shape.devices
			b.ReportMetric(float64(b.N*msgs)/b.Elapsed().Seconds(), "msgs/s")
			b.ReportMetric(float64(srv.Calls()), "http-calls")
		})
	}
}
