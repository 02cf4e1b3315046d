// Package handed: objects handed to user code through callbacks users
// set. From the call on, user code may call the object's exported
// methods at any time, beside the goroutines the package left writing
// the same conn.
package handed

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

// Session is what OnConnect gets.
type Session struct {
	conn *websocket.Conn
}

// Send writes a message.
func (s *Session) Send(b []byte) error {
	return s.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at handed.go:\d+ \(goroutine started at handed.go:\d+; OnConnect at handed.go:\d+ hands the object to user code, which may call Send meanwhile\)`
}

func (s *Session) pinger() {
	for range time.Tick(time.Second) {
		s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at handed.go:\d+`
	}
}

// Server hands each new session to OnConnect while its pinger runs.
// Reported.
type Server struct {
	OnConnect func(*Session)
}

func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &Session{conn: conn}
	go s.pinger()
	if srv.OnConnect != nil {
		srv.OnConnect(s)
	}
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

// LockedSession's Send and pinger take one mutex: silent.
type LockedSession struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *LockedSession) Send(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, b)
}

func (s *LockedSession) pinger() {
	for range time.Tick(time.Second) {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.PingMessage, nil)
		s.mu.Unlock()
	}
}

type LockedServer struct {
	OnConnect func(*LockedSession)
}

func (srv *LockedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &LockedSession{conn: conn}
	go s.pinger()
	srv.OnConnect(s)
}

// Peer is made by a constructor that starts its keepalive, and handed
// to the callback Serve's caller passes. Reported.
type Peer struct {
	conn *websocket.Conn
}

func newPeer(conn *websocket.Conn) *Peer {
	p := &Peer{conn: conn}
	go p.keepalive()
	return p
}

func (p *Peer) keepalive() {
	for range time.Tick(time.Second) {
		p.conn.SetWriteDeadline(time.Now().Add(time.Second)) // want `concurrent write to p.conn: SetWriteDeadline may overlap WriteJSON at handed.go:\d+`
	}
}

// Reply writes a JSON value.
func (p *Peer) Reply(v any) error {
	return p.conn.WriteJSON(v) // want `concurrent write to p.conn: WriteJSON may overlap SetWriteDeadline at handed.go:\d+ \(goroutine started at handed.go:\d+; onOpen at handed.go:\d+ hands the object to user code, which may call Reply meanwhile\)`
}

// Serve hands the peer to onOpen.
func Serve(conn *websocket.Conn, onOpen func(*Peer)) {
	onOpen(newPeer(conn))
}

// Member is handed to a package-level hook users set.
type Member struct {
	conn *websocket.Conn
	out  chan []byte
}

// Post queues a message for the member's writer: the writer owns the
// conn, so the hook's calls are safe. Silent.
func (m *Member) Post(b []byte) { m.out <- b }

func (m *Member) writer() {
	for b := range m.out {
		m.conn.WriteMessage(websocket.TextMessage, b)
	}
}

// OnJoin is called with each member.
var OnJoin func(*Member)

func join(conn *websocket.Conn) {
	m := &Member{conn: conn, out: make(chan []byte, 8)}
	go m.writer()
	OnJoin(m)
}

// guest is handed to a callback the package sets itself, not users:
// silent.
type guest struct {
	conn *websocket.Conn
}

func (g *guest) Greet() error { return g.conn.WriteMessage(websocket.TextMessage, []byte("hi")) }

func (g *guest) pinger() {
	for range time.Tick(time.Second) {
		g.conn.WriteMessage(websocket.PingMessage, nil)
	}
}

type lobby struct {
	welcome func(*guest)
}

func (l *lobby) admit(conn *websocket.Conn) {
	g := &guest{conn: conn}
	go g.pinger()
	l.welcome(g)
}
