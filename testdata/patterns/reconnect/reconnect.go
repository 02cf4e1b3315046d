// Package reconnect: clients that keep their conn in a field and replace
// it when they reconnect, and constructors that start goroutines.
package reconnect

import (
	"time"

	"github.com/gorilla/websocket"
)

// session dials a new conn into s.conn on every (re)connect; the old
// listener keeps reading the old conn, which it was handed.
type session struct {
	conn *websocket.Conn
}

// open is silent: the hello read is on the conn this call just dialed;
// the listener a later reconnect starts reads another one.
func (s *session) open() {
	conn, _, err := websocket.DefaultDialer.Dial("ws://example.invalid", nil)
	if err != nil {
		s.conn = nil
		return
	}
	s.conn = conn
	s.conn.ReadMessage()
	go s.heartbeat(s.conn)
	go s.listen(s.conn)
}

func (s *session) listen(conn *websocket.Conn) {
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (s *session) heartbeat(conn *websocket.Conn) {
	for range time.Tick(time.Second) {
		if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
			conn.Close()
			s.open()
			return
		}
	}
}

// feed shares its current conn with a broadcaster that reads the field.
type feed struct {
	conn *websocket.Conn
}

// serve races: it stores its conn in f.conn, where the broadcaster
// started earlier finds it, and both write.
func (f *feed) serve(conn *websocket.Conn, updates <-chan []byte) {
	f.conn = conn
	for u := range updates {
		f.conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to f.conn: WriteMessage may overlap WriteMessage at reconnect.go:65`
	}
}

func (f *feed) broadcast(msgs <-chan []byte) {
	for m := range msgs {
		f.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to f.conn: WriteMessage may overlap WriteMessage at reconnect.go:59`
	}
}

func (f *feed) run(conn *websocket.Conn, updates, msgs <-chan []byte) {
	go f.broadcast(msgs)
	f.serve(conn, updates)
}

// client is built by a constructor that starts its heartbeat.
type client struct {
	conn *websocket.Conn
}

func newClient(conn *websocket.Conn) *client {
	c := &client{conn: conn}
	go c.heartbeat()
	return c
}

func (c *client) heartbeat() {
	for range time.Tick(10 * time.Second) {
		c.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at reconnect.go:92`
	}
}

func (c *client) send(m []byte) error {
	return c.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at reconnect.go:87`
}

// serveClient races: the constructor's heartbeat writes while the caller
// sends through the client it returned.
func serveClient(conn *websocket.Conn) {
	c := newClient(conn)
	c.send([]byte("update"))
}

// controlClient's constructor pings with WriteControl: silent.
type controlClient struct {
	conn *websocket.Conn
}

func newControlClient(conn *websocket.Conn) *controlClient {
	c := &controlClient{conn: conn}
	go func() {
		for range time.Tick(10 * time.Second) {
			c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	return c
}

func serveControlClient(conn *websocket.Conn) {
	c := newControlClient(conn)
	c.conn.WriteMessage(websocket.TextMessage, []byte("update"))
}
