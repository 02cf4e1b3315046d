// Package workers: tasks submitted to a worker pool (ants) and jobs a
// scheduler runs (cron) run on goroutines of their own, several at once.
package workers

import (
	"time"

	"sync"

	"github.com/gorilla/websocket"
	"github.com/panjf2000/ants/v2"
	"github.com/robfig/cron/v3"
)

type peer struct {
	conn *websocket.Conn
}

// Fanout submits one task per peer to a pool: two broadcasts in flight
// write one peer's conn from two of the pool's goroutines.
type Fanout struct {
	pool  *ants.Pool
	peers []*peer
}

func (f *Fanout) Broadcast(msg []byte) {
	for _, p := range f.peers {
		p := p
		f.pool.Submit(func() {
			p.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to p.conn: WriteMessage may overlap itself: the task sent at workers.go:\d+ runs on a pool of workers, beside the tasks other calls of Broadcast send`
		})
	}
}

// safePeer's writes hold its mutex.
type safePeer struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

// SafeFanout is Fanout fixed: each task takes its peer's mutex.
type SafeFanout struct {
	pool  *ants.Pool
	peers []*safePeer
}

func (f *SafeFanout) Broadcast(msg []byte) {
	for _, p := range f.peers {
		p := p
		f.pool.Submit(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.conn.WriteMessage(websocket.TextMessage, msg)
		})
	}
}

// Ticker's cron job writes the conn its reader answers on.
type Ticker struct {
	conn *websocket.Conn
}

func (t *Ticker) Run(c *cron.Cron) {
	c.AddFunc("@every 1s", func() {
		t.conn.WriteMessage(websocket.TextMessage, []byte("tick")) // want `concurrent write to t.conn: WriteMessage may overlap`
	})
	for {
		if _, _, err := t.conn.ReadMessage(); err != nil {
			return
		}
		t.conn.WriteMessage(websocket.TextMessage, []byte("ack")) // want `concurrent write to t.conn: WriteMessage may overlap`
	}
}

// Pinger's cron job pings with WriteControl, safe beside the reader's
// answers.
type Pinger struct {
	conn *websocket.Conn
}

func (p *Pinger) Run(c *cron.Cron) {
	c.AddFunc("@every 1s", func() {
		p.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	})
	for {
		if _, _, err := p.conn.ReadMessage(); err != nil {
			return
		}
		p.conn.WriteMessage(websocket.TextMessage, []byte("ack"))
	}
}
