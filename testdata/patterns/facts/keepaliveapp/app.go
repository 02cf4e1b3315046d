// Package keepaliveapp keeps conns whose handlers keepalive installed,
// reads them on one goroutine and writes them on another.
package keepaliveapp

import (
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/keepalive"
)

type stream struct {
	conn *websocket.Conn
	out  chan []byte
}

// openStream dials through keepalive.Dial: its pong handler runs on the
// reader while the writer writes. Reported at the read that runs it and
// at the write.
func openStream(url string) (*stream, error) {
	conn, err := keepalive.Dial(url)
	if err != nil {
		return nil, err
	}
	s := &stream{conn: conn, out: make(chan []byte)}
	go s.readLoop()
	go s.writeLoop()
	return s, nil
}

func (s *stream) Send(b []byte) { s.out <- b } // want Send:`signals ch:p0.out`

func (s *stream) readLoop() {
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil { // want `concurrent write to s.conn: SetWriteDeadline may overlap WriteMessage`
			return
		}
	}
}

func (s *stream) writeLoop() {
	for b := range s.out {
		s.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to s.conn: WriteMessage may overlap`
	}
}

type member struct {
	conn *websocket.Conn
}

// newMember has keepalive answer pings on the conn it keeps: the answer
// runs on the reader, beside the ticker's writes. Reported.
func newMember(conn *websocket.Conn) *member {
	keepalive.Answer(conn)
	return &member{conn: conn}
}

func (m *member) run() {
	go m.readLoop()
	for range time.Tick(time.Second) {
		m.conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to m.conn: WriteMessage may overlap WriteMessage`
	}
}

func (m *member) readLoop() {
	for {
		if _, _, err := m.conn.ReadMessage(); err != nil { // want `concurrent write to m.conn: WriteMessage may overlap WriteMessage`
			return
		}
	}
}

type quietMember struct {
	conn *websocket.Conn
}

// newQuietMember answers with WriteControl: silent.
func newQuietMember(conn *websocket.Conn) *quietMember {
	keepalive.AnswerControl(conn)
	return &quietMember{conn: conn}
}

func (m *quietMember) run() {
	go m.readLoop()
	for range time.Tick(time.Second) {
		m.conn.WriteMessage(websocket.TextMessage, nil)
	}
}

func (m *quietMember) readLoop() {
	for {
		if _, _, err := m.conn.ReadMessage(); err != nil {
			return
		}
	}
}
