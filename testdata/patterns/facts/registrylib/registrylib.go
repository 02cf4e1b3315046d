// Package registrylib keeps records of conns, pings each from a
// goroutine of its own, and hands out snapshots of the conns.
package registrylib

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type record struct {
	conn *websocket.Conn
	name string
}

// Registry holds records by id.
type Registry struct {
	mu      sync.Mutex
	records map[string]*record
}

// Add files the conn and starts its pinger.
func (r *Registry) Add(id string, conn *websocket.Conn) { // want Add:`go write WriteMessage\(p2\)`
	r.mu.Lock()
	r.records[id] = &record{conn: conn, name: id}
	r.mu.Unlock()
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil)
		}
	}()
}

// Conns copies each record's conn into a new map, under the lock.
func (r *Registry) Conns() map[string]*websocket.Conn { // want Conns:`returns#0\[\*\] p0.records\[\*\].conn`
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]*websocket.Conn, len(r.records))
	for id, rec := range r.records {
		out[id] = rec.conn
	}
	return out
}

// Names copies the names: no conn.
func (r *Registry) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.records {
		out = append(out, rec.name)
	}
	return out
}
