package identity

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// One conn under two names: a constructor keeps the conn it is given in
// its object's field and in a field of a struct it holds. The goroutine
// the constructor leaves running writes one name; an exported method
// writes the other.

type notifier struct {
	conn *websocket.Conn
}

// Agent keeps the conn itself and in its notifier.
type Agent struct {
	conn *websocket.Conn
	note *notifier
}

func NewAgent(conn *websocket.Conn) *Agent {
	a := &Agent{conn: conn, note: &notifier{conn: conn}}
	go a.heartbeat()
	return a
}

func (a *Agent) heartbeat() {
	for range time.Tick(time.Second) {
		a.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to a.conn: WriteMessage may overlap WriteMessage at twonames.go:\d+`
	}
}

// Notify writes through the notifier's name for the conn. Reported.
func (a *Agent) Notify(b []byte) {
	a.note.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to a.note.conn: WriteMessage may overlap WriteMessage at twonames.go:\d+`
}

// LockedAgent takes one mutex on both sides: silent.
type LockedAgent struct {
	mu   sync.Mutex
	conn *websocket.Conn
	note *notifier
}

func NewLockedAgent(conn *websocket.Conn) *LockedAgent {
	a := &LockedAgent{conn: conn, note: &notifier{conn: conn}}
	go a.heartbeat()
	return a
}

func (a *LockedAgent) heartbeat() {
	for range time.Tick(time.Second) {
		a.mu.Lock()
		a.conn.WriteMessage(websocket.PingMessage, nil)
		a.mu.Unlock()
	}
}

func (a *LockedAgent) Notify(b []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.note.conn.WriteMessage(websocket.TextMessage, b)
}

// forwarder is made by its own constructor.
type forwarder struct {
	conn *websocket.Conn
}

func newForwarder(conn *websocket.Conn) *forwarder { return &forwarder{conn: conn} }

// Bridge gets its second name from newForwarder. Reported.
type Bridge struct {
	conn *websocket.Conn
	out  *forwarder
}

func NewBridge(conn *websocket.Conn) *Bridge {
	b := &Bridge{conn: conn, out: newForwarder(conn)}
	go b.keepalive()
	return b
}

func (b *Bridge) keepalive() {
	for range time.Tick(time.Second) {
		b.conn.SetWriteDeadline(time.Now().Add(time.Second)) // want `concurrent write to b.conn: SetWriteDeadline may overlap WriteMessage at twonames.go:\d+`
	}
}

func (b *Bridge) Forward(msg []byte) {
	b.out.conn.WriteMessage(websocket.BinaryMessage, msg) // want `concurrent write to b.out.conn: WriteMessage may overlap SetWriteDeadline at twonames.go:\d+`
}

// Splitter keeps two different conns: silent.
type Splitter struct {
	conn *websocket.Conn
	out  *forwarder
}

func NewSplitter(conn, other *websocket.Conn) *Splitter {
	m := &Splitter{conn: conn, out: newForwarder(other)}
	go m.keepalive()
	return m
}

func (m *Splitter) keepalive() {
	for range time.Tick(time.Second) {
		m.conn.SetWriteDeadline(time.Now().Add(time.Second))
	}
}

func (m *Splitter) Forward(msg []byte) {
	m.out.conn.WriteMessage(websocket.BinaryMessage, msg)
}
