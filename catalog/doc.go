// Package catalog holds the service catalog: services, categories,
// departments, life situations, regions and municipalities, and the rules of
// where a service is available and on what terms.
//
// Availability rule: a federal service with no regions listed is offered in
// every region; one with regions listed (a pilot) only there. A regional
// service is offered in the regions it lists. A municipal service is offered
// in the municipalities it lists, so in their regions; a service that lists
// both regions and municipalities is offered in either. Where terms differ by
// region, the service carries that region's conditions.
package catalog
