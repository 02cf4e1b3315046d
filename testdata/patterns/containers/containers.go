// Package containers: mutexes and conns reached through elements of a
// map, and receivers that may be one of two values.
package containers

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

type session struct {
	mu     sync.Mutex
	conn   *websocket.Conn
	voices map[string]*voice
}

type voice struct {
	mu      sync.Mutex
	conn    *websocket.Conn
	session *session
}

func (v *voice) rejoin() {
	v.session.mu.Lock()
	v.session.conn.WriteMessage(websocket.TextMessage, nil)
	v.session.mu.Unlock()
}

func (s *session) rejoinAll() {
	for _, v := range s.voices {
		go v.rejoin()
	}
}

// reconnect is silent: every rejoin writes the session's conn under the
// session's mutex, however it reaches the voice.
func (s *session) reconnect() {
	go s.rejoinAll()
	for _, v := range s.voices {
		go v.rejoin()
	}
}

// close locks; closeUnlocked, on the same voice.conn, does not: they race.
func (v *voice) close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to v\.conn: WriteMessage may overlap WriteMessage at containers\.go:53 \(containers\.voice\.conn is written there without containers\.voice\.mu, which this holds\)`
}

func (v *voice) closeUnlocked() {
	v.conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to v\.conn: WriteMessage may overlap itself, reached from containers\.go:76 and containers\.go:77 \(goroutine started at containers\.go:76\)`
}

func (s *session) leave(id string) {
	v := s.voices[id]
	if v == nil {
		v = &voice{}
	}
	v.close()
}

// leaveTwice is silent: close locks whichever voice v is.
func (s *session) leaveTwice(id string) {
	go s.leave(id)
	s.leave(id)
}

func (s *session) leaveUnlocked(id string) {
	s.voices[id].closeUnlocked()
}

// leaveTwiceUnlocked races: the same voice, no lock.
func (s *session) leaveTwiceUnlocked(id string) {
	go s.leaveUnlocked(id)
	s.leaveUnlocked(id)
}

// registry broadcasts to every registered conn under its mutex.
type registry struct {
	mu    sync.Mutex
	conns map[*websocket.Conn]bool
}

func (g *registry) broadcast(msg []byte) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.conns {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap WriteMessage at containers\.go:117 \(goroutine started at containers\.go:135\)`
	}
}

// welcomeFirst is silent: the welcome is written before the conn is
// registered, so no broadcast can reach it yet; afterwards only the
// broadcasts (under the mutex) write.
func (g *registry) welcomeFirst(conn *websocket.Conn) {
	conn.WriteMessage(websocket.TextMessage, []byte("welcome"))
	g.mu.Lock()
	g.conns[conn] = true
	g.mu.Unlock()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		g.broadcast(msg)
	}
}

// welcomeLate races: the conn is registered first, and a broadcast from
// another handler can reach it while the welcome is written unlocked.
func (g *registry) welcomeLate(conn *websocket.Conn) {
	g.mu.Lock()
	g.conns[conn] = true
	g.mu.Unlock()
	conn.WriteMessage(websocket.TextMessage, []byte("welcome")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at containers\.go:90 \(goroutine started at containers\.go:128\)`
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		g.broadcast(msg)
	}
}

func (g *registry) serve(mux *http.ServeMux) {
	mux.HandleFunc("/first", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		g.welcomeFirst(conn)
	})
	mux.HandleFunc("/late", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		g.welcomeLate(conn)
	})
}

var upgrader websocket.Upgrader
