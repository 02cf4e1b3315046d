// Package dialer's constructors leave a pinger running on the client
// they return. Nothing here writes the conn beside the pinger; callers
// that write it through Conn do (dialeruse).
package dialer

import (
	"time"

	"github.com/gorilla/websocket"
)

type Client struct {
	conn *websocket.Conn
}

// Dial pings with WriteMessage from the goroutine it leaves running.
func Dial(url string) (*Client, error) { // want Dial:`summary\(go write WriteMessage\(r0.conn\); spawns on success; new result#0\)`
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	c := &Client{conn: conn}
	go func() {
		for range time.Tick(time.Second) {
			c.conn.WriteMessage(websocket.PingMessage, nil)
		}
	}()
	return c, nil
}

// DialControl pings with WriteControl: safe beside any writer.
func DialControl(url string) (*Client, error) { // want DialControl:`summary\(new result#0\)`
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	c := &Client{conn: conn}
	go func() {
		for range time.Tick(time.Second) {
			c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	return c, nil
}

// Conn hands out the client's conn.
func (c *Client) Conn() *websocket.Conn { return c.conn } // want Conn:`summary\(returns#0 p0.conn\)`

// Session connects on demand. Connect starts its pinger only on the path
// that returns nil, so a caller that retries after an error never has
// two pingers.
type Session struct {
	conn *websocket.Conn
}

func (s *Session) Connect(url string) error { // want Connect:`summary\(go write WriteMessage\(p0.conn\); spawns on success\)`
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	s.conn = conn
	go s.ping()
	return nil
}

func (s *Session) ping() {
	for range time.Tick(time.Second) {
		s.conn.WriteMessage(websocket.PingMessage, nil)
	}
}

// Scheme is the URL scheme Dial expects.
const Scheme = "ws"
