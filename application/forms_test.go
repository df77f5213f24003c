package application

import (
	"encoding/json"
	"os"
	"testing"
)

func TestFormsLoadAndNameCatalogServices(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../db/seed/services.json")
	if err != nil {
		t.Fatal(err)
	}
	var services []struct{ Code string }
	if err := json.Unmarshal(b, &services); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, s := range services {
		known[s.Code] = true
	}
	for code, f := range forms {
		if !known[code] {
			t.Errorf("form %s names no catalog service", code)
		}
		if len(f.Applicants) == 0 {
			t.Errorf("form %s takes no applicant", code)
		}
	}
	if _, ok := forms["inn"]; !ok {
		t.Error("no form for the INN")
	}
}

func TestFormValidation(t *testing.T) {
	forms, err := LoadForms()
	if err != nil {
		t.Fatal(err)
	}
	f := forms["foreign_passport"]
	for _, c := range []struct {
		name  string
		data  map[string]any
		field string
	}{
		{"valid", map[string]any{"purpose": "FIRST", "biometric": true, "work_last_10_years": []any{map[string]any{"from": "2015-09-01", "employer": "ООО Ромашка"}}}, ""},
		{"missing", map[string]any{"purpose": "FIRST", "biometric": true}, "data"},
		{"bad enum", map[string]any{"purpose": "FUN", "biometric": true, "work_last_10_years": []any{}}, "data.purpose"},
		{"bad nested date", map[string]any{"purpose": "FIRST", "biometric": true, "work_last_10_years": []any{map[string]any{"from": "вчера", "employer": "x"}}}, "data.work_last_10_years.0.from"},
		{"unknown field", map[string]any{"purpose": "FIRST", "biometric": true, "work_last_10_years": []any{}, "x": 1}, "data"},
	} {
		errs := f.Validate(c.data)
		switch {
		case c.field == "" && len(errs) > 0:
			t.Errorf("%s: %+v", c.name, errs)
		case c.field != "" && (len(errs) == 0 || errs[0].Field != c.field):
			t.Errorf("%s: %+v, want a problem with %s", c.name, errs, c.field)
		}
	}
}

func TestOnlyAllowedMoves(t *testing.T) {
	allowed := map[[2]Status]bool{
		{StatusSubmitted, StatusRegistered}: true, {StatusSubmitted, StatusRejected}: true,
		{StatusRegistered, StatusInProgress}: true, {StatusRegistered, StatusRejected}: true,
		{StatusInProgress, StatusAwaitingCitizen}: true, {StatusInProgress, StatusCompleted}: true, {StatusInProgress, StatusRejected}: true,
		{StatusAwaitingCitizen, StatusInProgress}: true, {StatusAwaitingCitizen, StatusRejected}: true,
	}
	all := []Status{StatusDraft, StatusSubmitted, StatusRegistered, StatusInProgress, StatusAwaitingCitizen, StatusCompleted, StatusRejected, StatusWithdrawn}
	for _, from := range all {
		for _, to := range all {
			if got := CanMove(from, to); got != allowed[[2]Status{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}
