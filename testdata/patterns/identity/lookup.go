package identity

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// A handler files its conn under the request's key and, later, looks it
// up again by that key: the conn it finds is its own, which its pinger
// writes.

type hubByID struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (h *hubByID) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	id := r.URL.Query().Get("id")
	h.mu.Lock()
	h.conns[id] = conn
	h.mu.Unlock()
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at lookup.go:\d+`
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		h.reply(id)
	}
}

// reply looks the conn up by the key it was filed under. Reported.
func (h *hubByID) reply(id string) {
	h.mu.Lock()
	c := h.conns[id]
	h.mu.Unlock()
	c.WriteMessage(websocket.TextMessage, []byte("ok")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at lookup.go:\d+`
}

// hubByName's notifier, started once with the key, looks the conn up on
// each tick while the handler answers on its own name for it. Reported.
type hubByName struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (h *hubByName) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	name := r.Header.Get("X-Name")
	h.mu.Lock()
	h.conns[name] = conn
	h.mu.Unlock()
	go h.notify(name)
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		conn.WriteMessage(websocket.TextMessage, []byte("ack")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at lookup.go:\d+`
	}
}

func (h *hubByName) notify(name string) {
	for range time.Tick(time.Second) {
		h.mu.Lock()
		c := h.conns[name]
		h.mu.Unlock()
		c.WriteMessage(websocket.TextMessage, []byte("tick")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at lookup.go:\d+`
	}
}

// quietHub's pinger uses WriteControl: silent.
type quietHub struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (h *quietHub) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	id := r.URL.Query().Get("id")
	h.mu.Lock()
	h.conns[id] = conn
	h.mu.Unlock()
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		h.reply(id)
	}
}

func (h *quietHub) reply(id string) {
	h.mu.Lock()
	c := h.conns[id]
	h.mu.Unlock()
	c.WriteMessage(websocket.TextMessage, []byte("ok"))
}
