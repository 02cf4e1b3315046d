// Package flaglib is a client that loads the server's description once:
// Connect loads it unless the client is ready, and loading leaves a
// pinger running when it fails halfway.
package flaglib

import (
	"errors"
	"time"

	"github.com/gorilla/websocket"
)

type Client struct {
	url   string
	conn  *websocket.Conn
	ready bool
}

func New(url string) *Client { return &Client{url: url} } // want New:`summary\(returns#0.url p0; new result#0\)`

func (c *Client) ping(stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Second):
			c.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flaglib.go:42 \(goroutine started at flaglib.go:46 and left running by Load; Connect may be called meanwhile\)`
		}
	}
}

// Load dials, asks for the description and waits for it with a pinger
// running; it sets ready when it returns nil.
func (c *Client) Load() error { // want Load:`flags\(stores .*Client.ready, on nil error p0.*Client.ready=true\)` Load:`summary\(write WriteMessage\(p0.conn!own\); go write`
	c.ready = false
	conn, _, err := websocket.DefaultDialer.Dial(c.url, nil)
	if err != nil {
		return err
	}
	c.conn = conn
	if err := c.conn.WriteMessage(websocket.TextMessage, []byte("describe")); err != nil { // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flaglib.go:28`
		return err
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go c.ping(stop, stopped)
	if _, _, err := c.conn.ReadMessage(); err != nil {
		return err
	}
	close(stop)
	<-stopped
	c.ready = true
	return nil
}

// Connect loads the description first unless the client is ready.
func (c *Client) Connect() error { // want Connect:`flags\(tests p0.*Client.ready, .*if p0.*Client.ready=t; ensures p0.*Client.ready=true` Connect:`summary\(write WriteMessage\(p0.conn!own\); go write`
	if !c.ready {
		if err := c.Load(); err != nil {
			return err
		}
	}
	return nil
}

// Restore takes a description saved earlier; the client is ready when
// it returns nil.
func (c *Client) Restore(saved []byte) error { // want Restore:`flags\(stores .*Client.ready, on nil error p0.*Client.ready=true\)` Restore:`summary\(returns#0 g:.*errEmpty\)`
	if len(saved) == 0 {
		return errEmpty
	}
	c.ready = true
	return nil
}

var errEmpty = errors.New("empty description")

// Send writes a message.
func (c *Client) Send(msg []byte) error { // want Send:`summary\(write WriteMessage\(p0.conn\)\)`
	return c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flaglib.go:28 \(goroutine started at flaglib.go:46 and left running by Load; Send may be called meanwhile\)`
}
