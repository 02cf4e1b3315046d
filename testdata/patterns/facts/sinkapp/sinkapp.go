// Package sinkapp implements sinklib's interfaces with gorilla conns.
// Each implementation turns compression on or off before taking its own
// write mutex, as a sink that compresses only large messages does. Where
// sinklib calls the methods only under one mutex of its own, the two
// never meet; where it does not, or where other packages can call the
// methods directly, they race.
package sinkapp

import (
	"sync"

	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/hublib"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinklib"
)

// wsSink: sinklib writes it only under the session's mutex. Silent.
type wsSink struct { // want wsSink:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsSink\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsSink\.mu\)`
	mu    sync.Mutex
	conn  *websocket.Conn
	large int
}

func (s *wsSink) send(msg []byte) error {
	s.conn.EnableWriteCompression(len(msg) > s.large)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg)
}

func (s *wsSink) Write(msg []byte) error { return s.send(msg) } // want Write:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`

func (s *wsSink) WriteBatch(msgs ...[]byte) error { // want WriteBatch:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	for _, m := range msgs {
		if err := s.send(m); err != nil {
			return err
		}
	}
	return nil
}

func (s *wsSink) Close() error { return s.conn.Close() }

func ServeSink(conn *websocket.Conn, queue <-chan []byte) { // want ServeSink:`summary\(go write EnableWriteCompression\(p0\)\)`
	sinklib.Start(&wsSink{conn: conn, large: 1024}, queue)
}

// wsChannel: the hub sends to it under the hub's mutex; the setting is
// made in a helper both methods call. Silent.
type wsChannel struct { // want wsChannel:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsChannel\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsChannel\.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func (c *wsChannel) compress(on bool) { c.conn.EnableWriteCompression(on) }

func (c *wsChannel) Send(msg []byte) error { // want Send:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	c.compress(len(msg) > 512)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.WriteMessage(websocket.TextMessage, msg)
}

func (c *wsChannel) SendAll(msgs [][]byte) error { // want SendAll:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	c.compress(true)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range msgs {
		if err := c.conn.WriteMessage(websocket.TextMessage, m); err != nil {
			return err
		}
	}
	return nil
}

func Join(h *hublib.Hub, conn *websocket.Conn) { h.Add(newChannel(conn)) }

// newChannel returns the channel as the interface: the conversion is in
// the constructor.
func newChannel(conn *websocket.Conn) hublib.Channel { return &wsChannel{conn: conn} }

// wsOutput: the relay emits and flushes under the mutex it embeds.
// Silent.
type wsOutput struct { // want wsOutput:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsOutput\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsOutput\.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func (o *wsOutput) Emit(msg []byte) error { // want Emit:`summary\(write SetCompressionLevel\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	o.conn.SetCompressionLevel(1)
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conn.WriteMessage(websocket.TextMessage, msg)
}

func (o *wsOutput) Flush() error { // want Flush:`summary\(write WriteMessage\(p0\.conn\) under p0\.mu\)`
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conn.WriteMessage(websocket.TextMessage, []byte("flush"))
}

func Relay(conn *websocket.Conn) *sinklib.Relay { return sinklib.NewRelay(&wsOutput{conn: conn}) } // want Relay:`summary\(go write WriteMessage\(p0\)\)`

// WSSink is wsSink exported: other packages may call Write and
// WriteBatch directly, from goroutines of their own. Reported.
type WSSink struct { // want WSSink:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.WSSink\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.WSSink\.mu\)`
	mu    sync.Mutex
	conn  *websocket.Conn
	large int
}

func (s *WSSink) send(msg []byte) error {
	s.conn.EnableWriteCompression(len(msg) > s.large) // want `concurrent write`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write`
}

func (s *WSSink) Write(msg []byte) error { return s.send(msg) } // want Write:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`

func (s *WSSink) WriteBatch(msgs ...[]byte) error { // want WriteBatch:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	for _, m := range msgs {
		if err := s.send(m); err != nil {
			return err
		}
	}
	return nil
}

func (s *WSSink) Close() error { return s.conn.Close() }

// wsFeed: sinklib's Stream pushes under its mutex but backfills on a
// goroutine of its own without it. Reported.
type wsFeed struct { // want wsFeed:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsFeed\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsFeed\.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func (f *wsFeed) Push(msg []byte) error { // want Push:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	f.conn.EnableWriteCompression(false) // want `concurrent write`
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conn.WriteMessage(websocket.TextMessage, msg)
}

func (f *wsFeed) PushAll(msgs [][]byte) error { // want PushAll:`summary\(write WriteMessage\(p0\.conn\) under p0\.mu\)`
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range msgs {
		if err := f.conn.WriteMessage(websocket.TextMessage, m); err != nil { // want `concurrent write`
			return err
		}
	}
	return nil
}

func NewStream(conn *websocket.Conn) sinklib.Feed { return &wsFeed{conn: conn} } // want NewStream:`summary\(stores result#0∈\*github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsFeed; returns#0\.conn p0; result#0∈`

// wsNotifier: Bell hands Notify out as a method value, which its users
// may call from anywhere. Reported.
type wsNotifier struct { // want wsNotifier:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsNotifier\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsNotifier\.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func (n *wsNotifier) Notify(msg []byte) error { // want Notify:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	n.conn.EnableWriteCompression(true) // want `concurrent write`
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.conn.WriteMessage(websocket.TextMessage, msg)
}

func (n *wsNotifier) NotifyAll(msgs [][]byte) error { // want NotifyAll:`summary\(write WriteMessage\(p0\.conn\) under p0\.mu\)`
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, m := range msgs {
		if err := n.conn.WriteMessage(websocket.TextMessage, m); err != nil { // want `concurrent write`
			return err
		}
	}
	return nil
}

func Ring(conn *websocket.Conn) sinklib.Notifier { return &wsNotifier{conn: conn} } // want Ring:`summary\(stores result#0∈\*github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsNotifier; returns#0\.conn p0; result#0∈`

// wsSeen: handed to sinklib as a Sink, and also kept as an any the
// package's users may assert to an interface of their own. Reported.
type wsSeen struct { // want wsSeen:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsSeen\.conn under o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsSeen\.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *wsSeen) Write(msg []byte) error { // want Write:`summary\(write EnableWriteCompression\(p0\.conn\); write WriteMessage\(p0\.conn\) under p0\.mu\)`
	s.conn.EnableWriteCompression(true) // want `concurrent write`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write`
}

func (s *wsSeen) WriteBatch(msgs ...[]byte) error { // want WriteBatch:`summary\(write WriteMessage\(p0\.conn\) under p0\.mu\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range msgs {
		if err := s.conn.WriteMessage(websocket.TextMessage, m); err != nil { // want `concurrent write`
			return err
		}
	}
	return nil
}

func (s *wsSeen) Close() error { return s.conn.Close() }

var Registry = map[string]any{}

func ServeSeen(conn *websocket.Conn, queue <-chan []byte) { // want ServeSeen:`summary\(go write EnableWriteCompression\(p0\); go write EnableWriteCompression\(g:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.Registry\[own\]\.conn!own\); go write WriteMessage\(g:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.Registry\[own\]\.conn!own\) under g:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.Registry\[own\]\.mu; stores g:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.Registry\[\*\]∈\*github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.wsSeen; files p0 as g:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sinkapp\.Registry\[own\]\.conn!own\)`
	s := &wsSeen{conn: conn}
	Registry[conn.RemoteAddr().String()] = s
	sinklib.Start(s, queue)
}
