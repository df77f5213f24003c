package application_test

import (
	"testing"
	"time"

	"github.com/uslugi/uslugi/application"
)

func TestWhoSeesTheApplicant(t *testing.T) {
	app := application.Application{ID: "a1", AccountID: "citizen", DepartmentCode: "guvm"}
	name := application.PersonName{Last: "Иванов", First: "Иван", Patronymic: "Иванович"}
	file := application.Attachment{Requirement: "OWNER_CONSENT", BlobKey: "applications/a1/owner_consent.png", OwnerID: "citizen", DepartmentCode: "guvm"}
	tests := []struct {
		name   string
		viewer application.Viewer
		sees   bool
	}{
		{"the citizen himself", application.Viewer{AccountID: "citizen"}, true},
		{"an officer of the department", application.Viewer{AccountID: "officer", Departments: []string{"fns", "guvm"}}, true},
		{"an officer of another department", application.Viewer{AccountID: "stranger", Departments: []string{"fns"}}, false},
		{"anyone else", application.Viewer{AccountID: "operator"}, false},
		{"the public", application.Viewer{}, false},
	}
	svc := application.New(nil, nil, nil, nil, nil, func() time.Time { return time.Unix(0, 0) })
	sign := func(key string, _ time.Time) string { return "/files?" + key }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := application.ApplicantName(tt.viewer, app, name)
			if (got == "Иванов Иван Иванович") != tt.sees || (got == "") == tt.sees {
				t.Errorf("ApplicantName = %q, sees %v", got, tt.sees)
			}
			if link := svc.FileLink(tt.viewer, file, sign); (link != "") != tt.sees {
				t.Errorf("FileLink = %q, sees %v", link, tt.sees)
			}
		})
	}
	dup := application.Attachment{Requirement: "WORK_RECORD_BOOK", DocumentID: "d1", OwnerID: "citizen", DepartmentCode: "guvm"}
	if link := svc.FileLink(application.Viewer{AccountID: "citizen"}, dup, sign); link != "" {
		t.Errorf("a duplicate given by reference has a link: %q", link)
	}
}
