package handlers

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Handlers installed where the conn is not read: by a constructor, a dial
// helper or a login step. The handler belongs to the conn, and runs at
// every later read of the field that keeps it, on the reader's goroutine.

// peer's constructor installs a method value; Start runs the reader and
// the writer.
type peer struct {
	conn *websocket.Conn
	out  chan []byte
}

func newPeer(conn *websocket.Conn) *peer {
	p := &peer{conn: conn, out: make(chan []byte)}
	conn.SetPingHandler(p.answerPing)
	return p
}

func (p *peer) answerPing(data string) error {
	return p.conn.WriteMessage(websocket.PongMessage, []byte(data)) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at homes.go:\d+`
}

func (p *peer) Start() {
	go p.readLoop()
	go p.writeLoop()
}

func (p *peer) Send(b []byte) { p.out <- b }

func (p *peer) readLoop() {
	for {
		if _, _, err := p.conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (p *peer) writeLoop() {
	for b := range p.out {
		p.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to p.conn: WriteMessage may overlap WriteMessage at homes.go:\d+`
	}
}

// lockedPeer is the same with one mutex around both writes: silent.
type lockedPeer struct {
	mu   sync.Mutex
	conn *websocket.Conn
	out  chan []byte
}

func newLockedPeer(conn *websocket.Conn) *lockedPeer {
	p := &lockedPeer{conn: conn, out: make(chan []byte)}
	conn.SetPingHandler(p.answerPing)
	return p
}

func (p *lockedPeer) answerPing(data string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conn.WriteMessage(websocket.PongMessage, []byte(data))
}

func (p *lockedPeer) Start() {
	go p.readLoop()
	go p.writeLoop()
}

func (p *lockedPeer) Send(b []byte) { p.out <- b }

func (p *lockedPeer) readLoop() {
	for {
		if _, _, err := p.conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (p *lockedPeer) writeLoop() {
	for b := range p.out {
		p.mu.Lock()
		p.conn.WriteMessage(websocket.TextMessage, b)
		p.mu.Unlock()
	}
}

// dialKeepalive installs a pong handler on the conn it dials, a closure
// over the local; the callers keep the conn in a field.
func dialKeepalive(url string) (*websocket.Conn, error) {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	conn.SetPongHandler(func(string) error {
		return conn.SetWriteDeadline(time.Now().Add(time.Minute)) // want `concurrent write to conn: SetWriteDeadline may overlap WriteMessage at homes.go:\d+`
	})
	return conn, nil
}

type feed struct {
	conn *websocket.Conn
}

// runFeed reads on a goroutine and writes on a ticker: the pong
// handler's SetWriteDeadline runs on the reader. Reported.
func runFeed(url string) {
	conn, err := dialKeepalive(url)
	if err != nil {
		return
	}
	f := &feed{conn: conn}
	go f.readLoop()
	for range time.Tick(time.Second) {
		f.conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to f.conn: WriteMessage may overlap SetWriteDeadline at homes.go:\d+`
	}
}

func (f *feed) readLoop() {
	for {
		if _, _, err := f.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// dialQuiet's pong handler only moves the read deadline, which the
// reader owns: silent.
func dialQuiet(url string) (*websocket.Conn, error) {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(time.Minute))
	})
	return conn, nil
}

type quietFeed struct {
	conn *websocket.Conn
}

func runQuietFeed(url string) {
	conn, err := dialQuiet(url)
	if err != nil {
		return
	}
	f := &quietFeed{conn: conn}
	go f.readLoop()
	for range time.Tick(time.Second) {
		f.conn.WriteMessage(websocket.TextMessage, nil)
	}
}

func (f *quietFeed) readLoop() {
	for {
		if _, _, err := f.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// session's login step installs the handler, a closure over the
// session, before Run starts the reader and writes on a ticker.
type session struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *session) login() {
	s.conn.SetPingHandler(func(data string) error {
		return s.conn.WriteMessage(websocket.PongMessage, []byte(data)) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at homes.go:\d+`
	})
	s.conn.WriteMessage(websocket.TextMessage, []byte("login"))
}

func (s *session) Run() {
	s.login()
	go s.readLoop()
	for range time.Tick(time.Second) {
		s.conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at homes.go:\d+`
	}
}

func (s *session) readLoop() {
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// lockedSession2's handler and ticker take the session's mutex: silent.
type lockedSession2 struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *lockedSession2) login() {
	s.conn.SetPingHandler(func(data string) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.conn.WriteMessage(websocket.PongMessage, []byte(data))
	})
}

func (s *lockedSession2) Run() {
	s.login()
	go s.readLoop()
	for range time.Tick(time.Second) {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.TextMessage, nil)
		s.mu.Unlock()
	}
}

func (s *lockedSession2) readLoop() {
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// answerPings is a helper that installs the handler on the conn it is
// given; room's constructor keeps that conn.
func answerPings(conn *websocket.Conn) {
	conn.SetPingHandler(func(data string) error {
		return conn.WriteMessage(websocket.PongMessage, []byte(data)) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at homes.go:\d+`
	})
}

type room struct {
	conn *websocket.Conn
	out  chan []byte
}

func newRoom(conn *websocket.Conn) *room {
	answerPings(conn)
	r := &room{conn: conn, out: make(chan []byte)}
	go r.readLoop()
	go r.writeLoop()
	return r
}

func (r *room) Send(b []byte) { r.out <- b }

func (r *room) readLoop() {
	for {
		if _, _, err := r.conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (r *room) writeLoop() {
	for b := range r.out {
		r.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to r.conn: WriteMessage may overlap WriteMessage at homes.go:\d+`
	}
}
