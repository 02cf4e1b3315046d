// Package connlib hands out its conns as an interface: the type behind
// it is unexported, so export data does not carry it, and an importer
// under go vet knows its methods only from the facts of the constructor
// that returns it. Its keepalive installs a pong handler (a read-side
// operation) on a goroutine of its own.
package connlib

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Connection is what callers get.
type Connection interface {
	WriteMessage(messageType int, data []byte) error
	ReadMessage() (int, []byte, error)
}

type connection struct { // want connection:`guards`
	mu   sync.Mutex
	conn *websocket.Conn
}

// NewConnection dials and starts the keepalive.
func NewConnection(url string) (Connection, error) { // want NewConnection:`result#0∈\*github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/connlib.connection.ReadMessage: read ReadMessage\(p0.conn\)`
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	c := &connection{conn: ws}
	go c.keepAlive()
	return c, nil
}

func (c *connection) keepAlive() {
	c.conn.SetPongHandler(func(string) error { return nil })
	for range time.Tick(time.Minute) {
		c.mu.Lock()
		c.conn.WriteMessage(websocket.PingMessage, nil)
		c.mu.Unlock()
	}
}

// WriteMessage writes under the connection's mutex.
func (c *connection) WriteMessage(t int, b []byte) error { // want WriteMessage:`write WriteMessage\(p0.conn\) under p0.mu`
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.WriteMessage(t, b)
}

// ReadMessage reads.
func (c *connection) ReadMessage() (int, []byte, error) { return c.conn.ReadMessage() } // want ReadMessage:`read ReadMessage\(p0.conn\)`

// Client reads a Connection on a goroutine of its own.
type Client struct {
	conn Connection
	out  chan []byte
}

// NewClient starts the read loop.
func NewClient(conn Connection) *Client { // want NewClient:`go calls p0.ReadMessage`
	c := &Client{conn: conn, out: make(chan []byte, 8)}
	go c.readLoop()
	return c
}

func (c *Client) readLoop() {
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.out <- msg
	}
}

// Messages gives the messages read.
func (c *Client) Messages() <-chan []byte { return c.out } // want Messages:`returns#0 p0.out`
