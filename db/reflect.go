package db

import "reflect"

// modelType is the struct type behind a pointer to a slice of rows.
func modelType(model any) reflect.Type {
	t := reflect.TypeOf(model)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}
