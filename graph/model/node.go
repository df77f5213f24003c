// Package model holds the GraphQL types that have no domain type of their own.
package model

// Node is any object with a global id. The domain types stay free of GraphQL
// methods; the id resolvers and the node resolver map them to global ids.
type Node interface{}
