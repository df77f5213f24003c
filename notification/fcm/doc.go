// Package fcm sends push notifications through Firebase Cloud Messaging.
//
// FirebaseSender drives the firebase Admin SDK (go/v4 messaging): it sends one
// message per device token in SendEach calls of at most 500 messages and
// classifies every answer, so the caller deletes dead tokens (Result.Remove)
// and re-queues throttled ones (Result.Retry, Result.RetryAfter). Topics carry
// municipality- and region-wide news; SubscribeToTopic and
// UnsubscribeFromTopic put devices on and off them through the Instance ID
// API, in calls of at most TopicBatchSize tokens, with the same per-token
// Results. RecordingSender stands in when no FCM credentials are configured
// and records what would have been sent and subscribed.
//
// Tests drive the real SDK against fcmtest, a local fake of the FCM HTTP v1
// API and of the Instance ID API (Config.IIDEndpoint).
package fcm
