// Package analyzer implements wsconcurrent, a go/analysis pass that finds
// call sites that can write to the same gorilla/websocket connection from
// two goroutines at once: the bug behind gorilla's runtime panic
// "concurrent write to websocket connection". The read side (one
// concurrent reader) is checked the same way.
//
// This package is the pass: its flags, the gate that skips packages
// that cannot reach a connection before any SSA is built (analyzer.go;
// inverted.go admits transports, packages that run an exported interface
// they declare on their goroutines), SSA construction, and the wiring of
// the stages, which live in analyzer/internal, one package each, imports
// going one way:
//
//	pairing    which accesses can run at once: races, the open world, lock consistency
//	summarize  what each function does, bottom-up (the engine of summaries)
//	facts      summaries across package boundaries
//	order      what happens before what: signals, joins, exits, renewal
//	report     diagnostics, fixes, suppressions
//	effect     the data model: Access, Event, Summary
//	cfg        one function's control flow
//	lockset    mutexes held
//	paths      what names a conn: access paths
//	contract   gorilla's contract, forks, libraries that start goroutines
//	ssaview    reading SSA
//	debuglog   WSCONCURRENT_DEBUG tracing
//
// Each package's doc comment says what it takes and what it gives;
// docs/how-it-works.md explains the model stage by stage, with examples.
//
// Set WSCONCURRENT_DEBUG=1 to print each function's events, joins, races
// and budget cuts.
package analyzer
