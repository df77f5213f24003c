package application

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// DocumentRequirement is a document a form needs.
type DocumentRequirement struct {
	Type     string `json:"type"`
	TitleRu  string `json:"title_ru"`
	TitleEn  string `json:"title_en"`
	Required bool   `json:"required"`
}

// Form is how a service is applied for online: its fields as a JSON Schema
// (validated on the server), the documents it needs, who may be the
// applicant, and whether the citizen picks the branch that hands out the
// result. The tier comes from the catalog service.
type Form struct {
	Service      string                `json:"service"`
	Applicants   []ApplicantKind       `json:"applicants"`
	BranchChoice bool                  `json:"branch_choice"`
	Documents    []DocumentRequirement `json:"documents"`
	Schema       json.RawMessage       `json:"schema"`

	compiled *jsonschema.Schema
}

//go:embed forms.json
var formsJSON []byte

// Forms are the online forms by service code.
type Forms map[string]*Form

// LoadForms parses and compiles the embedded forms.
func LoadForms() (Forms, error) {
	var list []*Form
	if err := json.Unmarshal(formsJSON, &list); err != nil {
		return nil, fmt.Errorf("application: forms.json: %w", err)
	}
	out := Forms{}
	for _, f := range list {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.Schema))
		if err != nil {
			return nil, fmt.Errorf("application: form %s: %w", f.Service, err)
		}
		url := "form://" + f.Service
		if err := c.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("application: form %s: %w", f.Service, err)
		}
		if f.compiled, err = c.Compile(url); err != nil {
			return nil, fmt.Errorf("application: form %s: %w", f.Service, err)
		}
		out[f.Service] = f
	}
	return out, nil
}

// Validate checks data against the form and says, per field, what to fix.
func (f *Form) Validate(data map[string]any) []FieldError {
	// The validator wants JSON values: round-trip through encoding/json.
	b, err := json.Marshal(data)
	if err != nil {
		return []FieldError{{Field: "data", Code: "INVALID", Ru: "Данные формы не читаются", En: "the form's data cannot be read"}}
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return []FieldError{{Field: "data", Code: "INVALID", Ru: "Данные формы не читаются", En: "the form's data cannot be read"}}
	}
	err = f.compiled.Validate(v)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []FieldError{{Field: "data", Code: "INVALID", Ru: "Данные формы не прошли проверку", En: err.Error()}}
	}
	var out []FieldError
	for _, leaf := range leaves(ve) {
		field := "data"
		if len(leaf.InstanceLocation) > 0 {
			field = "data." + strings.Join(leaf.InstanceLocation, ".")
		}
		msg := leaf.ErrorKind.LocalizedString(message.NewPrinter(language.English))
		out = append(out, FieldError{Field: field, Code: "INVALID", Ru: "Проверьте поле: " + msg, En: msg})
	}
	return out
}

func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}
