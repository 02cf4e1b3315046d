// Package timer: a mutex that the package's own timer goroutine takes
// says the guarded writes run beside that goroutine, not beside each
// other. Stream's sendMu keeps the message writes apart from the pinger's
// clearing of the raw network deadline (not a gorilla write); its Send is
// called by one goroutine of the caller's, so the compression switch
// before the lock races with nothing. Pinged's pinger writes the conn
// under the same mutex, so the switch outside it races with the pinger.
package timer

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type Stream struct {
	mu       sync.Mutex
	sendMu   sync.Mutex
	conn     *websocket.Conn
	interval time.Duration
	timer    *time.Timer
	stopped  bool
	minSize  int
}

func NewStream(conn *websocket.Conn, interval time.Duration) *Stream {
	s := &Stream{conn: conn, interval: interval, minSize: 512}
	s.schedule()
	return s
}

func (s *Stream) schedule() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		s.timer = time.AfterFunc(s.interval, s.ping)
	}
}

func (s *Stream) ping() {
	if err := s.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
		return
	}
	s.sendMu.Lock()
	s.conn.NetConn().SetWriteDeadline(time.Time{})
	s.sendMu.Unlock()
	s.schedule()
}

// Send and SendMany are called by the caller's one writer goroutine.
func (s *Stream) Send(data []byte) error { return s.SendMany(data) }

func (s *Stream) SendMany(batch ...[]byte) error {
	for _, data := range batch {
		if err := s.write(data); err != nil {
			return err
		}
	}
	return nil
}

func (s *Stream) write(data []byte) error {
	s.conn.EnableWriteCompression(len(data) > s.minSize)
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	return s.conn.WriteMessage(websocket.TextMessage, data)
}

func (s *Stream) Stop() {
	s.mu.Lock()
	s.stopped = true
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
}

// Pinged pings with a data message under sendMu: the mutex now guards
// the conn against the pinger, and the switch outside it overlaps the
// ping.
type Pinged struct {
	mu       sync.Mutex
	sendMu   sync.Mutex
	conn     *websocket.Conn
	interval time.Duration
	timer    *time.Timer
	stopped  bool
	minSize  int
}

func NewPinged(conn *websocket.Conn, interval time.Duration) *Pinged {
	p := &Pinged{conn: conn, interval: interval, minSize: 512}
	p.schedule()
	return p
}

func (p *Pinged) schedule() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.timer = time.AfterFunc(p.interval, p.ping)
	}
}

func (p *Pinged) ping() {
	p.sendMu.Lock()
	err := p.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap EnableWriteCompression`
	p.sendMu.Unlock()
	if err == nil {
		p.schedule()
	}
}

func (p *Pinged) Send(data []byte) error {
	p.conn.EnableWriteCompression(len(data) > p.minSize) // want `concurrent write to p.conn: EnableWriteCompression may overlap WriteMessage`
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	return p.conn.WriteMessage(websocket.TextMessage, data)
}
