// Package web holds the built single-page app (its source is beside this
// file; `npm run build` writes dist/), embedded so that one binary serves
// the API and the app with nothing else installed.
package web

import (
	"embed"
	"io/fs"
)

// The build output is committed: a machine with only Go runs the full app,
// and CI rebuilds it to check that it matches the source.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the app's files, rooted at dist/ (index.html at the top,
// hashed bundles under assets/).
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "dist" is valid.
		panic(err)
	}
	return sub
}
