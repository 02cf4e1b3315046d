// Package openworld: clients whose methods leave goroutines running on
// the receiver's conn, while users of the package call the other
// exported methods from goroutines of their own.
package openworld

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Client pings from a goroutine Start leaves running; Send writes from
// whatever goroutine calls it. Nothing in this package calls both.
type Client struct {
	conn *websocket.Conn
}

func (c *Client) Start() {
	go func() {
		for range time.Tick(time.Second) {
			c.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at openworld.go:28 \(goroutine started at openworld.go:20 and left running by Start; Send may be called meanwhile\)`
		}
	}()
}

func (c *Client) Send(msg []byte) error {
	return c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at openworld.go:22 \(goroutine started at openworld.go:20 and left running by Start; Send may be called meanwhile\)`
}

// SafeClient is the fix users apply: the pinger sends with WriteControl.
type SafeClient struct {
	conn *websocket.Conn
}

func (c *SafeClient) Start() {
	go func() {
		for range time.Tick(time.Second) {
			c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
}

func (c *SafeClient) Send(msg []byte) error {
	return c.conn.WriteMessage(websocket.TextMessage, msg)
}

// LockedClient is the other fix: one mutex around every write.
type LockedClient struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (c *LockedClient) Start() {
	go func() {
		for range time.Tick(time.Second) {
			c.mu.Lock()
			c.conn.WriteMessage(websocket.PingMessage, nil)
			c.mu.Unlock()
		}
	}()
}

func (c *LockedClient) Send(msg []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.WriteMessage(websocket.TextMessage, msg)
}

// Worker's writer loop writes without the mutex that Shutdown takes.
type Worker struct {
	mu   sync.Mutex
	conn *websocket.Conn
	out  chan []byte
	quit chan struct{}
	done chan struct{}
}

func (w *Worker) Run() {
	go w.writeLoop()
}

func (w *Worker) writeLoop() {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			return
		case msg := <-w.out:
			w.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to w.conn: WriteMessage may overlap WriteMessage at openworld.go:102 \(goroutine started at openworld.go:80 and left running by Run; Shutdown may be called meanwhile\)`
		}
	}
}

// Send only hands the message to the writer.
func (w *Worker) Send(msg []byte) { w.out <- msg }

// Shutdown writes a close frame under a mutex the writer never takes.
func (w *Worker) Shutdown() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to w.conn: WriteMessage may overlap WriteMessage at openworld.go:90 \(goroutine started at openworld.go:80 and left running by Run; Shutdown may be called meanwhile\)`
}

// Drainer's Close stops the writer and waits for it before writing the
// close frame: the writer is over by then.
type Drainer struct {
	conn *websocket.Conn
	out  chan []byte
	quit chan struct{}
	done chan struct{}
}

func (d *Drainer) Run() {
	go d.writeLoop()
}

func (d *Drainer) writeLoop() {
	defer close(d.done)
	for {
		select {
		case <-d.quit:
			return
		case msg := <-d.out:
			d.conn.WriteMessage(websocket.TextMessage, msg)
		}
	}
}

func (d *Drainer) Close() {
	close(d.quit)
	<-d.done
	d.conn.WriteMessage(websocket.CloseMessage, nil)
}

// Plain has no goroutine of its own: two client goroutines calling Send
// at once would race, but nothing here says the type is meant to be
// shared, so nothing is reported (gorilla's Conn is the same).
type Plain struct {
	conn *websocket.Conn
}

func (p *Plain) Send(msg []byte) error {
	return p.conn.WriteMessage(websocket.TextMessage, msg)
}

func (p *Plain) Ping() error {
	return p.conn.WriteMessage(websocket.PingMessage, nil)
}

// Session is reached from its voice connections through a back
// reference: the reconnect goroutine Open leaves running writes through
// v.session under v.session.mu, JoinVoice writes under s.mu after
// registering the voice connection. One mutex: silent.
type Session struct {
	mu     sync.Mutex
	conn   *websocket.Conn
	voices map[string]*voice
}

type voice struct {
	session *Session
}

func (v *voice) reconnect() {
	for range time.Tick(time.Minute) {
		v.session.mu.Lock()
		v.session.conn.WriteJSON("rejoin")
		v.session.mu.Unlock()
	}
}

func (s *Session) Open() {
	for _, v := range s.voices {
		go v.reconnect()
	}
}

func (s *Session) JoinVoice(id string) {
	v := &voice{session: s}
	s.voices[id] = v
	s.mu.Lock()
	s.conn.WriteJSON("join")
	s.mu.Unlock()
}

// LeakySession's reconnect goroutine forgets the mutex.
type LeakySession struct {
	mu     sync.Mutex
	conn   *websocket.Conn
	voices map[string]*leakyVoice
}

type leakyVoice struct {
	session *LeakySession
}

func (v *leakyVoice) reconnect() {
	for range time.Tick(time.Minute) {
		v.session.conn.WriteJSON("rejoin") // want `concurrent write to v.session.conn: WriteJSON may overlap WriteJSON at openworld.go:\d+ \(goroutine started at openworld.go:\d+ and left running by Open; JoinVoice may be called meanwhile\)`
	}
}

func (s *LeakySession) Open() {
	for _, v := range s.voices {
		go v.reconnect()
	}
}

func (s *LeakySession) JoinVoice(id string) {
	v := &leakyVoice{session: s}
	s.voices[id] = v
	s.mu.Lock()
	s.conn.WriteJSON("join") // want `concurrent write to s.conn: WriteJSON may overlap WriteJSON at openworld.go:\d+ \(goroutine started at openworld.go:\d+ and left running by Open; JoinVoice may be called meanwhile\)`
	s.mu.Unlock()
}
