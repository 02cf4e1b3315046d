// Package registryapp writes the conns of a registrylib snapshot while
// the registry's pingers write them.
package registryapp

import (
	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/registrylib"
)

// join files the conn, then greets everyone in the snapshot: the
// pinger Add started may be writing the same conn. Reported.
func join(r *registrylib.Registry, id string, conn *websocket.Conn) {
	r.Add(id, conn) // want `concurrent write to \S+: Add \(WriteMessage at registrylib.go:\d+\) may overlap WriteMessage`
	for _, c := range r.Conns() {
		c.WriteMessage(websocket.TextMessage, []byte("joined")) // want `concurrent write to c: WriteMessage may overlap Add \(WriteMessage at registrylib.go:\d+\)`
	}
}

// announce files the conn and tells an admin conn, which the registry
// does not hold, every name: silent.
func announce(r *registrylib.Registry, id string, conn, admin *websocket.Conn) {
	r.Add(id, conn)
	for _, n := range r.Names() {
		admin.WriteMessage(websocket.TextMessage, []byte(n))
	}
}
