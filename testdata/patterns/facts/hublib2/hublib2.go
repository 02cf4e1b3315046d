// Package hublib2 is a broadcast hub: members join over its register
// channel, and its goroutine, started by NewHub, files them and writes to
// each on every broadcast.
package hublib2

import "github.com/gorilla/websocket"

type Member struct {
	Conn *websocket.Conn
}

type Hub struct {
	register  chan *Member
	broadcast chan []byte
	members   map[*Member]bool
}

func NewHub() *Hub { // want NewHub:`summary\(go write WriteMessage\(r0.members\[\*\].Conn\); new result#0\)`
	h := &Hub{register: make(chan *Member), broadcast: make(chan []byte), members: make(map[*Member]bool)}
	go h.run()
	return h
}

// Join hands m to the hub's goroutine.
func (h *Hub) Join(m *Member) { h.register <- m } // want Join:`summary\(signals ch:p0.register; files p1 as p0.register\[own\]; files p1 as p0.members\[own\]\)`

// Broadcast hands msg to the hub's goroutine.
func (h *Hub) Broadcast(msg []byte) { h.broadcast <- msg } // want Broadcast:`summary\(signals ch:p0.broadcast; files p1 as p0.broadcast\[own\]\)`

func (h *Hub) run() {
	for {
		select {
		case m := <-h.register:
			h.members[m] = true
		case msg := <-h.broadcast:
			for m := range h.members {
				m.Conn.WriteMessage(websocket.TextMessage, msg)
			}
		}
	}
}
