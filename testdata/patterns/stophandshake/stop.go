// Package stophandshake: a reconnect that stops the old writer with a
// send on an unbuffered channel before it dials again. The send completes
// only when the old loop has received it, and the loop returns right
// after: the old writer is over before the new one starts.
package stophandshake

import (
	"time"

	"github.com/gorilla/websocket"
)

type Client struct {
	url  string
	conn *websocket.Conn
	send chan []byte
	stop chan struct{}
}

func NewClient(url string) *Client {
	return &Client{url: url, send: make(chan []byte), stop: make(chan struct{})}
}

func (c *Client) Connect() error {
	ws, _, err := websocket.DefaultDialer.Dial(c.url, nil)
	if err != nil {
		return err
	}
	c.conn = ws
	go c.writeLoop()
	return nil
}

func (c *Client) writeLoop() {
	for {
		select {
		case <-c.stop:
			return
		case msg := <-c.send:
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		}
	}
}

// Reconnect stops the old writer, closes its conn and dials again.
func (c *Client) Reconnect() error {
	c.stop <- struct{}{}
	c.conn.Close()
	return c.Connect()
}

// ReconnectLater dials again from a timer.
func (c *Client) ReconnectLater() {
	c.stop <- struct{}{}
	c.conn.Close()
	time.AfterFunc(time.Second, func() { c.Connect() })
}

// Heart pings from a goroutine that stops on a channel made when it
// starts; Restart stops it and starts another.
type Heart struct {
	conn *websocket.Conn
	quit chan bool
}

func (h *Heart) Start() {
	h.quit = make(chan bool)
	go h.beat()
}

func (h *Heart) beat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			h.conn.WriteMessage(websocket.PingMessage, nil)
		case <-h.quit:
			return
		}
	}
}

func (h *Heart) Restart() {
	h.quit <- true
	h.Start()
}

// Twins that race. Sloppy's stop channel is buffered: the send completes
// before the old loop has seen it.
type Sloppy struct {
	conn *websocket.Conn
	stop chan struct{}
}

func (s *Sloppy) Start() {
	s.stop = make(chan struct{}, 1)
	go s.pump()
}

func (s *Sloppy) pump() {
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(time.Second):
			s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap itself, reached from stop.go:\d+:\d+ and stop.go:\d+:\d+ \(goroutine started at stop.go:\d+ and left running by Start; Restart may be called meanwhile\)`
		}
	}
}

func (s *Sloppy) Restart() {
	s.stop <- struct{}{}
	s.Start()
}

// Polite writes a close frame after it receives the stop: it is still
// writing when Restart has sent it and starts the next loop.
type Polite struct {
	conn *websocket.Conn
	stop chan struct{}
}

func (p *Polite) Start() {
	p.stop = make(chan struct{})
	go p.pump()
}

func (p *Polite) pump() {
	for {
		select {
		case <-p.stop:
			p.conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at stop.go:\d+ \(goroutine started at stop.go:\d+ and left running by Start; Restart may be called meanwhile\)`
			return
		case <-time.After(time.Second):
			p.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap .*`
		}
	}
}

func (p *Polite) Restart() {
	p.stop <- struct{}{}
	p.Start()
}

// Pair runs a pinger and a reader that stop on one channel: one send
// stops one of them, and the other may still be running when the next
// pair starts.
type Pair struct {
	conn *websocket.Conn
	stop chan struct{}
}

func (p *Pair) Start() {
	p.stop = make(chan struct{})
	go p.pinger()
	go p.reader()
}

func (p *Pair) pinger() {
	for {
		select {
		case <-p.stop:
			return
		case <-time.After(time.Second):
			p.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap itself, reached from stop.go:\d+:\d+ and stop.go:\d+:\d+ \(goroutine started at stop.go:\d+ and left running by Start; Restart may be called meanwhile\)`
		}
	}
}

func (p *Pair) reader() {
	for {
		select {
		case <-p.stop:
			return
		default:
			if _, _, err := p.conn.ReadMessage(); err != nil { // want `concurrent read from p.conn: ReadMessage may overlap itself, reached from stop.go:\d+:\d+ and stop.go:\d+:\d+ \(goroutine started at stop.go:\d+ and left running by Start; Restart may be called meanwhile\)`
				return
			}
		}
	}
}

func (p *Pair) Restart() {
	p.stop <- struct{}{}
	p.Start()
}

// Supervisor restarts its pump in a loop, stopping the old one first:
// the send is a join on every path from one pump's start to the next.
type Supervisor struct {
	conn *websocket.Conn
	stop chan struct{}
	tick time.Duration
}

func NewSupervisor(conn *websocket.Conn) *Supervisor {
	return &Supervisor{conn: conn, stop: make(chan struct{}, 0), tick: time.Second}
}

func (s *Supervisor) pump() {
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(s.tick):
			s.conn.WriteMessage(websocket.PingMessage, nil)
		}
	}
}

func (s *Supervisor) Run(rounds int) {
	for i := 0; i < rounds; i++ {
		go s.pump()
		time.Sleep(time.Minute)
		s.stop <- struct{}{}
	}
}
