package graph

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"
)

// sqlStateError is what PostgreSQL drivers' server errors offer (bun's
// pgdriver.Error): the SQLSTATE under field 'C'. Matching the method keeps
// graph free of a driver import.
type sqlStateError interface {
	Field(k byte) string
}

// dependencyDown reports whether err says that the database (or another
// service the request needed) could not be reached or dropped the
// connection, rather than that the request or the code is wrong: a
// refused or reset connection, a network timeout, a connection PostgreSQL
// ended (shutdown, restart, starting up, too many clients), or a pool that
// is closed.
func dependencyDown(err error) bool {
	var st sqlStateError
	if errors.As(err, &st) {
		code := st.Field('C')
		// Class 08: connection exception; 57P01..57P03: the server is
		// shutting down, crashed or starting up; 53300: too many
		// connections.
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "53300"
	}
	var ne net.Error
	switch {
	case errors.As(err, &ne),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone):
		return true
	}
	// database/sql does not export its "database is closed" error.
	return strings.Contains(err.Error(), "sql: database is closed")
}
