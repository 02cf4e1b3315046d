// Package goroutinebody: exported methods that the package itself runs
// on a goroutine. Such a method is that goroutine: users start it (Start,
// a constructor) and do not call it again beside the goroutine that runs
// it, as they do not call one exported method from two goroutines. The
// package's other exported methods do run beside it.
package goroutinebody

import (
	"time"

	"github.com/gorilla/websocket"
)

// Session's Start installs the pong handler, sets the read deadline and
// runs the read loop, Run, on a goroutine.
type Session struct {
	conn  *websocket.Conn
	pongs int
}

func (s *Session) Start() {
	s.conn.SetPongHandler(func(string) error {
		s.pongs++
		return s.conn.SetReadDeadline(time.Now().Add(time.Minute))
	})
	s.conn.SetReadDeadline(time.Now().Add(time.Minute))
	go s.Run()
}

func (s *Session) Run() {
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// Stream is Session with Resubscribe, which waits for the server's
// answer by reading beside the read loop Start left running: a race.
type Stream struct {
	conn *websocket.Conn
}

func (s *Stream) Start() {
	go s.Run()
}

func (s *Stream) Run() {
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil { // want `concurrent read from s.conn: ReadMessage may overlap ReadMessage at body.go:\d+ \(goroutine started at body.go:\d+ and left running by Start; Resubscribe may be called meanwhile\)`
			return
		}
	}
}

func (s *Stream) Resubscribe(topic string) error {
	if err := s.conn.WriteJSON(map[string]string{"subscribe": topic}); err != nil {
		return err
	}
	_, _, err := s.conn.ReadMessage() // want `concurrent read from s.conn: ReadMessage may overlap ReadMessage at body.go:\d+ \(goroutine started at body.go:\d+ and left running by Start; Resubscribe may be called meanwhile\)`
	return err
}

// A constructor that starts the loop: Reader's Loop is the goroutine
// NewReader leaves running. Ack reads beside it (racy); Loop does not
// run beside itself.
type Reader struct {
	conn *websocket.Conn
}

func NewReader(ws *websocket.Conn) *Reader {
	r := &Reader{conn: ws}
	r.conn.SetReadDeadline(time.Now().Add(time.Minute))
	go r.Loop()
	return r
}

func (r *Reader) Loop() {
	for {
		if _, _, err := r.conn.NextReader(); err != nil { // want `concurrent read from r.conn: NextReader may overlap ReadJSON at body.go:\d+ \(goroutine started at body.go:\d+ and left running by NewReader; Ack may be called meanwhile\)`
			return
		}
	}
}

func (r *Reader) Ack() error {
	var ack struct{ OK bool }
	return r.conn.ReadJSON(&ack) // want `concurrent read from r.conn: ReadJSON may overlap NextReader at body.go:\d+ \(goroutine started at body.go:\d+ and left running by NewReader; Ack may be called meanwhile\)`
}

// The loop started through a helper, as a method value, and by a
// timer: Poller.Poll, Ticker.Tick and Timer.Fire are those goroutines.
type Poller struct {
	conn *websocket.Conn
}

func (p *Poller) Start() { p.spawn() }

func (p *Poller) spawn() { go p.Poll() }

func (p *Poller) Poll() {
	for {
		if _, _, err := p.conn.ReadMessage(); err != nil {
			return
		}
	}
}

type Ticker struct {
	conn *websocket.Conn
}

func (t *Ticker) Start() {
	tick := t.Tick
	go tick()
}

func (t *Ticker) Tick() {
	for range time.Tick(time.Second) {
		if err := t.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
			return
		}
	}
}

type Timer struct {
	conn *websocket.Conn
}

func (t *Timer) Start() {
	time.AfterFunc(time.Second, t.Fire)
}

func (t *Timer) Fire() {
	t.conn.WriteMessage(websocket.TextMessage, []byte("late"))
}

// Pinger's Start runs Tick on a goroutine, and Send writes beside it:
// Tick is the goroutine, Send an entry point, and the two race.
type Pinger struct {
	conn *websocket.Conn
}

func (p *Pinger) Start() {
	tick := p.Tick
	go tick()
}

func (p *Pinger) Tick() {
	for range time.Tick(time.Second) {
		p.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at body.go:\d+ \(goroutine started at body.go:\d+ and left running by Start; Send may be called meanwhile\)`
	}
}

func (p *Pinger) Send(msg []byte) error {
	return p.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at body.go:\d+ \(goroutine started at body.go:\d+ and left running by Start; Send may be called meanwhile\)`
}

// Greeter's goroutine greets with Send, then reads: it runs both, and
// neither is its own function. Send, which users call, writes beside the
// greeting.
type Greeter struct {
	conn *websocket.Conn
}

func (g *Greeter) Start() {
	go func() {
		g.Send([]byte("hello"))
		g.read()
	}()
}

func (g *Greeter) read() {
	for {
		if _, _, err := g.conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (g *Greeter) Send(msg []byte) error {
	return g.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to g.conn: WriteMessage may overlap itself, reached from body.go:\d+ and body.go:\d+ \(goroutine started at body.go:\d+ and left running by Start; Send may be called meanwhile\)`
}
