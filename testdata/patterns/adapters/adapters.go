// Package adapters: interface values (net.Conn, io.Writer) that hold a
// websocket adapter. A call through the interface writes to a websocket
// conn where the value at the call can be the adapter: the object was
// given one, a caller passes one, or (for a field or global whose
// object the function did not make) the package stores one there. Its
// twin, adapters/tcponly, makes the same conversions and is silent.
package adapters

import (
	"io"
	"net"
	"time"

	"github.com/gorilla/websocket"
)

// wsAdapter makes a websocket conn a net.Conn: every Write is a message.
type wsAdapter struct{ ws *websocket.Conn }

func (a *wsAdapter) Write(b []byte) (int, error) {
	return len(b), a.ws.WriteMessage(websocket.BinaryMessage, b) // want `concurrent write to a.ws: WriteMessage may overlap itself, reached from adapters.go:67 and adapters.go:74 \(goroutine started at adapters.go:61\)`
}

func (a *wsAdapter) Read(b []byte) (int, error) {
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

// Client speaks one framing over either transport; its heartbeat
// goroutine writes while callers send.
type Client struct {
	conn net.Conn
}

func (c *Client) DialTCP(addr string) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	c.conn = conn
	go c.heartbeat()
	return nil
}

func (c *Client) DialWS(url string) error {
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

func (c *Client) Send(b []byte) error {
	_, err := c.conn.Write(b)
	return err
}

// overWS races: the heartbeat DialWS left running and Send both write
// through the adapter this client was given.
func overWS(url string) {
	c := &Client{}
	if err := c.DialWS(url); err != nil {
		return
	}
	c.Send([]byte("hello"))
}

// textWriter is an io.Writer over a websocket conn.
type textWriter struct{ ws *websocket.Conn }

func (w textWriter) Write(b []byte) (int, error) {
	return len(b), w.ws.WriteMessage(websocket.TextMessage, b) // want `concurrent write to w.ws: WriteMessage may overlap itself, reached from adapters.go:109 and adapters.go:110 \(goroutine started at adapters.go:109\)`
}

// Session.out is a field the package fills with a textWriter.
type Session struct {
	out io.Writer
}

var current *Session

func open(ws *websocket.Conn) {
	current = &Session{out: textWriter{ws: ws}}
}

// announce writes through the global session from two goroutines: the
// package stores textWriters in Session.out, so this may be one.
func announce(msg []byte) {
	go current.out.Write(msg)
	current.out.Write(msg)
}

// frameWriter is one more adapter, handed to relay below.
type frameWriter struct{ ws *websocket.Conn }

func (f *frameWriter) Write(b []byte) (int, error) {
	return len(b), f.ws.WriteMessage(websocket.BinaryMessage, b) // want `concurrent write to f.ws: WriteMessage may overlap itself, reached from adapters.go:125 and adapters.go:129 \(goroutine started at adapters.go:123\)`
}

// relay takes the writer as a parameter; startRelay passes it an
// adapter, so its writes race.
func relay(w io.Writer, in <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			w.Write([]byte{0})
		}
	}()
	for b := range in {
		w.Write(b)
	}
}

func startRelay(ws *websocket.Conn, in <-chan []byte) {
	relay(&frameWriter{ws: ws}, in)
}
