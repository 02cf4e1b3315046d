// Package handlers: ping, pong and close handlers run on the goroutine
// that reads, so what they write races with the writer goroutine.
package handlers

import (
	"time"

	"github.com/gorilla/websocket"
)

type client struct {
	conn *websocket.Conn
	send chan []byte
}

// readPumpPongByWrite answers pings with WriteMessage from the read
// loop's handler while writePump owns the writes: a race.
func (c *client) readPumpPongByWrite() {
	c.conn.SetPingHandler(func(appData string) error {
		return c.conn.WriteMessage(websocket.PongMessage, []byte(appData)) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at handlers.go:54`
	})
	for {
		if _, _, err := c.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// readPumpPongByControl answers with WriteControl, which is safe.
func (c *client) readPumpPongByControl() {
	c.conn.SetPingHandler(func(appData string) error {
		return c.conn.WriteControl(websocket.PongMessage, []byte(appData), time.Now().Add(time.Second))
	})
	c.conn.SetPongHandler(func(string) error {
		// Read side, on the reading goroutine: fine.
		return c.conn.SetReadDeadline(time.Now().Add(time.Minute))
	})
	for {
		if _, _, err := c.conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (c *client) writePump() {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case msg, ok := <-c.send:
			if !ok {
				return
			}
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil { // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at handlers.go:20`
				return
			}
		case <-ticker.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
				return
			}
		}
	}
}

func serveRacy(conn *websocket.Conn) {
	c := &client{conn: conn, send: make(chan []byte, 16)}
	go c.writePump()
	go c.readPumpPongByWrite()
}

func serveSafe(conn *websocket.Conn) {
	c := &client{conn: conn, send: make(chan []byte, 16)}
	go c.writePump()
	go c.readPumpPongByControl()
}

// conn installs its handlers in Start, before it starts the reader and
// the writer: the handler runs in the reader, at each read.
type conn struct {
	ws   *websocket.Conn
	send chan []byte
}

func (c *conn) Start() {
	c.ws.SetPingHandler(func(appData string) error {
		c.ws.SetWriteDeadline(time.Now().Add(time.Second))   // want `concurrent write to c.ws: SetWriteDeadline may overlap WriteMessage at handlers.go:\d+ \(goroutine started at handlers.go:\d+\)`
		return c.ws.WriteMessage(websocket.PongMessage, nil) // want `concurrent write to c.ws: WriteMessage may overlap WriteMessage at handlers.go:\d+ \(goroutine started at handlers.go:\d+\)`
	})
	go c.read()
	go c.write()
}

func (c *conn) read() {
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			return
		}
	}
}

func (c *conn) write() {
	for msg := range c.send {
		c.ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.ws: WriteMessage may overlap SetWriteDeadline at handlers.go:\d+ \(goroutine started at handlers.go:\d+\)`
	}
}

// controlConn is the fix: the handler answers with WriteControl.
type controlConn struct {
	ws   *websocket.Conn
	send chan []byte
}

func (c *controlConn) Start() {
	c.ws.SetPingHandler(func(appData string) error {
		return c.ws.WriteControl(websocket.PongMessage, nil, time.Now().Add(time.Second))
	})
	go c.read()
	go c.write()
}

func (c *controlConn) read() {
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			return
		}
	}
}

func (c *controlConn) write() {
	for msg := range c.send {
		c.ws.WriteMessage(websocket.TextMessage, msg)
	}
}
