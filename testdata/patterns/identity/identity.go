// Package identity reaches one connection by many names: parameters,
// captured variables, struct fields, an embedded *websocket.Conn and a
// package-level variable.
package identity

import (
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{}

// forward writes one relayed frame.
func forward(dst *websocket.Conn, msg []byte) error {
	return dst.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to dst: WriteMessage may overlap WriteMessage at identity.go:31 \(goroutine started at identity.go:43\)`
}

// relay copies frames from in to dst.
func relay(dst *websocket.Conn, in <-chan []byte) {
	for msg := range in {
		if forward(dst, msg) != nil {
			return
		}
	}
}

// reply answers a client request.
func reply(ws *websocket.Conn, text string) error {
	return ws.WriteMessage(websocket.TextMessage, []byte(text)) // want `concurrent write to ws: WriteMessage may overlap WriteMessage at identity.go:17 \(goroutine started at identity.go:43\)`
}

// ServeRelay is racy: the same conn is dst in relay's goroutine and ws
// in reply, both reached through parameters.
func ServeRelay(feed <-chan []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		go relay(conn, feed)
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			reply(conn, "ack "+string(msg))
		}
	}
}

// ServeCaptured is racy: a closure inside the goroutine captures conn.
func ServeCaptured(w http.ResponseWriter, r *http.Request, alerts <-chan string) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	go func() {
		notify := func(text string) error {
			return conn.WriteJSON(map[string]string{"alert": text}) // want `concurrent write to conn: WriteJSON may overlap`
		}
		for a := range alerts {
			if notify(a) != nil {
				return
			}
		}
	}()
	for range time.Tick(time.Second) {
		if err := conn.WriteJSON(map[string]int64{"now": time.Now().Unix()}); err != nil { // want `concurrent write to conn: WriteJSON may overlap`
			return
		}
	}
}

// Session holds a client connection.
type Session struct {
	ID   string
	conn *websocket.Conn
}

// heartbeat pings the session's connection.
func (s *Session) heartbeat() {
	for range time.Tick(30 * time.Second) {
		if err := s.conn.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to s.conn: WriteMessage may overlap WriteJSON at identity.go:(106|122) \(goroutine started at identity.go:(104|120)\)`
			return
		}
	}
}

// Conn returns the session's connection.
func (s *Session) Conn() *websocket.Conn { return s.conn }

// ServeSessionField is racy: heartbeat writes s.conn, the handler
// writes sess.conn, the same field of the same session.
func ServeSessionField(w http.ResponseWriter, r *http.Request, updates <-chan any) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	sess := &Session{ID: r.RemoteAddr, conn: conn}
	go sess.heartbeat()
	for u := range updates {
		if err := sess.conn.WriteJSON(u); err != nil { // want `concurrent write to sess.conn: WriteJSON may overlap WriteMessage at identity.go:87 \(goroutine started at identity.go:104\)`
			return
		}
	}
}

// ServeSessionAlias is racy: the handler keeps using its local conn,
// which is the conn stored in sess.
func ServeSessionAlias(w http.ResponseWriter, r *http.Request, updates <-chan any) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	sess := &Session{ID: r.RemoteAddr, conn: conn}
	go sess.heartbeat()
	for u := range updates {
		if err := conn.WriteJSON(u); err != nil { // want `concurrent write to conn: WriteJSON may overlap WriteMessage at identity.go:87 \(goroutine started at identity.go:120\)`
			return
		}
	}
}

// ServeSessionGetter is racy: the goroutine reaches the conn through the
// Conn accessor, the handler through the field.
func ServeSessionGetter(sess *Session, updates <-chan any) {
	go func() {
		for u := range updates {
			sess.Conn().WriteJSON(u) // want `concurrent write to [^:]+: WriteJSON may overlap`
		}
	}()
	sess.conn.WriteMessage(websocket.TextMessage, []byte("ready")) // want `concurrent write to sess.conn: WriteMessage may overlap`
}

// ServeSessionLiteral is racy: the session literal handed to the
// goroutine holds the handler's conn.
func ServeSessionLiteral(conn *websocket.Conn, updates <-chan any) {
	go func(s *Session) {
		for u := range updates {
			s.conn.WriteJSON(u) // want `concurrent write to s.conn: WriteJSON may overlap WriteMessage at identity.go:\d+`
		}
	}(&Session{ID: "literal", conn: conn})
	conn.WriteMessage(websocket.TextMessage, []byte("ready")) // want `concurrent write to conn: WriteMessage may overlap WriteJSON at identity.go:\d+`
}

// Peer embeds its connection.
type Peer struct {
	*websocket.Conn
	Name string
}

