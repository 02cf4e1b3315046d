// Package interfaces: writes reached through interfaces, resolved to the
// implementations this package can see.
package interfaces

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// wsConn is a hand-written interface that *websocket.Conn satisfies.
type wsConn interface {
	WriteMessage(messageType int, data []byte) error
	Close() error
}

// throughInterface races: both writes go to the same conn through the
// interface value.
func throughInterface(conn *websocket.Conn, updates <-chan []byte) {
	var c wsConn = conn
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at interfaces.go:28`
		}
	}()
	for u := range updates {
		c.WriteMessage(websocket.TextMessage, u) // want `concurrent write to c: WriteMessage may overlap WriteMessage at interfaces.go:24`
	}
}

// pump takes the interface; startPump passes it a *websocket.Conn, so
// its calls are writes to that conn.
func pump(c wsConn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at interfaces.go:41`
		}
	}()
	for u := range updates {
		c.WriteMessage(websocket.TextMessage, u) // want `concurrent write to c: WriteMessage may overlap WriteMessage at interfaces.go:37`
	}
}

func startPump(conn *websocket.Conn, updates <-chan []byte) { pump(conn, updates) }

// replay takes the same interface, but nothing in the package passes it
// a conn (only a recorder): its calls are not websocket writes, though
// the package converts *websocket.Conn to wsConn above.
func replay(c wsConn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil)
		}
	}()
	for u := range updates {
		c.WriteMessage(websocket.TextMessage, u)
	}
}

type recorder struct{ frames [][]byte }

func (r *recorder) WriteMessage(_ int, data []byte) error {
	r.frames = append(r.frames, data)
	return nil
}

func (r *recorder) Close() error { return nil }

func startReplay(updates <-chan []byte) { replay(&recorder{}, updates) }

// closeOnly is safe: Close is safe with everything.
func closeOnly(c wsConn, updates <-chan []byte) {
	go func() {
		time.Sleep(time.Minute)
		c.Close()
	}()
	for u := range updates {
		c.WriteMessage(websocket.TextMessage, u)
	}
}

// sender is implemented by a locking wrapper and a raw one.
type sender interface {
	Send(msg []byte) error
}

type lockedSender struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *lockedSender) Send(msg []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg)
}

type rawSender struct {
	conn *websocket.Conn
}

func (s *rawSender) Send(msg []byte) error {
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap itself, reached from interfaces.go:123 and interfaces.go:126`
}

// broadcastLocked is safe: the only sender converted here for it is
// the locked one.
func broadcastLocked(conn *websocket.Conn, updates <-chan []byte) {
	var s sender = &lockedSender{conn: conn}
	go func() {
		s.Send([]byte("hello"))
	}()
	for u := range updates {
		s.Send(u)
	}
}

// broadcastRaw races through the raw wrapper.
func broadcastRaw(conn *websocket.Conn, updates <-chan []byte) {
	var s sender = &rawSender{conn: conn}
	go func() {
		s.Send([]byte("hello"))
	}()
	for u := range updates {
		s.Send(u)
	}
}

// embedded passes a struct embedding *websocket.Conn as the interface.
type session struct {
	*websocket.Conn
	id string
}

func serveSession(conn *websocket.Conn, updates <-chan []byte) {
	var c wsConn = &session{Conn: conn}
	go func() {
		c.WriteMessage(websocket.TextMessage, []byte("welcome")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at interfaces.go:142`
	}()
	for u := range updates {
		c.WriteMessage(websocket.TextMessage, u) // want `concurrent write to c: WriteMessage may overlap WriteMessage at interfaces.go:139`
	}
}

// unknownImpl is silent: no implementation of notifier is visible.
type notifier interface {
	Notify(msg []byte) error
}

func unknownImpl(n notifier, updates <-chan []byte) {
	go n.Notify([]byte("start"))
	for u := range updates {
		n.Notify(u)
	}
}
