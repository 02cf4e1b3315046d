package callbacks

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// sync.Map.Range runs its function in place, on the caller's goroutine,
// under the caller's locks.

// greetAll greets through Range while the pinger pings: a race.
func greetAll(peers *sync.Map, conn *websocket.Conn) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage`
		}
	}()
	peers.Range(func(k, v any) bool {
		conn.WriteMessage(websocket.TextMessage, []byte("peer")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage`
		return true
	})
}

// greetAllLocked holds the pinger's mutex around Range: silent.
func greetAllLocked(peers *sync.Map, conn *websocket.Conn) {
	var mu sync.Mutex
	go func() {
		for range time.Tick(time.Second) {
			mu.Lock()
			conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	mu.Lock()
	defer mu.Unlock()
	peers.Range(func(k, v any) bool {
		conn.WriteMessage(websocket.TextMessage, []byte("peer"))
		return true
	})
}
