// Package hub: conns handed to a hub goroutine over a channel. The value
// a handler sends on hub.register is the one the hub receives, and the
// one it files in hub.clients, so the hub's writes to it overlap the
// writer goroutine the handler started for it. The fix (gorilla's chat)
// hands messages to that writer on its send channel instead.
package hub

import (
	"net/http"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

type client struct {
	conn *websocket.Conn
	send chan []byte
}

func (c *client) writePump() {
	for msg := range c.send {
		c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at hub.go:\d+ \(goroutine started at hub.go:\d+\)`
	}
}

// Hub writes to the clients itself: racy, beside each client's pump.
type Hub struct {
	clients   map[*client]bool
	register  chan *client
	broadcast chan []byte
}

func (h *Hub) run() {
	for {
		select {
		case c := <-h.register:
			h.clients[c] = true
			c.conn.WriteMessage(websocket.TextMessage, []byte("welcome")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at hub.go:23 \(goroutine started at hub.go:\d+\)`
		case msg := <-h.broadcast:
			for c := range h.clients {
				c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at hub.go:23 \(goroutine started at hub.go:\d+\)`
			}
		}
	}
}

func serve(h *Hub, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &client{conn: conn, send: make(chan []byte, 16)}
	h.register <- c
	go c.writePump()
}

func Start() {
	h := &Hub{clients: make(map[*client]bool), register: make(chan *client), broadcast: make(chan []byte)}
	go h.run()
	http.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) { serve(h, w, r) })
}

// Queued is the fix: the hub queues on each client's send channel, and
// only the client's pump writes its conn.
type Queued struct {
	clients   map[*queuedClient]bool
	register  chan *queuedClient
	broadcast chan []byte
}

type queuedClient struct {
	conn *websocket.Conn
	send chan []byte
}

func (c *queuedClient) writePump() {
	for msg := range c.send {
		c.conn.WriteMessage(websocket.TextMessage, msg)
	}
}

func (q *Queued) run() {
	for {
		select {
		case c := <-q.register:
			q.clients[c] = true
			c.send <- []byte("welcome")
		case msg := <-q.broadcast:
			for c := range q.clients {
				c.send <- msg
			}
		}
	}
}

func serveQueued(q *Queued, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &queuedClient{conn: conn, send: make(chan []byte, 16)}
	q.register <- c
	go c.writePump()
}

func StartQueued() {
	q := &Queued{clients: make(map[*queuedClient]bool), register: make(chan *queuedClient), broadcast: make(chan []byte)}
	go q.run()
	http.HandleFunc("/queued", func(w http.ResponseWriter, r *http.Request) { serveQueued(q, w, r) })
}

// Only is a hub that is its clients' only writer: the handler registers
// its conn and then only reads. Silent.
type Only struct {
	conns    map[*websocket.Conn]bool
	register chan *websocket.Conn
	news     chan []byte
}

func (o *Only) run() {
	for {
		select {
		case c := <-o.register:
			o.conns[c] = true
			c.WriteMessage(websocket.TextMessage, []byte("welcome"))
		case msg := <-o.news:
			for c := range o.conns {
				c.WriteMessage(websocket.TextMessage, msg)
			}
		}
	}
}

func serveOnly(o *Only, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	o.register <- conn
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

func StartOnly() {
	o := &Only{conns: make(map[*websocket.Conn]bool), register: make(chan *websocket.Conn), news: make(chan []byte)}
	go o.run()
	http.HandleFunc("/only", func(w http.ResponseWriter, r *http.Request) { serveOnly(o, w, r) })
}

// Roster files clients in a slice: the same race through append.
type Roster struct {
	clients  []*rosterClient
	register chan *rosterClient
	news     chan []byte
}

type rosterClient struct {
	conn *websocket.Conn
	send chan []byte
}

func (c *rosterClient) writePump() {
	for msg := range c.send {
		c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at hub.go:\d+ \(goroutine started at hub.go:\d+\)`
	}
}

func (o *Roster) run() {
	for {
		select {
		case c := <-o.register:
			o.clients = append(o.clients, c)
		case msg := <-o.news:
			for _, c := range o.clients {
				c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at hub.go:\d+ \(goroutine started at hub.go:\d+\)`
			}
		}
	}
}

func serveRoster(o *Roster, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &rosterClient{conn: conn, send: make(chan []byte, 16)}
	o.register <- c
	go c.writePump()
}

func StartRoster() {
	o := &Roster{register: make(chan *rosterClient), news: make(chan []byte)}
	go o.run()
	http.HandleFunc("/roster", func(w http.ResponseWriter, r *http.Request) { serveRoster(o, w, r) })
}

// queue hands msg to the client's writer.
func (c *client) queue(msg []byte) { c.send <- msg }

// queue hands msg to the roster client's writer.
func (c *rosterClient) queue(msg []byte) { c.send <- msg }
