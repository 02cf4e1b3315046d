// Package locktable: a mutex per conn, kept in a map keyed by the conn.
// The handler writes its conn under the entry it looked up; a broadcast
// ranges over the map and writes each key under the value beside it, or
// looks the entry up by the conn it ranges over elsewhere. Both hold the
// map's entry for the conn they write: one mutex. A broadcast that takes
// another conn's entry, or none, races.
package locktable

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

// Server keeps one mutex per conn. Silent.
type Server struct {
	mu    sync.Mutex
	locks map[*websocket.Conn]*sync.Mutex
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.locks[conn] = &sync.Mutex{}
	lock := s.locks[conn]
	s.mu.Unlock()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		go func() {
			lock.Lock()
			defer lock.Unlock()
			conn.WriteMessage(websocket.TextMessage, msg)
		}()
	}
}

func (s *Server) broadcast(msg []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, l := range s.locks {
		go func() {
			l.Lock()
			defer l.Unlock()
			c.WriteMessage(websocket.TextMessage, msg)
		}()
	}
}

func Serve(s *Server) {
	http.HandleFunc("/ws", s.handle)
	go func() {
		for {
			s.broadcast([]byte("tick"))
		}
	}()
}

// Hub keeps its conns in a set and their mutexes in a table, and looks
// each conn's mutex up by the conn. Silent.
type Hub struct {
	mu    sync.Mutex
	conns map[*websocket.Conn]bool
	locks map[*websocket.Conn]*sync.Mutex
}

func (h *Hub) add(conn *websocket.Conn) {
	h.mu.Lock()
	h.conns[conn] = true
	h.locks[conn] = new(sync.Mutex)
	h.mu.Unlock()
}

func (h *Hub) reply(conn *websocket.Conn, msg []byte) {
	h.mu.Lock()
	l := h.locks[conn]
	h.mu.Unlock()
	l.Lock()
	conn.WriteMessage(websocket.TextMessage, msg)
	l.Unlock()
}

func (h *Hub) notify(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		l := h.locks[c]
		l.Lock()
		c.WriteMessage(websocket.TextMessage, msg)
		l.Unlock()
	}
}

func RunHub(h *Hub, conn *websocket.Conn) {
	h.add(conn)
	go h.notify([]byte("joined"))
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		h.reply(conn, msg)
	}
}

// Loose broadcasts without taking the conn's entry. Reported.
type Loose struct {
	mu    sync.Mutex
	locks map[*websocket.Conn]*sync.Mutex
}

func (s *Loose) handle(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.locks[conn] = &sync.Mutex{}
	lock := s.locks[conn]
	s.mu.Unlock()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		lock.Lock()
		conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write`
		lock.Unlock()
	}
}

func (s *Loose) broadcast(msg []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.locks {
		go c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write`
	}
}

func ServeLoose(s *Loose) {
	http.HandleFunc("/loose", s.handle)
	go func() {
		for {
			s.broadcast([]byte("tick"))
		}
	}()
}

// Crossed takes the entry of the first conn it finds for every write.
// Reported.
type Crossed struct {
	mu    sync.Mutex
	first *websocket.Conn
	locks map[*websocket.Conn]*sync.Mutex
}

func (s *Crossed) reply(conn *websocket.Conn, msg []byte) {
	s.mu.Lock()
	l := s.locks[conn]
	s.mu.Unlock()
	l.Lock()
	conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write`
	l.Unlock()
}

func (s *Crossed) broadcast(msg []byte) {
	s.mu.Lock()
	l := s.locks[s.first]
	s.mu.Unlock()
	for c := range s.locks {
		l.Lock()
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write`
		l.Unlock()
	}
}

func RunCrossed(s *Crossed, conn *websocket.Conn) {
	s.mu.Lock()
	s.locks[conn] = new(sync.Mutex)
	s.mu.Unlock()
	go s.broadcast([]byte("joined"))
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		s.reply(conn, msg)
	}
}
