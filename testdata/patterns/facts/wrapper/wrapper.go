// Package wrapper wraps a gorilla conn and guards its own Write with a
// mutex. Embedding makes gorilla's WriteMessage a method of Conn too:
// promoted, unguarded. Conn is a wrapper to analyse, not a fork of
// gorilla's Conn, although its method set has gorilla's API.
package wrapper

import (
	"sync"

	"github.com/gorilla/websocket"
)

type Conn struct { // want Conn:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Conn\.Conn\ under\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Conn\.writeMu\)`
	*websocket.Conn
	writeMu *sync.Mutex
}

func New(c *websocket.Conn) *Conn { // want New:`summary\(returns#0.Conn p0; new result#0\)`
	return &Conn{Conn: c, writeMu: new(sync.Mutex)}
}

// Write is the io.Writer the package's users hand to io.Copy.
func (c *Conn) Write(p []byte) (int, error) { // want Write:`summary\(write WriteMessage\(p0.Conn\) under p0.writeMu\)`
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if err := c.Conn.WriteMessage(websocket.BinaryMessage, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Shielded shadows the promoted WriteMessage with a guarded one: the
// fix.
type Shielded struct { // want Shielded:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Shielded\.Conn\ under\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Shielded\.writeMu\)`
	*websocket.Conn
	writeMu *sync.Mutex
}

func NewShielded(c *websocket.Conn) *Shielded { // want NewShielded:`summary\(returns#0.Conn p0; new result#0\)`
	return &Shielded{Conn: c, writeMu: new(sync.Mutex)}
}

func (s *Shielded) Write(p []byte) (int, error) { // want Write:`summary\(write WriteMessage\(p0.Conn\) under p0.writeMu\)`
	if err := s.WriteMessage(websocket.BinaryMessage, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (s *Shielded) WriteMessage(kind int, p []byte) error { // want WriteMessage:`summary\(write WriteMessage\(p0.Conn\) under p0.writeMu\)`
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.Conn.WriteMessage(kind, p)
}

// Session writes its conn under writeMu everywhere; Close also holds
// the session's own lock around it. A write elsewhere under writeMu
// alone is ordered with Close's.
type Session struct { // want Session:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Session\.ws\ under\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Session\.writeMu;\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Session\.ws\ under\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Session\.RWMutex\+o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper\.Session\.writeMu\)`
	sync.RWMutex
	writeMu sync.Mutex
	ws      *websocket.Conn
}

func (s *Session) Join(room string) error { // want Join:`summary\(write WriteJSON\(p0.ws\) under p0.writeMu\)`
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.ws.WriteJSON(room)
}

func (s *Session) Close() error { // want Close:`summary\(write WriteMessage\(p0.ws\) under p0.RWMutex under p0.writeMu\)`
	s.Lock()
	defer s.Unlock()
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.ws.WriteMessage(websocket.CloseMessage, nil)
}
