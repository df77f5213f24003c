package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsTheSettings keeps the README's settings table true.
func TestREADMEListsTheSettings(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), ConfigTable()) {
		t.Errorf("README.md's settings table differs from `go run ./server config`:\n%s", ConfigTable())
	}
}
