package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/uslugi/uslugi/graph"
)

// TestEveryTextInputRefusesAHugeString sends, for every String or ID an
// operation's variables can carry, a value over graph.MaxInputBytes, with
// every other required input filled, and expects the same clear refusal
// naming that input — whatever the operation, signed in or not — and a
// server that keeps answering.
func TestEveryTextInputRefusesAHugeString(t *testing.T) {
	src, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	a := newTestApp(t, "api", nil)
	huge := strings.Repeat("ж", graph.MaxInputBytes/2+1) // two bytes each

	var roots []*ast.Definition
	for _, d := range []*ast.Definition{schema.Query, schema.Mutation} {
		if d != nil {
			roots = append(roots, d)
		}
	}
	checked := 0
	for _, root := range roots {
		op := strings.ToLower(root.Name)
		for _, f := range root.Fields {
			if len(f.Arguments) == 0 || strings.HasPrefix(f.Name, "__") {
				continue
			}
			g := inputGen{schema: schema}
			if g.needsUpload(f.Arguments) {
				continue // multipart only; its text inputs are the same input types, checked elsewhere
			}
			for _, target := range g.stringPaths(f.Arguments) {
				vars := map[string]any{}
				var decl, args []string
				for _, arg := range f.Arguments {
					v, ok := g.value(arg.Type, arg.Name, target, huge)
					if !ok {
						continue
					}
					vars[arg.Name] = v
					decl = append(decl, fmt.Sprintf("$%s: %s", arg.Name, arg.Type.String()))
					args = append(args, fmt.Sprintf("%s: $%s", arg.Name, arg.Name))
				}
				sel := ""
				if def := schema.Types[f.Type.Name()]; def != nil && (def.Kind == ast.Object || def.Kind == ast.Interface || def.Kind == ast.Union) {
					sel = " { __typename }"
				}
				q := fmt.Sprintf("%s(%s) { %s(%s)%s }", op, strings.Join(decl, ", "), f.Name, strings.Join(args, ", "), sel)
				r := a.post(t, "en", map[string]any{"query": q, "variables": vars})
				checked++
				if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != graph.CodeInputTooLong || r.Errors[0].Extensions["field"] != target {
					t.Errorf("%s %s with a huge %s: %+v", op, f.Name, target, r.Errors)
					continue
				}
				if !strings.Contains(r.Errors[0].Message, target+" is too long") {
					t.Errorf("%s %s: message %q does not name %s", op, f.Name, r.Errors[0].Message, target)
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d text inputs checked: the walk over the schema is broken", checked)
	}
	t.Logf("%d text inputs refused a %d-byte string", checked, len(huge))
	if r := a.post(t, "", map[string]any{"query": "{ regions { code } }"}); len(r.Errors) > 0 {
		t.Fatalf("the server stopped answering: %v", r.Errors)
	}
}

// inputGen builds variables for an operation: the required inputs filled
// with small valid values, and one text input (target) with a huge string.
type inputGen struct{ schema *ast.Schema }

func (g inputGen) needsUpload(args ast.ArgumentDefinitionList) bool {
	for _, a := range args {
		if g.requiresUpload(a.Type, 0) {
			return true
		}
	}
	return false
}

func (g inputGen) requiresUpload(t *ast.Type, depth int) bool {
	if !t.NonNull || depth > 4 {
		return false
	}
	if t.Elem != nil {
		return g.requiresUpload(t.Elem, depth+1)
	}
	if t.NamedType == "Upload" {
		return true
	}
	if def := g.schema.Types[t.NamedType]; def != nil && def.Kind == ast.InputObject {
		for _, f := range def.Fields {
			if g.requiresUpload(f.Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// stringPaths lists the variable paths of every String or ID input.
func (g inputGen) stringPaths(args ast.ArgumentDefinitionList) []string {
	var out []string
	var walk func(t *ast.Type, path string, depth int)
	walk = func(t *ast.Type, path string, depth int) {
		if depth > 4 {
			return
		}
		if t.Elem != nil {
			walk(t.Elem, path+"[0]", depth+1)
			return
		}
		switch t.NamedType {
		case "String", "ID":
			out = append(out, path)
			return
		}
		if def := g.schema.Types[t.NamedType]; def != nil && def.Kind == ast.InputObject {
			for _, f := range def.Fields {
				walk(f.Type, path+"."+f.Name, depth+1)
			}
		}
	}
	for _, a := range args {
		walk(a.Type, a.Name, 0)
	}
	sort.Strings(out)
	return out
}

// value is the variable value at path: the huge string at target, a small
// valid value where the input is required or leads to target, and nothing
// (ok false) elsewhere.
func (g inputGen) value(t *ast.Type, path, target, huge string) (any, bool) {
	onPath := path == target || strings.HasPrefix(target, path+".") || strings.HasPrefix(target, path+"[")
	if !t.NonNull && !onPath {
		return nil, false
	}
	if t.Elem != nil {
		v, ok := g.value(t.Elem, path+"[0]", target, huge)
		if !ok {
			return []any{}, true
		}
		return []any{v}, true
	}
	if path == target {
		return huge, true
	}
	switch t.NamedType {
	case "String", "ID":
		return "x", true
	case "Int", "Kopecks":
		return 1, true
	case "Float":
		return 1.0, true
	case "Boolean":
		return true, true
	case "Time":
		return "2026-01-01T00:00:00Z", true
	case "Upload":
		return nil, false
	}
	def := g.schema.Types[t.NamedType]
	switch {
	case def == nil:
		return "x", true
	case def.Kind == ast.Enum:
		return def.EnumValues[0].Name, true
	case def.Kind == ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if v, ok := g.value(f.Type, path+"."+f.Name, target, huge); ok {
				obj[f.Name] = v
			}
		}
		return obj, true
	}
	return nil, false
}
