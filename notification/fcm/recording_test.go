package fcm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
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
