//go:build tools

// Package tools pins the code generators that go generate runs.
package tools

import (
	_ "github.com/99designs/gqlgen"
)