// ServePeer is racy: promoted WriteJSON in the goroutine, promoted
// WriteMessage in the handler, one embedded conn.
func ServePeer(p *Peer, updates <-chan any) {
	go func() {
		for u := range updates {
			if err := p.WriteJSON(u); err != nil { // want `concurrent write to p(\.Conn)?: WriteJSON may overlap WriteMessage at identity.go:\d+`
				return
			}
		}
	}()
	for range time.Tick(time.Minute) {
		if err := p.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to p(\.Conn)?: WriteMessage may overlap WriteJSON at identity.go:\d+`
			return
		}
	}
}

// ServePeerMixed is racy: p.WriteMessage and p.Conn.WriteMessage are
// the same connection.
func ServePeerMixed(p *Peer, updates <-chan []byte) {
	go func() {
		for u := range updates {
			p.Conn.WriteMessage(websocket.BinaryMessage, u) // want `concurrent write to p.Conn: WriteMessage may overlap WriteMessage at identity.go:\d+`
		}
	}()
	p.WriteMessage(websocket.TextMessage, []byte("hello "+p.Name)) // want `concurrent write to p(\.Conn)?: WriteMessage may overlap WriteMessage at identity.go:\d+`
}

// monitor is the process-wide connection to the monitoring service.
var monitor *websocket.Conn

// ConnectMonitor dials the monitoring service.
func ConnectMonitor(url string) error {
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	monitor = c
	return nil
}

// RunMonitor is racy: a stats goroutine and the error loop both write
// the package-level monitor conn.
func RunMonitor(stats func() any, errs <-chan error) {
	go func() {
		for range time.Tick(10 * time.Second) {
			monitor.WriteJSON(stats()) // want `concurrent write to monitor: WriteJSON may overlap WriteMessage at identity.go:\d+`
		}
	}()
	for err := range errs {
		monitor.WriteMessage(websocket.TextMessage, []byte(err.Error())) // want `concurrent write to monitor: WriteMessage may overlap WriteJSON at identity.go:\d+`
	}
}

// LoadTest is safe: each goroutine dials and writes its own conn.
func LoadTest(url string, clients int, payload []byte) {
	for i := 0; i < clients; i++ {
		go func() {
			c, _, err := websocket.DefaultDialer.Dial(url, nil)
			if err != nil {
				return
			}
			defer c.Close()
			for j := 0; j < 100; j++ {
				if c.WriteMessage(websocket.TextMessage, payload) != nil {
					return
				}
			}
		}()
	}
}

// ServeEach is safe: every goroutine upgrades its own request's conn.
func ServeEach(reqs <-chan struct {
	W http.ResponseWriter
	R *http.Request
}) {
	for q := range reqs {
		go func() {
			c, err := upgrader.Upgrade(q.W, q.R, nil)
			if err != nil {
				return
			}
			defer c.Close()
			c.WriteMessage(websocket.TextMessage, []byte("hi"))
		}()
	}
}

// ServeProxy is safe: two conns, each with one reader and one writer;
// the goroutine writes down, the handler writes up.
func ServeProxy(backendURL string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		up, _, err := websocket.DefaultDialer.Dial(backendURL, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		down, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer down.Close()
		go func() {
			for {
				t, msg, err := up.ReadMessage()
				if err != nil {
					return
				}
				if down.WriteMessage(t, msg) != nil {
					return
				}
			}
		}()
		for {
			t, msg, err := down.ReadMessage()
			if err != nil {
				return
			}
			if up.WriteMessage(t, msg) != nil {
				return
			}
		}
	}
}

// Mirror is safe: the goroutine writes primary, the caller writes
// replica, two different sessions' conns.
func Mirror(primary, replica *Session, msgs <-chan []byte) {
	go func() {
		for m := range msgs {
			primary.conn.WriteMessage(websocket.TextMessage, m)
		}
	}()
	replica.conn.WriteMessage(websocket.TextMessage, []byte("replica attached"))
}

// Sender is the slice of *websocket.Conn the notifier needs, so tests can
// fake it.
type Sender interface {
	WriteMessage(messageType int, data []byte) error
}

// ServeInterface is racy: the goroutine writes through the Sender
// interface, which holds the same conn the handler writes.
func ServeInterface(conn *websocket.Conn, alerts <-chan []byte) {
	var s Sender = conn
	go func() {
		for a := range alerts {
			s.WriteMessage(websocket.TextMessage, a) // want `concurrent write to s: WriteMessage may overlap`
		}
	}()
	conn.WriteMessage(websocket.TextMessage, []byte("ready")) // want `concurrent write to conn: WriteMessage may overlap`
}

// Registry maps user IDs to their connections.
type Registry struct {
	conns map[string]*websocket.Conn
}

// NotifyUser is racy: the goroutine and the caller write the conn stored
// under the same key.
func (g *Registry) NotifyUser(id string, alerts <-chan []byte) {
	go func() {
		for a := range alerts {
			g.conns[id].WriteMessage(websocket.TextMessage, a) // want `concurrent write to g.conns\[id\]: WriteMessage may overlap`
		}
	}()
	g.conns[id].WriteJSON(map[string]string{"status": "subscribed"}) // want `concurrent write to g.conns\[id\]: WriteJSON may overlap`
}
