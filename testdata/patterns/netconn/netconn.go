// Package netconn: types that implement net.Conn over a gorilla conn.
// net.Conn's methods may be called from several goroutines at once (an
// io.Copy each way, a deadline set beside a write), so two different
// methods that reach the conn race unless one mutex excludes them, with
// no go statement in sight.
package netconn

import (
	"io"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// streamConn forwards each method to the conn, unguarded. Reported.
type streamConn struct {
	ws   *websocket.Conn
	rest []byte
}

func (c *streamConn) Read(b []byte) (int, error) {
	if len(c.rest) == 0 {
		_, msg, err := c.ws.ReadMessage() // want `concurrent read from c.ws: ReadMessage may overlap SetReadDeadline at netconn.go:\d+ \(streamConn implements net.Conn, whose methods may be called from several goroutines at once: Read beside SetDeadline\)`
		if err != nil {
			return 0, err
		}
		c.rest = msg
	}
	n := copy(b, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

func (c *streamConn) Write(b []byte) (int, error) {
	if err := c.ws.WriteMessage(websocket.BinaryMessage, b); err != nil { // want `concurrent write to c.ws: WriteMessage may overlap SetWriteDeadline at netconn.go:\d+ \(streamConn implements net.Conn, whose methods may be called from several goroutines at once: Write beside SetDeadline\)`
		return 0, err
	}
	return len(b), nil
}

func (c *streamConn) Close() error         { return c.ws.Close() }
func (c *streamConn) LocalAddr() net.Addr  { return c.ws.LocalAddr() }
func (c *streamConn) RemoteAddr() net.Addr { return c.ws.RemoteAddr() }

func (c *streamConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

func (c *streamConn) SetReadDeadline(t time.Time) error  { return c.ws.SetReadDeadline(t) }  // want `concurrent read`
func (c *streamConn) SetWriteDeadline(t time.Time) error { return c.ws.SetWriteDeadline(t) } // want `concurrent write`

// Stream returns the conn as a net.Conn for a proxy to copy through.
func Stream(ws *websocket.Conn) net.Conn { return &streamConn{ws: ws} }

// lockedConn holds a read mutex and a write mutex around each side.
// Silent.
type lockedConn struct {
	ws     *websocket.Conn
	readMu sync.Mutex
	mu     sync.Mutex
	r      io.Reader
}

func (c *lockedConn) Read(b []byte) (int, error) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.r == nil {
		_, r, err := c.ws.NextReader()
		if err != nil {
			return 0, err
		}
		c.r = r
	}
	n, err := c.r.Read(b)
	if err == io.EOF {
		c.r, err = nil, nil
	}
	return n, err
}

func (c *lockedConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(b), c.ws.WriteMessage(websocket.BinaryMessage, b)
}

func (c *lockedConn) Close() error         { return c.ws.Close() }
func (c *lockedConn) LocalAddr() net.Addr  { return c.ws.LocalAddr() }
func (c *lockedConn) RemoteAddr() net.Addr { return c.ws.RemoteAddr() }

func (c *lockedConn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

func (c *lockedConn) SetReadDeadline(t time.Time) error {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	return c.ws.SetReadDeadline(t)
}

func (c *lockedConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.SetWriteDeadline(t)
}

// Locked returns the guarded conn.
func Locked(ws *websocket.Conn) net.Conn { return &lockedConn{ws: ws} }

// Pipe has Read, Write and the deadlines but no addresses: it is not a
// net.Conn, and nothing says its methods run at once. Silent.
type Pipe struct {
	ws *websocket.Conn
}

func (p *Pipe) Read(b []byte) (int, error) {
	_, msg, err := p.ws.ReadMessage()
	return copy(b, msg), err
}

func (p *Pipe) Write(b []byte) (int, error) {
	return len(b), p.ws.WriteMessage(websocket.BinaryMessage, b)
}

func (p *Pipe) SetWriteDeadline(t time.Time) error { return p.ws.SetWriteDeadline(t) }
func (p *Pipe) SetReadDeadline(t time.Time) error  { return p.ws.SetReadDeadline(t) }
