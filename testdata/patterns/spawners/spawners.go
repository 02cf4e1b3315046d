// Package spawners: goroutines started by library functions rather than
// go statements, and HTTP handlers, which serve requests concurrently.
package spawners

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/sync/errgroup"
)

// errgroupWriters races: two errgroup goroutines write one conn.
func errgroupWriters(ctx context.Context, conn *websocket.Conn) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return conn.WriteMessage(websocket.TextMessage, []byte("a")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at spawners.go:22 \(goroutine started at spawners.go:21\)`
	})
	g.Go(func() error {
		return conn.WriteMessage(websocket.TextMessage, []byte("b")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at spawners.go:19 \(goroutine started at spawners.go:18\)`
	})
	return g.Wait()
}

// errgroupThenClose is safe: the close frame is written after Wait.
func errgroupThenClose(conn *websocket.Conn, msgs [][]byte) error {
	var g errgroup.Group
	g.Go(func() error {
		for _, m := range msgs {
			if err := conn.WriteMessage(websocket.TextMessage, m); err != nil {
				return err
			}
		}
		return nil
	})
	err := g.Wait()
	conn.WriteMessage(websocket.CloseMessage, nil)
	return err
}

// waitGroupGo is safe for the same reason with sync.WaitGroup.Go.
func waitGroupGo(conn *websocket.Conn) {
	var wg sync.WaitGroup
	wg.Go(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
	wg.Wait()
	conn.WriteMessage(websocket.CloseMessage, nil)
}

// afterFunc races: the timer's function runs on its own goroutine.
func afterFunc(conn *websocket.Conn, updates <-chan []byte) {
	time.AfterFunc(time.Minute, func() {
		conn.WriteMessage(websocket.TextMessage, []byte("timeout")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at spawners.go:59`
	})
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at spawners.go:56`
	}
}

// afterFuncControl is safe: WriteControl.
func afterFuncControl(conn *websocket.Conn, updates <-chan []byte) {
	time.AfterFunc(time.Minute, func() {
		conn.WriteControl(websocket.CloseMessage, nil, time.Now().Add(time.Second))
	})
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u)
	}
}

var upgrader websocket.Upgrader

// monitor is a conn shared by every request: handlers race on it.
var monitor *websocket.Conn

func registerShared() {
	http.HandleFunc("/event", func(w http.ResponseWriter, r *http.Request) {
		monitor.WriteMessage(websocket.TextMessage, []byte(r.URL.Path)) // want `concurrent write to monitor: WriteMessage may overlap itself: the handler registered at spawners.go:79 serves requests concurrently`
	})
}

// registerOwn is safe: each request upgrades its own conn.
func registerOwn(mux *http.ServeMux) {
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
}

// server writes a conn held in the struct from its ServeHTTP: every
// request races on it.
type server struct {
	mu   sync.Mutex
	feed *websocket.Conn
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.feed.WriteMessage(websocket.TextMessage, []byte(r.URL.Path)) // want `concurrent write to s.feed: WriteMessage may overlap itself: the handler registered at spawners.go:108 serves requests concurrently`
}

func registerServer(s *server) {
	http.Handle("/feed", s)
}

// lockedServer takes the lock: safe.
type lockedServer struct{ server }

func (s *lockedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed.WriteMessage(websocket.TextMessage, []byte(r.URL.Path))
}

func registerLocked(s *lockedServer) {
	http.Handle("/locked", http.HandlerFunc(s.ServeHTTP))
}

// PushTo registers a handler, converted to an http.Handler, that writes
// the conn it captured: every request writes it.
func PushTo(conn *websocket.Conn) {
	http.Handle("/push", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn.WriteMessage(websocket.TextMessage, []byte(r.URL.Path)) // want `concurrent write to conn: WriteMessage may overlap itself: the handler registered at spawners.go:\d+ serves requests concurrently`
	}))
}

// LockedPushTo's handler holds the mutex it captured with the conn.
func LockedPushTo(conn *websocket.Conn) {
	var mu sync.Mutex
	http.Handle("/locked-push", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		conn.WriteMessage(websocket.TextMessage, []byte(r.URL.Path))
	}))
}
