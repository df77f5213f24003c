package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestDevicesThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", nil, clock.Now)
	seen := map[string]bool{}
	first := a.registerPhone(t, "+79123456789", seen)
	second := a.registerPhone(t, "+79120000005", seen)
	register := `mutation($in: RegisterDeviceInput!) { registerDevice(input: $in) { device { platform tokenSuffix } userErrors { field code } } }`
	token := "fcm-token-" + strings.Repeat("x", 40) + "abc123"
	devices := func(access string) []struct{ Platform, TokenSuffix string } {
		var d struct {
			Devices []struct{ Platform, TokenSuffix string }
		}
		r := a.postAuth(t, access, `{ devices { platform tokenSuffix } }`, nil)
		if err := json.Unmarshal(r.Data, &d); err != nil {
			t.Fatalf("%s %+v", r.Data, r.Errors)
		}
		return d.Devices
	}

	var bad struct{ UserErrors []userErr }
	a.mutate(t, first.AccessToken, register, map[string]any{"in": map[string]any{"token": "short", "platform": "ANDROID", "appVersion": "1.0", "locale": "ru"}}, &bad)
	if len(bad.UserErrors) != 1 || bad.UserErrors[0].Field != "token" {
		t.Errorf("a malformed token: %+v", bad)
	}
	var ok struct {
		Device     *struct{ Platform, TokenSuffix string }
		UserErrors []userErr
	}
	a.mutate(t, first.AccessToken, register, map[string]any{"in": map[string]any{"token": token, "platform": "ANDROID", "appVersion": "5.2.1", "locale": "ru"}}, &ok)
	if ok.Device == nil || ok.Device.TokenSuffix != "…abc123" {
		t.Fatalf("register: %+v", ok)
	}
	if got := devices(first.AccessToken); len(got) != 1 {
		t.Fatalf("devices: %+v", got)
	}
	// The phone changes hands: the token moves to the account that registers it.
	a.mutate(t, second.AccessToken, register, map[string]any{"in": map[string]any{"token": token, "platform": "ANDROID", "appVersion": "5.2.1", "locale": "en"}}, &ok)
	if len(devices(first.AccessToken)) != 0 || len(devices(second.AccessToken)) != 1 {
		t.Error("the token did not move to the second account")
	}
	// Devices not seen for DEVICE_TTL are dropped.
	clock.Advance(a.cfg.DeviceTTL + time.Hour)
	var again authPayload
	a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": "+79120000005", "password": goodPassword}}, &again)
	second = *again.Session
	if n, err := a.devices.DropStale(context.Background(), a.cfg.DeviceTTL); err != nil || n != 1 {
		t.Errorf("stale devices dropped: %d %v", n, err)
	}
	if len(devices(second.AccessToken)) != 0 {
		t.Error("a stale device survived")
	}
	var un struct {
		Ok         bool
		UserErrors []userErr
	}
	a.mutate(t, second.AccessToken, `mutation($in: UnregisterDeviceInput!) { unregisterDevice(input: $in) { ok userErrors { code } } }`, map[string]any{"in": map[string]any{"token": token}}, &un)
	if un.Ok || len(un.UserErrors) != 1 {
		t.Errorf("unregistering a dropped device: %+v", un)
	}
}
