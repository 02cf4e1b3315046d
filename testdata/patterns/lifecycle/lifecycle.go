// Package lifecycle: clients that restart their writer when the
// connection is lost. The restart runs several calls below the loop that
// notices the loss and is guarded by state (a status flag, a "lost once"
// check) that the analysis does not follow, so writers started that deep
// are not compared with each other; writers started one call away are.
package lifecycle

import (
	"sync/atomic"

	"github.com/gorilla/websocket"
)

type client struct {
	conn   *websocket.Conn
	out    chan []byte
	errs   chan error
	status atomic.Int32
}

// outgoing starts the writer goroutine.
func (c *client) outgoing() {
	go func() {
		for m := range c.out {
			if err := c.conn.WriteMessage(websocket.TextMessage, m); err != nil {
				c.errs <- err
				return
			}
		}
	}()
}

func (c *client) startComms() { c.outgoing() }

// connLost reconnects once: the status flag guards it.
func (c *client) connLost() {
	if !c.status.CompareAndSwap(1, 0) {
		return
	}
	go c.reconnect()
}

func (c *client) reconnect() {
	c.status.Store(1)
	c.startComms()
}

// startWorkers is silent: the writer restarted by connLost, several calls
// down, replaces the one that failed.
func (c *client) startWorkers() {
	c.status.Store(1)
	c.startComms()
	go func() {
		for range c.errs {
			c.connLost()
		}
	}()
}

// pusher has a writer of its own.
type pusher struct {
	conn *websocket.Conn
	out  chan []byte
}

func (p *pusher) outgoing() {
	go func() {
		for m := range p.out {
			p.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to p.conn: WriteMessage may overlap itself, reached from lifecycle.go:76 and lifecycle.go:77`
		}
	}()
}

// startTwice starts two writers on one conn, one call away: reported.
func (p *pusher) startTwice() {
	p.outgoing()
	p.outgoing()
}
