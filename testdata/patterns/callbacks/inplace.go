package callbacks

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// onceHello says hello once through sync.Once.Do, which runs the
// function in place, on this goroutine: it races with the pinger.
func onceHello(conn *websocket.Conn) {
	var once sync.Once
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at inplace.go:20`
		}
	}()
	once.Do(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at inplace.go:16`
	})
}

// lockedOnce takes the pinger's mutex around once.Do: the hello runs
// under it.
func lockedOnce(conn *websocket.Conn) {
	var mu sync.Mutex
	var once sync.Once
	go func() {
		for range time.Tick(time.Second) {
			mu.Lock()
			conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	mu.Lock()
	once.Do(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
	mu.Unlock()
}
