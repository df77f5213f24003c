package jobs

import (
	"context"
	"time"

	"github.com/hibiken/asynq"
)

// TypeDeviceCleanup drops push devices not seen for the device TTL.
const TypeDeviceCleanup = "devices:cleanup"

// deviceCleanupSpec runs the clean-up daily at 03:30 UTC.
const deviceCleanupSpec = "30 3 * * *"

// StaleDevices drops devices not seen for ttl (notification.Devices).
type StaleDevices interface {
	DropStale(ctx context.Context, ttl time.Duration) (int, error)
}

// RegisterDeviceCleanup adds the daily clean-up of stale push devices.
func RegisterDeviceCleanup(mux *asynq.ServeMux, devices StaleDevices, ttl time.Duration) {
	mux.HandleFunc(TypeDeviceCleanup, func(ctx context.Context, _ *asynq.Task) error {
		_, err := devices.DropStale(ctx, ttl)
		return err
	})
}
