// Package twohubs: one client registered with two hub goroutines over
// their register channels. Each hub files what it receives in its own
// registry and writes its clients, so the same client's conn is written
// by both hubs at once. The fix gives each client its own mutex.
package twohubs

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

type member struct {
	conn *websocket.Conn
}

type hub struct {
	register  chan *member
	broadcast chan []byte
	members   map[*member]bool
}

func newHub() *hub {
	return &hub{register: make(chan *member), broadcast: make(chan []byte), members: make(map[*member]bool)}
}

func (h *hub) run() {
	for {
		select {
		case m := <-h.register:
			h.members[m] = true
		case msg := <-h.broadcast:
			for m := range h.members {
				m.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to m.conn: WriteMessage may overlap itself, reached from twohubs.go:\d+ and twohubs.go:\d+`
			}
		}
	}
}

var (
	news   = newHub()
	alerts = newHub()
)

// Start runs both hubs.
func Start() {
	go news.run()
	go alerts.run()
}

// Publish hands a message to one hub.
func Publish(alert bool, msg []byte) {
	if alert {
		alerts.broadcast <- msg
		return
	}
	news.broadcast <- msg
}

// serve registers the member with both hubs.
func serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	m := &member{conn: conn}
	news.register <- m
	alerts.register <- m
}

// The same with the hubs in a table, registered in a loop, and a
// member whose mutex both hubs take: silent.

type lockedMember struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

type lockedHub struct {
	register  chan *lockedMember
	broadcast chan []byte
	members   map[*lockedMember]bool
}

func (h *lockedHub) run() {
	for {
		select {
		case m := <-h.register:
			h.members[m] = true
		case msg := <-h.broadcast:
			for m := range h.members {
				m.mu.Lock()
				m.conn.WriteMessage(websocket.TextMessage, msg)
				m.mu.Unlock()
			}
		}
	}
}

var rooms = map[string]*lockedHub{}

// StartRooms runs a hub per room.
func StartRooms(names []string) {
	for _, n := range names {
		h := &lockedHub{register: make(chan *lockedMember), broadcast: make(chan []byte), members: make(map[*lockedMember]bool)}
		rooms[n] = h
		go h.run()
	}
}

// Say hands a message to a room's hub.
func Say(room string, msg []byte) { rooms[room].broadcast <- msg }

func serveRooms(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	m := &lockedMember{conn: conn}
	for _, h := range rooms {
		h.register <- m
	}
}

// single registers with one hub only: its conn is one hub's. Silent.
type soloHub struct {
	register  chan *member
	broadcast chan []byte
	members   map[*member]bool
}

func (h *soloHub) run() {
	for {
		select {
		case m := <-h.register:
			h.members[m] = true
		case msg := <-h.broadcast:
			for m := range h.members {
				m.conn.WriteMessage(websocket.TextMessage, msg)
			}
		}
	}
}

var solo = &soloHub{register: make(chan *member), broadcast: make(chan []byte), members: make(map[*member]bool)}

// StartSolo runs the one hub.
func StartSolo() { go solo.run() }

// Shout hands a message to it.
func Shout(msg []byte) { solo.broadcast <- msg }

func serveSolo(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	solo.register <- &member{conn: conn}
}
