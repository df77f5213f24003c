package catalog_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/catalog"
)

func TestAvailabilityIn(t *testing.T) {
	federal := &catalog.Service{Code: "gibdd_fines", Level: catalog.LevelFederal}
	regional := &catalog.Service{Code: "doctor_appointment", Level: catalog.LevelRegional}
	municipal := &catalog.Service{Code: "kindergarten_enrolment", Level: catalog.LevelMunicipal}
	kazan := catalog.Municipality{ID: 1, OKTMO: "92701000", RegionCode: "16", Name: catalog.Text{Ru: "Казань", En: "Kazan"}}
	podolsk := catalog.Municipality{ID: 2, OKTMO: "46760000", RegionCode: "50", Name: catalog.Text{Ru: "Подольск"}}
	names := map[string]catalog.Text{
		"77": {Ru: "Москва", En: "Moscow"},
		"16": {Ru: "Республика Татарстан", En: "Republic of Tatarstan"},
		"78": {Ru: "Санкт-Петербург"},
	}
	moscowTerms := &catalog.Conditions{RegionCode: "77", Text: catalog.Text{Ru: "Через ЕМИАС", En: "Through EMIAS"}}

	tests := []struct {
		name    string
		service *catalog.Service
		cov     catalog.Coverage
		cond    *catalog.Conditions
		region  string
		names   map[string]catalog.Text
		want    catalog.Availability
	}{
		{
			name: "federal without regions is everywhere", service: federal, region: "87",
			want: catalog.Availability{RegionCode: "87", Available: true},
		},
		{
			name: "federal with regional terms", service: federal, cond: moscowTerms, region: "77",
			want: catalog.Availability{RegionCode: "77", Available: true, Conditions: &moscowTerms.Text},
		},
		{
			name: "federal pilot in its region", service: federal, cov: catalog.Coverage{RegionCodes: []string{"77"}}, region: "77",
			want: catalog.Availability{RegionCode: "77", Available: true},
		},
		{
			name: "federal pilot elsewhere", service: federal, cov: catalog.Coverage{RegionCodes: []string{"77"}}, region: "50", names: names,
			want: catalog.Availability{RegionCode: "50", Reason: catalog.Text{
				Ru: "Услуга оказывается только в регионах: Москва",
				En: "This service is offered only in: Moscow",
			}},
		},
		{
			name: "regional in a listed region", service: regional, cov: catalog.Coverage{RegionCodes: []string{"16", "77"}}, cond: moscowTerms, region: "77",
			want: catalog.Availability{RegionCode: "77", Available: true, Conditions: &moscowTerms.Text},
		},
		{
			name: "regional elsewhere names the regions", service: regional, cov: catalog.Coverage{RegionCodes: []string{"16", "77"}}, region: "50", names: names,
			want: catalog.Availability{RegionCode: "50", Reason: catalog.Text{
				Ru: "Услуга оказывается только в регионах: Республика Татарстан, Москва",
				En: "This service is offered only in: Republic of Tatarstan, Moscow",
			}},
		},
		{
			name: "terms are not given where the service is not", service: regional, cov: catalog.Coverage{RegionCodes: []string{"16"}}, cond: moscowTerms, region: "77", names: names,
			want: catalog.Availability{RegionCode: "77", Reason: catalog.Text{
				Ru: "Услуга оказывается только в регионах: Республика Татарстан",
				En: "This service is offered only in: Republic of Tatarstan",
			}},
		},
		{
			name: "unnamed region shows its code, english falls back to russian", service: regional, cov: catalog.Coverage{RegionCodes: []string{"78", "99"}}, region: "77", names: names,
			want: catalog.Availability{RegionCode: "77", Reason: catalog.Text{
				Ru: "Услуга оказывается только в регионах: Санкт-Петербург, 99",
				En: "This service is offered only in: Санкт-Петербург, 99",
			}},
		},
		{
			name: "regional without regions is nowhere", service: regional, region: "77",
			want: catalog.Availability{RegionCode: "77", Reason: catalog.Text{
				Ru: "Услуга пока не оказывается ни в одном регионе",
				En: "This service is not offered in any region yet",
			}},
		},
		{
			name: "municipal without municipalities is nowhere", service: municipal, region: "16",
			want: catalog.Availability{RegionCode: "16", Reason: catalog.Text{
				Ru: "Услуга пока не оказывается ни в одном регионе",
				En: "This service is not offered in any region yet",
			}},
		},
		{
			name: "municipal in a municipality's region", service: municipal, cov: catalog.Coverage{Municipalities: []catalog.Municipality{kazan, podolsk}}, region: "50",
			want: catalog.Availability{RegionCode: "50", Available: true},
		},
		{
			name: "municipal elsewhere names the municipalities", service: municipal, cov: catalog.Coverage{Municipalities: []catalog.Municipality{kazan, podolsk}}, region: "77",
			want: catalog.Availability{RegionCode: "77", Reason: catalog.Text{
				Ru: "Услугу оказывают только муниципальные образования: Казань, Подольск",
				En: "This service is provided only by the municipalities of Kazan, Подольск",
			}},
		},
		{
			name: "a listed municipality's region counts beside listed regions", service: municipal,
			cov: catalog.Coverage{RegionCodes: []string{"77"}, Municipalities: []catalog.Municipality{kazan}}, region: "16",
			want: catalog.Availability{RegionCode: "16", Available: true},
		},
		{
			name: "a listed region counts beside listed municipalities", service: municipal,
			cov: catalog.Coverage{RegionCodes: []string{"77"}, Municipalities: []catalog.Municipality{kazan}}, region: "77",
			want: catalog.Availability{RegionCode: "77", Available: true},
		},
		{
			name: "both listed, elsewhere names both", service: municipal,
			cov: catalog.Coverage{RegionCodes: []string{"77"}, Municipalities: []catalog.Municipality{kazan}}, region: "50", names: names,
			want: catalog.Availability{RegionCode: "50", Reason: catalog.Text{
				Ru: "Услуга оказывается только в регионах: Москва; Услугу оказывают только муниципальные образования: Казань",
				En: "This service is offered only in: Moscow; This service is provided only by the municipalities of Kazan",
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catalog.AvailabilityIn(tt.service, tt.cov, tt.cond, tt.region, tt.names)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AvailabilityIn (-want, +got):\n%s", diff)
			}
		})
	}

	t.Run("conditions are a copy", func(t *testing.T) {
		cond := &catalog.Conditions{RegionCode: "77", Text: catalog.Text{Ru: "а"}}
		got := catalog.AvailabilityIn(federal, catalog.Coverage{}, cond, "77", nil)
		cond.Text.Ru = "б"
		if got.Conditions == nil || got.Conditions.Ru != "а" {
			t.Errorf("conditions = %+v, want a copy of the original", got.Conditions)
		}
	})
}
