// Package nextwriter: the writer NextWriter returns writes to the conn
// until it is closed. A mutex protects the message only if it is held
// from NextWriter through Close.
package nextwriter

import (
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type client struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

// sendShort releases the mutex after NextWriter: the message is written
// without it.
func (c *client) sendShort(v any) error {
	c.mu.Lock()
	w, err := c.conn.NextWriter(websocket.TextMessage)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := json.NewEncoder(w).Encode(v); err != nil { // want `concurrent write to json.NewEncoder\(w\): NextWriter's writer may overlap WriteMessage at nextwriter.go:60`
		return err
	}
	return w.Close() // want `concurrent write to w: NextWriter's writer may overlap WriteMessage at nextwriter.go:60`
}

// sendHeld holds it through Close.
func (c *client) sendHeld(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	w, err := c.conn.NextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return err
	}
	return w.Close()
}

// writer hands out the writer under the mutex, and unlocks: its callers
// write without it.
func (c *client) writer() (io.WriteCloser, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.NextWriter(websocket.TextMessage)
}

func (c *client) pingLocked() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c.conn: WriteMessage may overlap NextWriter's writer at nextwriter.go:29`
}

func (c *client) run(updates <-chan any) {
	go func() {
		for range time.Tick(time.Second) {
			c.pingLocked()
		}
	}()
	for u := range updates {
		c.sendShort(u)
		c.sendHeld(u)
		if w, err := c.writer(); err == nil {
			io.WriteString(w, "raw") // want `concurrent write to w: NextWriter's writer may overlap WriteMessage at nextwriter.go:60`
			w.Close()                // want `concurrent write to w: NextWriter's writer may overlap WriteMessage at nextwriter.go:60`
		}
	}
}
