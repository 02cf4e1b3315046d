// Package ttyapp serves terminals over gorilla conns through ttylib: the
// conn reaches ttylib's goroutines through an interface held in a field,
// which ttylib's constructor (or a setter) fills in with the adapter
// this package passes.
package ttyapp

import (
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/ttylib"
)

// wsMaster adapts a conn to ttylib.Master.
type wsMaster struct {
	*websocket.Conn
}

func (m *wsMaster) Write(p []byte) (int, error) { // want Write:`summary\(write NextWriter\(p0\.Conn\)\)`
	w, err := m.Conn.NextWriter(websocket.TextMessage) // want `concurrent write to m.Conn: NextWriter may overlap SetWriteDeadline`
	if err != nil {
		return 0, err
	}
	defer w.Close()   // want `concurrent write`
	return w.Write(p) // want `concurrent write`
}

func (m *wsMaster) Read(p []byte) (int, error) { // want Read:`summary\(read NextReader\(p0\.Conn\)\)`
	_, r, err := m.Conn.NextReader()
	if err != nil {
		return 0, err
	}
	return r.Read(p)
}

// Serve pings with a write deadline set beside the bridge's writes: the
// deadline races with them. (The bridge's own reads never overlap each
// other: one goroutine reads.)
func Serve(conn *websocket.Conn) { // want Serve:`summary\(go write SetWriteDeadline\(p0\); write NextWriter\(p0\); go read NextReader\(p0\)\)`
	go func() {
		for range time.Tick(time.Second) {
			conn.SetWriteDeadline(time.Now().Add(time.Second)) // want `concurrent write to conn: SetWriteDeadline may overlap NextWriter`
			conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	b := ttylib.New(&wsMaster{conn})
	b.Run()
}

// ServeQuiet pings with WriteControl alone, which is safe beside any
// write. Silent.
func ServeQuiet(conn *websocket.Conn) { // want ServeQuiet:`summary\(write NextWriter\(p0\); go read NextReader\(p0\); go write NextWriter\(p0\)\)`
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	b := ttylib.New(newMaster(conn))
	b.Run()
}

// newMaster returns the adapter as the interface.
func newMaster(conn *websocket.Conn) ttylib.Master { return &wsMaster{conn} }

// wsSink writes its conn on Push.
type wsSink struct {
	conn *websocket.Conn
}

func (s *wsSink) Push(m []byte) error { // want Push:`summary\(write WriteMessage\(p0\.conn\)\)`
	return s.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage`
}

// Stream attaches the sink through a setter, then writes the conn
// itself while the pump pushes to it. Reported.
func Stream(conn *websocket.Conn, in <-chan []byte) { // want Stream:`summary\(go write WriteMessage\(p0\); write WriteMessage\(p0\)\)`
	var p ttylib.Pump
	p.Attach(&wsSink{conn: conn})
	p.Start(in)
	conn.WriteMessage(websocket.TextMessage, []byte("started")) // want `concurrent write to conn: WriteMessage may overlap`
}

// StreamGreeted writes its greeting before the pump starts. Silent.
func StreamGreeted(conn *websocket.Conn, in <-chan []byte) { // want StreamGreeted:`summary\(write WriteMessage\(p0\); go write WriteMessage\(p0\)\)`
	var p ttylib.Pump
	p.Attach(&wsSink{conn: conn})
	conn.WriteMessage(websocket.TextMessage, []byte("started"))
	p.Start(in)
}
