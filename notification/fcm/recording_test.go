package fcm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRecordingSender(t *testing.T) {
	t.Run("records concurrent sends and reports every token OK", func(t *testing.T) {
		var r RecordingSender
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				tokens := []string{fmt.Sprintf("a-%d", i), fmt.Sprintf("b-%d", i)}
				res, err := r.SendToTokens(context.Background(), tokens, push)
				if err != nil || len(res) != 2 || !res[0].OK || !res[1].OK || res[1].Token != tokens[1] {
					t.Errorf("SendToTokens = %+v, %v", res, err)
				}
			})
		}
		wg.Wait()
		if got := len(r.Sent()); got != 20 {
			t.Errorf("Sent() has %d entries, want 20", got)
		}
	})
	t.Run("records topic sends and rejects bad topics", func(t *testing.T) {
		var r RecordingSender
		if err := r.SendToTopic(context.Background(), MunicipalityTopic("45000000"), push); err != nil {
			t.Fatalf("SendToTopic: %v", err)
		}
		if err := r.SendToTopic(context.Background(), "all", push); !errors.Is(err, ErrInvalidTopic) {
			t.Errorf("SendToTopic(all) = %v, want ErrInvalidTopic", err)
		}
		sent := r.Sent()
		if len(sent) != 1 || sent[0].Topic != "municipality-45000000" || sent[0].Push.ID != push.ID {
			t.Errorf("Sent() = %+v", sent)
		}
	})
	t.Run("Sent returns copies", func(t *testing.T) {
		var r RecordingSender
		if _, err := r.SendToTokens(context.Background(), []string{"a"}, push); err != nil {
			t.Fatal(err)
		}
		r.Sent()[0].Push.Data["kind"] = "changed"
		r.Sent()[0].Tokens[0] = "changed"
		if s := r.Sent()[0]; s.Push.Data["kind"] != "fine" || s.Tokens[0] != "a" {
			t.Errorf("Sent() was changed through a copy: %+v", s)
		}
	})
}

func TestOversizedPushIsRefusedBeforeSending(t *testing.T) {
	var r RecordingSender
	_, err := r.SendToTokens(context.Background(), []string{"token-1"}, Push{ID: "n1", Title: "t", Body: strings.Repeat("я", 3000)})
	if !errors.Is(err, ErrInvalidPush) {
		t.Errorf("err = %v, want ErrInvalidPush", err)
	}
	if len(r.Sent()) != 0 {
		t.Error("an oversized push was recorded as sent")
	}
}

func TestRecordingSenderSubscriptions(t *testing.T) {
	ctx := context.Background()
	const topic = "region-77"

	t.Run("subscribes and unsubscribes and records both", func(t *testing.T) {
		var r RecordingSender
		res, err := r.SubscribeToTopic(ctx, []string{"tok-c", "tok-a", "tok-b"}, topic)
		if err != nil {
			t.Fatalf("SubscribeToTopic: %v", err)
		}
		want := []Result{
			{Token: "tok-c", OK: true, Recorded: true},
			{Token: "tok-a", OK: true, Recorded: true},
			{Token: "tok-b", OK: true, Recorded: true},
		}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("results (-want, +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"tok-a", "tok-b", "tok-c"}, r.Subscribers(topic)); diff != "" {
			t.Errorf("Subscribers (-want, +got):\n%s", diff)
		}
		res, err = r.UnsubscribeFromTopic(ctx, []string{"tok-b", "never"}, topic)
		if err != nil || len(res) != 2 || !res[1].OK || !res[1].Recorded {
			t.Fatalf("UnsubscribeFromTopic = %+v, %v", res, err)
		}
		if diff := cmp.Diff([]string{"tok-a", "tok-c"}, r.Subscribers(topic)); diff != "" {
			t.Errorf("Subscribers (-want, +got):\n%s", diff)
		}
		if subs := r.Subscribers("region-50"); len(subs) != 0 {
			t.Errorf("Subscribers(region-50) = %v, want none", subs)
		}
		wantSent := []Sent{
			{Tokens: []string{"tok-c", "tok-a", "tok-b"}, Topic: topic, Subscribe: true},
			{Tokens: []string{"tok-b", "never"}, Topic: topic, Unsubscribe: true},
		}
		if diff := cmp.Diff(wantSent, r.Sent()); diff != "" {
			t.Errorf("Sent (-want, +got):\n%s", diff)
		}
	})

	t.Run("rejects bad topics without recording", func(t *testing.T) {
		var r RecordingSender
		if _, err := r.SubscribeToTopic(ctx, []string{"tok-a"}, "all"); !errors.Is(err, ErrInvalidTopic) {
			t.Errorf("SubscribeToTopic(all) = %v, want ErrInvalidTopic", err)
		}
		if _, err := r.UnsubscribeFromTopic(ctx, []string{"tok-a"}, "/topics/region-77"); !errors.Is(err, ErrInvalidTopic) {
			t.Errorf("UnsubscribeFromTopic = %v, want ErrInvalidTopic", err)
		}
		if len(r.Sent()) != 0 || len(r.Subscribers("all")) != 0 {
			t.Errorf("Sent() = %+v", r.Sent())
		}
	})

	t.Run("concurrent subscriptions all land", func(t *testing.T) {
		var r RecordingSender
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				if _, err := r.SubscribeToTopic(ctx, []string{fmt.Sprintf("tok-%02d", i)}, topic); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := len(r.Subscribers(topic)); n != 20 {
			t.Errorf("%d subscribers, want 20", n)
		}
	})
}
