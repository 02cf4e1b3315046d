// Package program is a program split over packages of one module, as
// libraries with a gorilla adapter are: relay runs a session's
// goroutines over its own Socket interface, gorillasock implements it
// with a gorilla conn (and has a race of its own in code the server
// never calls), server wires the two. A run on the server alone reports
// gorillasock's race in Send, which the server runs, and not the one in
// Echo, which it does not; and, in the server itself, relay's two
// goroutines calling Send, whose deadline is set outside the lock.
package program
