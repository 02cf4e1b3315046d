package safeconn

import (
	"sync"

	"github.com/gorilla/websocket"
)

// A mutex declared inside the loop is a new mutex each iteration: each
// goroutine locks its own, and none excludes another.
func fanOutPerIteration(conn *websocket.Conn, msgs [][]byte) {
	for _, m := range msgs {
		var mu sync.Mutex
		go func() {
			mu.Lock()
			defer mu.Unlock()
			conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to conn: WriteMessage may overlap itself: the goroutine started at permutex.go:\d+ runs once per loop iteration`
		}()
	}
}

// The fix: one mutex, declared before the loop, shared by every goroutine.
func fanOutShared(conn *websocket.Conn, msgs [][]byte) {
	var mu sync.Mutex
	for _, m := range msgs {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			conn.WriteMessage(websocket.TextMessage, m)
		}()
	}
}
