// Package netclient is a client over TCP or a websocket, behind one
// net.Conn field: its heartbeat goroutine and Send both write to
// c.conn. Whether those writes race depends on what the caller dialled
// (netclientuse): the summaries say which writes happen only if c.conn
// holds the adapter, and which functions store one there. In the open
// world, DialWS (which stores the adapter) then Send is a sequence any
// user may call, and the adapter's write races with itself here too.
package netclient

import (
	"net"
	"time"

	"github.com/gorilla/websocket"
)

type wsAdapter struct{ ws *websocket.Conn }

func (a *wsAdapter) Write(b []byte) (int, error) { // want Write:`summary\(write WriteMessage\(p0.ws\)\)`
	return len(b), a.ws.WriteMessage(websocket.BinaryMessage, b) // want `concurrent write to a.ws: WriteMessage may overlap itself, reached from netclient.go:\d+ and netclient.go:\d+ \(goroutine started at netclient.go:\d+ and left running by DialWS; Send may be called meanwhile\)`
}

func (a *wsAdapter) Read(b []byte) (int, error) { // want Read:`summary\(read NextReader\(p0.ws\)\)`
	_, r, err := a.ws.NextReader()
	if err != nil {
		return 0, err
	}
	return r.Read(b)
}

func (a *wsAdapter) Close() error                       { return a.ws.Close() }
func (a *wsAdapter) LocalAddr() net.Addr                { return a.ws.LocalAddr() }
func (a *wsAdapter) RemoteAddr() net.Addr               { return a.ws.RemoteAddr() }
func (a *wsAdapter) SetDeadline(t time.Time) error      { return a.ws.NetConn().SetDeadline(t) }
func (a *wsAdapter) SetReadDeadline(t time.Time) error  { return a.ws.NetConn().SetReadDeadline(t) }
func (a *wsAdapter) SetWriteDeadline(t time.Time) error { return a.ws.NetConn().SetWriteDeadline(t) }

type Client struct {
	conn net.Conn
}

func New() *Client { return &Client{} } // want New:`summary\(new result#0\)`

// DialTCP stores a TCP conn and starts the heartbeat: the heartbeat's
// writes go to the conn just stored, so they are not websocket writes
// and the summary has none.
func (c *Client) DialTCP(addr string) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	c.conn = conn
	go c.heartbeat()
	return nil
}

// DialWS stores the adapter and starts the heartbeat, whose writes are
// then websocket writes, unconditionally.
func (c *Client) DialWS(url string) error { // want DialWS:`summary\(go write WriteMessage\(p0.conn.ws\); stores p0.conn∈\*github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/netclient.wsAdapter; spawns on success\)`
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	c.conn = &wsAdapter{ws: ws}
	go c.heartbeat()
	return nil
}

func (c *Client) heartbeat() {
	for range time.Tick(time.Second) {
		if _, err := c.conn.Write([]byte{0}); err != nil {
			return
		}
	}
}

// Send writes a frame.
func (c *Client) Send(b []byte) error { // want Send:`summary\(write WriteMessage\(p0.conn.ws\) if p0.conn∈\*github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/netclient.wsAdapter\)`
	_, err := c.conn.Write(b)
	return err
}
