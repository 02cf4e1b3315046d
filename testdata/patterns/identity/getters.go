package identity

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// A get-or-dial getter: it returns the cached conn, or the one it has
// just dialled and stored, with a deferred unlock and several returns.
// Both returns are the field's conn.

type lazyClient struct {
	mu   sync.Mutex
	url  string
	conn *websocket.Conn
}

func (c *lazyClient) get() (*websocket.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		return c.conn, nil
	}
	conn, _, err := websocket.DefaultDialer.Dial(c.url, nil)
	if err != nil {
		return nil, err
	}
	c.conn = conn
	return conn, nil
}

// Start leaves a pinger running that writes through the getter; Send
// writes through it too: a race between the pinger and Send's callers.
func (c *lazyClient) Start() {
	go func() {
		for range time.Tick(time.Second) {
			if conn, err := c.get(); err == nil {
				conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage`
			}
		}
	}()
}

func (c *lazyClient) Send(msg []byte) error {
	conn, err := c.get()
	if err != nil {
		return err
	}
	return conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap WriteMessage`
}

// lazyControlClient pings with WriteControl: silent.
type lazyControlClient struct {
	mu   sync.Mutex
	url  string
	conn *websocket.Conn
}

func (c *lazyControlClient) get() (*websocket.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		return c.conn, nil
	}
	conn, _, err := websocket.DefaultDialer.Dial(c.url, nil)
	if err != nil {
		return nil, err
	}
	c.conn = conn
	return conn, nil
}

func (c *lazyControlClient) Start() {
	go func() {
		for range time.Tick(time.Second) {
			if conn, err := c.get(); err == nil {
				conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
			}
		}
	}()
}

func (c *lazyControlClient) Send(msg []byte) error {
	conn, err := c.get()
	if err != nil {
		return err
	}
	return conn.WriteMessage(websocket.TextMessage, msg)
}

// pick returns a function through a named result, under a deferred
// unlock: a value with no referrers, which names no conn.
func pick(mu *sync.Mutex) (f func(*websocket.Conn) error) {
	mu.Lock()
	defer mu.Unlock()
	return closeConn
}

func closeConn(c *websocket.Conn) error { return c.Close() }
