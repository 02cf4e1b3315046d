// Package facts carries summaries across package boundaries. A
// SummaryFact is the gob-encodable form of an effect.Summary for an
// exported function (or a method of an exported type): its accesses with
// their paths, locks, signals and conditions, the callbacks it runs, the
// values it returns, stores, publishes and makes, in terms an importer
// can translate; sites in the declaring package travel as "file.go:line".
// ToFact and FromFact convert, FactPath carries one path.
//
// It takes and gives summaries; the engine of summaries decides which to
// export and imports them on demand. Of the other stages it uses effect,
// paths, lockset, contract and ssaview.
package facts
