// Package report turns races into diagnostics: one per offending call
// site, in position order, naming the other access and the goroutine
// that makes them concurrent ("WriteMessage may overlap WriteMessage at
// main.go:38 (goroutine started at main.go:27)"), with related
// information pointing at both (and, with -explain, each side's call
// chain), the suggested fixes that are safe to apply (fixes.go: a ping
// sent with WriteMessage becomes WriteControl; a write beside locked
// writes takes the same lock), and the //wsconcurrent:ignore directives
// that suppress a finding (suppress.go). It also names things for
// messages: how the source names a conn at a call (ConnText), a callee
// in a chain, a task's send.
//
// It takes accesses and events (package effect) and gives diagnostics to
// the analysis pass; it decides nothing about concurrency.
package report
