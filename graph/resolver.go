// Package graph is the GraphQL API: the generated executable schema, thin
// resolvers that call one service method each, the error presenter, the
// protections that run before execution, and per-request dataloaders.
package graph

//go:generate go run github.com/99designs/gqlgen generate

import (
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/blob"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/document"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/jobs"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/pension"
	"github.com/uslugi/uslugi/statement"
	"github.com/uslugi/uslugi/stats"
)

// Resolver holds the services the resolvers call; it is the API's only
// dependency injection.
type Resolver struct {
	Catalog      *catalog.Catalog
	Accounts     *account.Service
	Feed         *notification.Feed
	Live         LiveFeed
	Devices      *notification.Devices
	News         *notification.NewsService
	Statements   *statement.Service
	Payments     *payment.Service
	Pension      *pension.Service
	Applications *application.Service
	Documents    *document.Service
	Stats        *stats.Service
	Duplicates   *duplicate.Service
	Hearings     *hearing.Service
	Tallies      TallyFeed
	// Verifications signals changes of a citizen's verification.
	Verifications VerificationFeed
	Protocols     hearing.ProtocolVerifier
	Blobs         blob.Store
	// Jobs is the administrators' view of the background queues.
	Jobs *jobs.Admin
	// FileURLs signs the short-lived links files are downloaded through.
	FileURLs *blob.URLSigner
	Settings *notification.Settings
	Clock    func() time.Time
}
