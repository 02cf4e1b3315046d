// Package budget reaches one write through more paths than a summary
// keeps for one operation (the site-variants budget): the seventy
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
	c [70]net.Conn
}

// Send writes p to every transport in turn.
func (b *Broadcast) Send(p []byte) {
	b.c[0].Write(p)
	b.c[1].Write(p)
	b.c[2].Write(p)
	b.c[3].Write(p)
	b.c[4].Write(p)
	b.c[5].Write(p)
	b.c[6].Write(p)
	b.c[7].Write(p)
	b.c[8].Write(p)
	b.c[9].Write(p)
	b.c[10].Write(p)
	b.c[11].Write(p)
	b.c[12].Write(p)
	b.c[13].Write(p)
	b.c[14].Write(p)
	b.c[15].Write(p)
	b.c[16].Write(p)
	b.c[17].Write(p)
	b.c[18].Write(p)
	b.c[19].Write(p)
	b.c[20].Write(p)
	b.c[21].Write(p)
	b.c[22].Write(p)
	b.c[23].Write(p)
	b.c[24].Write(p)
	b.c[25].Write(p)
	b.c[26].Write(p)
	b.c[27].Write(p)
	b.c[28].Write(p)
	b.c[29].Write(p)
	b.c[30].Write(p)
	b.c[31].Write(p)
	b.c[32].Write(p)
	b.c[33].Write(p)
	b.c[34].Write(p)
	b.c[35].Write(p)
	b.c[36].Write(p)
	b.c[37].Write(p)
	b.c[38].Write(p)
	b.c[39].Write(p)
	b.c[40].Write(p)
	b.c[41].Write(p)
	b.c[42].Write(p)
	b.c[43].Write(p)
	b.c[44].Write(p)
	b.c[45].Write(p)
	b.c[46].Write(p)
	b.c[47].Write(p)
	b.c[48].Write(p)
	b.c[49].Write(p)
	b.c[50].Write(p)
	b.c[51].Write(p)
	b.c[52].Write(p)
	b.c[53].Write(p)
	b.c[54].Write(p)
	b.c[55].Write(p)
	b.c[56].Write(p)
	b.c[57].Write(p)
	b.c[58].Write(p)
	b.c[59].Write(p)
	b.c[60].Write(p)
	b.c[61].Write(p)
	b.c[62].Write(p)
	b.c[63].Write(p)
	b.c[64].Write(p)
	b.c[65].Write(p)
	b.c[66].Write(p)
	b.c[67].Write(p)
	b.c[68].Write(p)
	b.c[69].Write(p)
}

// New makes a broadcast over transports that may all be adapters.
func New(ws *websocket.Conn, conns []net.Conn) *Broadcast {
	_ = net.Conn(&adapter{ws: ws})
	return &Broadcast{}
}
