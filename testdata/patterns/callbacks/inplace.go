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

// onceFuncHello builds the hello with sync.OnceFunc: calling the
// function it returns runs the hello in place, beside the pinger.
func onceFuncHello(conn *websocket.Conn) {
	hello := sync.OnceFunc(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at inplace.go:\d+`
	})
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at inplace.go:\d+`
		}
	}()
	hello()
}

// lockedOnceValue calls the function sync.OnceValue returned under the
// pinger's mutex.
func lockedOnceValue(conn *websocket.Conn) error {
	var mu sync.Mutex
	hello := sync.OnceValue(func() error {
		return conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
	go func() {
		for range time.Tick(time.Second) {
			mu.Lock()
			conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	mu.Lock()
	defer mu.Unlock()
	return hello()
}
