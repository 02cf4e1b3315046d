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
