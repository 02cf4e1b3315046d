// Package lifecycle: clients that restart their writer when the
// connection is lost, several calls below the loop that notices the
// loss. A restart that happens only after the old writer reported its
// failure as its last act (a send on errs, then return) does not overlap
// it, however deep; a restart on a timer, that waits for nothing, does.
package lifecycle

import (
	"sync/atomic"
	"time"

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
// down, starts after the one that failed reported it on c.errs and
// returned.
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
			p.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to p.conn: WriteMessage may overlap itself, reached from lifecycle.go:78 and lifecycle.go:79`
		}
	}()
}

// startTwice starts two writers on one conn, one call away: reported.
func (p *pusher) startTwice() {
	p.outgoing()
	p.outgoing()
}

// watchdog restarts the writer every minute, whether or not the old one
// stopped: the restarted writers, several calls down, overlap.
type watchdog struct {
	conn *websocket.Conn
	out  chan []byte
}

func (w *watchdog) outgoing() {
	go func() {
		for m := range w.out {
			w.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to w.conn: WriteMessage may overlap itself`
		}
	}()
}

func (w *watchdog) restart() { w.outgoing() }

func (w *watchdog) run() {
	w.restart()
	go func() {
		for range time.Tick(time.Minute) {
			w.restart()
		}
	}()
}
