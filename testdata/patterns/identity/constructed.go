package identity

import (
	"net/http"

	"github.com/gorilla/websocket"
)

// A client from a constructor, its conn set afterwards by the caller
// (c.conn = conn) or by a method (c.attach(conn)): the pump's c.conn is
// the handler's conn, and the greeting the handler writes after starting
// the pump races with it.
type pumpClient struct {
	conn *websocket.Conn
	send chan []byte
}

func newPumpClient() *pumpClient { return &pumpClient{send: make(chan []byte, 8)} }

func (c *pumpClient) attach(conn *websocket.Conn) { c.conn = conn }

func (c *pumpClient) writePump() {
	for m := range c.send {
		c.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at constructed.go:\d+ \(goroutine started at constructed.go:\d+\)`
	}
}

func servePump(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := newPumpClient()
	c.conn = conn
	go c.writePump()
	conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at constructed.go:\d+ \(goroutine started at constructed.go:\d+\)`
}

func serveAttached(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := newPumpClient()
	c.attach(conn)
	go c.writePump()
	conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at constructed.go:\d+ \(goroutine started at constructed.go:\d+\)`
}

// The fix: the greeting goes through the pump, which alone writes.
func serveQueuedGreeting(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := newPumpClient()
	c.attach(conn)
	go c.writePump()
	c.send <- []byte("hello")
}
