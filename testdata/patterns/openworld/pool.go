package openworld

import (
	"github.com/gorilla/websocket"
)

// Relays publishes to every relay from a goroutine per relay, each handed
// its relay's conn when it starts. Add dials a new relay, files it, and
// greets it: the goroutines running then were handed other conns, and
// those started later begin after the greeting.
type Relays struct {
	conns map[string]*websocket.Conn
}

func (r *Relays) Publish(msg []byte) {
	for _, conn := range r.conns {
		go func(conn *websocket.Conn) {
			conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at pool.go:\d+ \(goroutine started at pool.go:\d+ and left running by Publish; Greet may be called meanwhile\)`
		}(conn)
	}
}

func (r *Relays) Add(url string) error {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	r.conns[url] = conn
	return conn.WriteMessage(websocket.TextMessage, []byte("hello"))
}

// Greet writes a relay already filed: a publishing goroutine may be
// writing it.
func (r *Relays) Greet(url string) error {
	return r.conns[url].WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to r.conns\[url\]: WriteMessage may overlap WriteMessage at pool.go:\d+`
}
