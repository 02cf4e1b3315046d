// Package listeners: subscribers kept by value in a slice. Subscribe
// appends one (a struct literal holding the conn) and greets it under
// the registry's mutex; Notify, which an event bus calls from a
// goroutine per event, writes every subscriber's conn without it.
package listeners

import (
	"sync"

	"github.com/gorilla/websocket"
)

type subscriber struct {
	id   string
	conn *websocket.Conn
}

type Registry struct {
	mu   sync.Mutex
	subs []subscriber
}

func (r *Registry) Subscribe(id string, conn *websocket.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.subs = append(r.subs, subscriber{id: id, conn: conn})
	conn.WriteJSON(map[string]string{"hello": id}) // want `concurrent write to conn: WriteJSON may overlap WriteJSON at listeners.go:\d+ \(listeners.subscriber.conn is written there without listeners.Registry.mu, which this holds\)`
}

func (r *Registry) Notify(event any) {
	for _, s := range r.subs {
		s.conn.WriteJSON(event) // want `concurrent write to s.conn: WriteJSON may overlap WriteJSON at listeners.go:\d+ \(listeners.subscriber.conn is written holding listeners.Registry.mu there, not here\)`
	}
}

// SafeRegistry is the fix: each subscriber's writes hold its own mutex,
// the greeting's too.
type safeSubscriber struct {
	id   string
	mu   *sync.Mutex
	conn *websocket.Conn
}

func (s safeSubscriber) send(v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteJSON(v)
}

type SafeRegistry struct {
	mu   sync.Mutex
	subs []safeSubscriber
}

func (r *SafeRegistry) Subscribe(id string, conn *websocket.Conn) {
	s := safeSubscriber{id: id, mu: new(sync.Mutex), conn: conn}
	r.mu.Lock()
	r.subs = append(r.subs, s)
	r.mu.Unlock()
	s.send(map[string]string{"hello": id})
}

func (r *SafeRegistry) Notify(event any) {
	r.mu.Lock()
	subs := append([]safeSubscriber(nil), r.subs...)
	r.mu.Unlock()
	for _, s := range subs {
		s.send(event)
	}
}
