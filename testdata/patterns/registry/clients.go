package registry

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

// A constructor files the client it returns in a registry. Its mutex
// goes by the registry's name too, beside its conn: a status broadcast
// that copies the registry under the registry's lock and then writes
// each client under the client's own mutex excludes the handler's
// writes under that mutex.

type member struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

var (
	membersMu sync.RWMutex
	members   = make(map[*member]bool)
)

func join(c *websocket.Conn) *member {
	m := &member{conn: c}
	membersMu.Lock()
	members[m] = true
	membersMu.Unlock()
	return m
}

func (m *member) send(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.conn.WriteMessage(websocket.TextMessage, b)
}

func announce(b []byte) {
	membersMu.RLock()
	targets := make([]*member, 0, len(members))
	for m := range members {
		targets = append(targets, m)
	}
	membersMu.RUnlock()
	for _, m := range targets {
		m.send(b)
	}
}

// serveMember answers on its member's conn under the member's mutex.
func serveMember(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	m := join(c)
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
		m.send([]byte("ok"))
	}
}

// guests are members whose handler answers on the conn directly: a
// status broadcast writes it at the same time under the guest's mutex.
type guest struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

var (
	guestsMu sync.RWMutex
	guests   = make(map[*guest]bool)
)

func admit(c *websocket.Conn) *guest {
	g := &guest{conn: c}
	guestsMu.Lock()
	guests[g] = true
	guestsMu.Unlock()
	return g
}

func greetAll(b []byte) {
	guestsMu.RLock()
	targets := make([]*guest, 0, len(guests))
	for g := range guests {
		targets = append(targets, g)
	}
	guestsMu.RUnlock()
	for _, g := range targets {
		g.mu.Lock()
		g.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to g.conn: WriteMessage may overlap WriteMessage at clients.go:\d+`
		g.mu.Unlock()
	}
}

func serveGuest(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	admit(c)
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
		c.WriteMessage(websocket.TextMessage, []byte("ok")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at clients.go:\d+`
	}
}

func status(w http.ResponseWriter, r *http.Request) {
	announce([]byte("status"))
	greetAll([]byte("status"))
}

func Members() {
	http.HandleFunc("/member", serveMember)
	http.HandleFunc("/guest", serveGuest)
	http.HandleFunc("/status", status)
}
