package lifecycle

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Starting once is not a restart: keeper's pinger is started through a
// sync.Once, however often maintain calls start.

type keeper struct {
	once sync.Once
	conn *websocket.Conn
}

func (k *keeper) ping() {
	for range time.Tick(time.Second) {
		k.conn.WriteMessage(websocket.PingMessage, nil)
	}
}

func (k *keeper) start() {
	k.once.Do(func() { go k.ping() })
}

// maintain is silent: one pinger, whatever the number of attempts.
func (k *keeper) maintain(attempts int) {
	for range attempts {
		k.start()
		time.Sleep(time.Second)
	}
}

// eager starts a pinger on every attempt: the copies overlap.
type eager struct {
	conn *websocket.Conn
}

func (e *eager) ping() {
	for range time.Tick(time.Second) {
		e.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to e.conn: WriteMessage may overlap itself`
	}
}

func (e *eager) maintain(attempts int) {
	for range attempts {
		go e.ping()
		time.Sleep(time.Second)
	}
}
