package identity

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// A back-reference: bind stores the conn in the session the caller made
// (s.conn = c inside the callee), so the pinger's s.conn is the
// handler's c.
type boundSession struct {
	conn *websocket.Conn
}

func (s *boundSession) bind(c *websocket.Conn) { s.conn = c }

func (s *boundSession) ping() {
	for range time.Tick(time.Second) {
		s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at bind.go:\d+ \(goroutine started at bind.go:\d+\)`
	}
}

func serveBound(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &boundSession{}
	s.bind(c)
	go s.ping()
	for {
		_, m, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(websocket.TextMessage, m) // want `concurrent write to c: WriteMessage may overlap WriteMessage at bind.go:\d+ \(goroutine started at bind.go:\d+\)`
	}
}

// The fix: the pinger sends with WriteControl, safe beside any writer.
type controlSession struct {
	conn *websocket.Conn
}

func (s *controlSession) bind(c *websocket.Conn) { s.conn = c }

func (s *controlSession) ping() {
	for range time.Tick(time.Second) {
		s.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	}
}

func serveControl(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &controlSession{}
	s.bind(c)
	go s.ping()
	for {
		_, m, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(websocket.TextMessage, m)
	}
}

// A near miss: the session is bound to a second conn (an upstream the
// handler dials), not to the request's own; the pinger and the loop
// write different conns.
func serveUpstream(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	up, _, err := websocket.DefaultDialer.Dial("ws://upstream/", nil)
	if err != nil {
		return
	}
	s := &boundSession{}
	s.bind(up)
	go s.ping()
	for {
		_, m, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(websocket.TextMessage, m)
	}
}

// A registry whose broadcaster writes every registered session's conn
// under the registry's mutex.
type roster struct {
	mu  sync.Mutex
	all []*rosterSession
}

type rosterSession struct {
	conn *websocket.Conn
}

func (s *rosterSession) bind(c *websocket.Conn) { s.conn = c }

func (r *roster) add(s *rosterSession) {
	r.mu.Lock()
	r.all = append(r.all, s)
	r.mu.Unlock()
}

func (r *roster) run(msgs <-chan []byte) {
	for m := range msgs {
		r.mu.Lock()
		for _, s := range r.all {
			s.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at bind.go:\d+ \(identity.rosterSession.conn is written there without identity.roster.mu, which this holds\)`
		}
		r.mu.Unlock()
	}
}

func startRoster(msgs <-chan []byte) *roster {
	r := &roster{}
	go r.run(msgs)
	return r
}

// joinBound binds, registers, then greets: the broadcaster may write the
// conn meanwhile.
func (r *roster) joinBound(c *websocket.Conn) {
	s := &rosterSession{}
	s.bind(c)
	r.add(s)
	c.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at bind.go:\d+ \(identity.rosterSession.conn is written holding identity.roster.mu there, not here\)`
}

// joinGreeted registers the session before binding it, and greets in
// between: until the bind, the broadcaster cannot reach the conn.
func (r *roster) joinGreeted(c *websocket.Conn) {
	s := &rosterSession{}
	r.add(s)
	c.WriteMessage(websocket.TextMessage, []byte("hello"))
	s.bind(c)
}
