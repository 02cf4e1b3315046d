// Package budget reaches one write through more paths than a summary
// keeps for one operation (the site-variants budget): the twenty
// transports of a fan-out, each of which may be the websocket adapter.
// The analysis keeps some and says that it cut the rest.
package budget

import (
	"net"
	"time"

	"github.com/gorilla/websocket"
)

// adapter is a net.Conn over a websocket conn.
type adapter struct{ ws *websocket.Conn }

func (a *adapter) Read(p []byte) (int, error) { return 0, nil }
func (a *adapter) Write(p []byte) (int, error) {
	return len(p), a.ws.WriteMessage(websocket.BinaryMessage, p)
}
func (a *adapter) Close() error                       { return a.ws.Close() }
func (a *adapter) LocalAddr() net.Addr                { return a.ws.LocalAddr() }
func (a *adapter) RemoteAddr() net.Addr               { return a.ws.RemoteAddr() }
func (a *adapter) SetDeadline(t time.Time) error      { return nil }
func (a *adapter) SetReadDeadline(t time.Time) error  { return nil }
func (a *adapter) SetWriteDeadline(t time.Time) error { return a.ws.SetWriteDeadline(t) }

// Broadcast writes to every transport.
type Broadcast struct {
	c0  net.Conn
	c1  net.Conn
	c2  net.Conn
	c3  net.Conn
	c4  net.Conn
	c5  net.Conn
	c6  net.Conn
	c7  net.Conn
	c8  net.Conn
	c9  net.Conn
	c10 net.Conn
	c11 net.Conn
	c12 net.Conn
	c13 net.Conn
	c14 net.Conn
	c15 net.Conn
	c16 net.Conn
	c17 net.Conn
	c18 net.Conn
	c19 net.Conn
}

// Send writes p to every transport in turn.
func (b *Broadcast) Send(p []byte) {
	b.c0.Write(p)
	b.c1.Write(p)
	b.c2.Write(p)
	b.c3.Write(p)
	b.c4.Write(p)
	b.c5.Write(p)
	b.c6.Write(p)
	b.c7.Write(p)
	b.c8.Write(p)
	b.c9.Write(p)
	b.c10.Write(p)
	b.c11.Write(p)
	b.c12.Write(p)
	b.c13.Write(p)
	b.c14.Write(p)
	b.c15.Write(p)
	b.c16.Write(p)
	b.c17.Write(p)
	b.c18.Write(p)
	b.c19.Write(p)
}

// New makes a broadcast over transports that may all be adapters.
func New(ws *websocket.Conn, conns []net.Conn) *Broadcast {
	_ = net.Conn(&adapter{ws: ws})
	return &Broadcast{}
}
