// Package runners hands functions that write to a conn to a loop of its
// own: a dispatcher whose goroutine, started by its constructor, runs the
// functions filed with it one at a time, later.
package runners

import (
	"time"

	"github.com/gorilla/websocket"
)

type dispatcher struct {
	jobs chan func()
}

func newDispatcher() *dispatcher {
	d := &dispatcher{jobs: make(chan func(), 16)}
	go d.loop()
	return d
}

// after files f for the loop.
func (d *dispatcher) after(f func()) {
	d.jobs <- f
}

// now runs f in place.
func (d *dispatcher) now(f func()) {
	f()
}

func (d *dispatcher) loop() {
	for f := range d.jobs {
		f()
	}
}

type client struct {
	conn *websocket.Conn
	d    *dispatcher
}

// serve files a heartbeat (a method value) and writes replies itself.
func (c *client) serve() {
	c.d.after(c.heartbeat)
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at runners.go:\d+ \(run later by \(\*runners.dispatcher\).loop, handed over at runners.go:45\)`
	}
}

func (c *client) heartbeat() {
	c.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at runners.go:\d+`
}

// serveFiled is the fix: the replies are filed too, and the loop runs
// them one at a time.
func (c *client) serveFiled() {
	c.d.after(func() {
		c.conn.WriteMessage(websocket.PingMessage, nil)
	})
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.d.after(func() {
			c.conn.WriteMessage(websocket.TextMessage, msg)
		})
	}
}

// serveNow: now runs the heartbeat before it returns.
func (c *client) serveNow() {
	c.d.now(func() {
		c.conn.WriteMessage(websocket.PingMessage, nil)
	})
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.conn.WriteMessage(websocket.TextMessage, msg)
	}
}

// Session is set up by its constructor, which files a keepalive through
// a getter of the dispatcher; its users call Send meanwhile.
type Session struct {
	conn *websocket.Conn
	disp *dispatcher
}

func (s *Session) dispatcher() *dispatcher { return s.disp }

func NewSession(conn *websocket.Conn) *Session {
	s := &Session{conn: conn, disp: newDispatcher()}
	s.dispatcher().after(func() {
		s.conn.SetWriteDeadline(time.Now().Add(time.Second)) // want `concurrent write to s.conn: SetWriteDeadline may overlap WriteMessage at runners.go:\d+`
		s.conn.WriteMessage(websocket.PingMessage, nil)      // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at runners.go:\d+`
	})
	return s
}

func (s *Session) Send(msg []byte) error {
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap (SetWriteDeadline|WriteMessage) at runners.go:\d+`
}

// Quiet files a keepalive that only sends control frames: silent.
type Quiet struct {
	conn *websocket.Conn
	disp *dispatcher
}

func NewQuiet(conn *websocket.Conn) *Quiet {
	q := &Quiet{conn: conn, disp: newDispatcher()}
	q.disp.after(func() {
		q.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	})
	return q
}

func (q *Quiet) Send(msg []byte) error {
	return q.conn.WriteMessage(websocket.TextMessage, msg)
}

// Client's read loop runs the handlers filed with On in place, and
// answers pings itself: the handlers and the answers share its
// goroutine.
type Client struct {
	conn     *websocket.Conn
	handlers map[string]func([]byte)
}

func Dial(conn *websocket.Conn) *Client {
	c := &Client{conn: conn, handlers: make(map[string]func([]byte))}
	go c.readLoop()
	return c
}

func (c *Client) On(event string, h func([]byte)) {
	c.handlers[event] = h
}

func (c *Client) readLoop() {
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		if string(msg) == "ping" {
			c.conn.WriteMessage(websocket.TextMessage, []byte("pong"))
			continue
		}
		for _, h := range c.handlers {
			h(msg)
		}
	}
}

// echoOn is silent: the echo runs on the read loop, between its pongs.
func echoOn(conn *websocket.Conn) {
	c := Dial(conn)
	c.On("echo", func(msg []byte) {
		c.conn.WriteMessage(websocket.TextMessage, msg)
	})
}
