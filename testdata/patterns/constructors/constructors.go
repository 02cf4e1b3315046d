// Package constructors: constructors that dial, build the object they
// return and leave its goroutines running (a pinger, a reader that
// answers), while users call the object's exported methods from
// goroutines of their own.
package constructors

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Pinger: NewPinger leaves ping running on the object it returns; Send
// writes the same conn from whichever goroutine calls it.
type Pinger struct {
	conn *websocket.Conn
}

func NewPinger(url string) (*Pinger, error) {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	p := &Pinger{conn: conn}
	go p.ping()
	return p, nil
}

func (p *Pinger) ping() {
	for range time.Tick(time.Second) {
		p.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:26 and left running by NewPinger; Send may be called meanwhile\)`
	}
}

func (p *Pinger) Send(msg []byte) error {
	return p.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:26 and left running by NewPinger; Send may be called meanwhile\)`
}

// Echo's constructor starts a closure over the dialled conn itself (not
// the field): it is the same conn Reply writes through the field.
type Echo struct {
	ws *websocket.Conn
}

func NewEcho(url string) (*Echo, error) {
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			_, msg, err := ws.ReadMessage()
			if err != nil {
				return
			}
			ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to ws: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:51 and left running by NewEcho; Reply may be called meanwhile\)`
		}
	}()
	return &Echo{ws: ws}, nil
}

func (e *Echo) Reply(msg []byte) error {
	return e.ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to e.ws: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:51 and left running by NewEcho; Reply may be called meanwhile\)`
}

// newSession is unexported; Open returns what it built, goroutine and all.
type Session struct {
	conn *websocket.Conn
}

func newSession(conn *websocket.Conn) *Session {
	s := &Session{conn: conn}
	go s.keepAlive()
	return s
}

func (s *Session) keepAlive() {
	for range time.Tick(time.Second) {
		s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:\d+ and left running by Open; Publish may be called meanwhile\)`
	}
}

func Open(conn *websocket.Conn) *Session {
	return newSession(conn)
}

func (s *Session) Publish(msg []byte) error {
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:\d+ and left running by Open; Publish may be called meanwhile\)`
}

// The fixes users apply.

// LockedPinger: one mutex around every write, the pinger's included.
type LockedPinger struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func NewLockedPinger(conn *websocket.Conn) *LockedPinger {
	p := &LockedPinger{conn: conn}
	go func() {
		for range time.Tick(time.Second) {
			p.mu.Lock()
			p.conn.WriteMessage(websocket.PingMessage, nil)
			p.mu.Unlock()
		}
	}()
	return p
}

func (p *LockedPinger) Send(msg []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conn.WriteMessage(websocket.TextMessage, msg)
}

// ControlPinger pings with WriteControl, safe beside any writer.
type ControlPinger struct {
	conn *websocket.Conn
}

func NewControlPinger(conn *websocket.Conn) *ControlPinger {
	p := &ControlPinger{conn: conn}
	go func() {
		for range time.Tick(time.Second) {
			p.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	return p
}

func (p *ControlPinger) Send(msg []byte) error {
	return p.conn.WriteMessage(websocket.TextMessage, msg)
}

// Pump: the writer goroutine the constructor starts owns the conn;
// Send only hands it the message.
type Pump struct {
	conn *websocket.Conn
	out  chan []byte
}

func NewPump(conn *websocket.Conn) *Pump {
	p := &Pump{conn: conn, out: make(chan []byte)}
	go p.write()
	return p
}

func (p *Pump) write() {
	for msg := range p.out {
		p.conn.WriteMessage(websocket.TextMessage, msg)
	}
}

func (p *Pump) Send(msg []byte) { p.out <- msg }

// Private: the constructor's goroutine writes a conn the object never
// holds; the methods can't reach it.
type Private struct {
	conn *websocket.Conn
}

func NewPrivate(url string, conn *websocket.Conn) *Private {
	own, _, _ := websocket.DefaultDialer.Dial(url, nil)
	go func() {
		own.WriteMessage(websocket.PingMessage, nil)
	}()
	return &Private{conn: conn}
}

func (p *Private) Send(msg []byte) error {
	return p.conn.WriteMessage(websocket.TextMessage, msg)
}

// Stoppable's Close stops the writer its constructor started and waits
// for it before writing the close frame: the writer is over by then.
type Stoppable struct {
	conn *websocket.Conn
	out  chan []byte
	quit chan struct{}
	done chan struct{}
}

func NewStoppable(conn *websocket.Conn) *Stoppable {
	s := &Stoppable{conn: conn, out: make(chan []byte), quit: make(chan struct{}), done: make(chan struct{})}
	go s.writer()
	return s
}

func (s *Stoppable) writer() {
	defer close(s.done)
	for {
		select {
		case msg := <-s.out:
			s.conn.WriteMessage(websocket.TextMessage, msg)
		case <-s.quit:
			return
		}
	}
}

func (s *Stoppable) Send(msg []byte) { s.out <- msg }

func (s *Stoppable) Close() error {
	close(s.quit)
	<-s.done
	return s.conn.WriteMessage(websocket.CloseMessage, nil)
}

// Hasty's Close signals the writer to stop but does not wait for it.
type Hasty struct {
	conn *websocket.Conn
	out  chan []byte
	quit chan struct{}
}

func NewHasty(conn *websocket.Conn) *Hasty {
	h := &Hasty{conn: conn, out: make(chan []byte), quit: make(chan struct{})}
	go h.writer()
	return h
}

func (h *Hasty) writer() {
	for {
		select {
		case msg := <-h.out:
			h.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to h.conn: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:\d+ and left running by NewHasty; Close may be called meanwhile\)`
		case <-h.quit:
			return
		}
	}
}

func (h *Hasty) Close() error {
	close(h.quit)
	return h.conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to h.conn: WriteMessage may overlap WriteMessage at constructors.go:\d+ \(goroutine started at constructors.go:\d+ and left running by NewHasty; Close may be called meanwhile\)`
}
