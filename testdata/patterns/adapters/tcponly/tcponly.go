// Package tcponly is the twin of package adapters that is correct: it
// converts a websocket adapter to net.Conn and to io.Writer too, but
// every call that two goroutines make at once goes to a value that can
// only be a TCP conn or a buffer, whose Write is safe from any goroutine
// (or at least not a websocket write).
package tcponly

import (
	"bytes"
	"io"
	"net"
	"os"
	"time"

	"github.com/gorilla/websocket"
)

type wsAdapter struct{ ws *websocket.Conn }

func (a *wsAdapter) Write(b []byte) (int, error) {
	return len(b), a.ws.WriteMessage(websocket.BinaryMessage, b)
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

// DialWS gives the client an adapter; nothing here calls it (the
// package's users do, through its exported API).
func (c *Client) DialWS(url string) error {
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	c.conn = &wsAdapter{ws: ws}
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

// tcpOnly is what the package's tests do: a client that only ever
// dialled TCP.
func tcpOnly(addr string) {
	c := &Client{}
	if err := c.DialTCP(addr); err != nil {
		return
	}
	c.Send([]byte("hello"))
}

// Mirror.out only ever holds stdout or a buffer.
type Mirror struct {
	out io.Writer
}

var mirror = &Mirror{out: os.Stdout}

func toBuffer() { mirror = &Mirror{out: new(bytes.Buffer)} }

func echo(msg []byte) {
	go mirror.out.Write(msg)
	mirror.out.Write(msg)
}

// relay is passed TCP conns only; the adapter goes to keep, which
// writes from one goroutine.
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

func startRelay(addr string, in <-chan []byte) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	relay(conn, in)
	return nil
}

func keep(w io.Writer, in <-chan []byte) {
	for b := range in {
		w.Write(b)
	}
}

func startKeep(ws *websocket.Conn, in <-chan []byte) {
	keep(&wsAdapter{ws: ws}, in)
}
