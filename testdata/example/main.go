// Command example is a small websocket server with the bug wsconcurrent
// exists for, next to its two standard fixes.
//
//	go run ./cmd/wsconcurrent ./testdata/example
package main

import (
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{}

// serveFeed has the classic bug: a ticker goroutine sends pings with
// WriteMessage while the handler's loop writes updates to the same conn.
func serveFeed(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	go func() {
		ticker := time.NewTicker(30 * time.Second)
		defer ticker.Stop()
		for range ticker.C {
			if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at main.go:38 \(goroutine started at main.go:27\)`
				return
			}
		}
	}()

	for update := range updates() {
		if err := conn.WriteMessage(websocket.TextMessage, update); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at main.go:31 \(goroutine started at main.go:27\)`
			return
		}
	}
}

// serveFeedControl is the first fix for pings: WriteControl may be called
// concurrently with the other write methods.
func serveFeedControl(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	go func() {
		ticker := time.NewTicker(30 * time.Second)
		defer ticker.Stop()
		for range ticker.C {
			deadline := time.Now().Add(10 * time.Second)
			if err := conn.WriteControl(websocket.PingMessage, nil, deadline); err != nil {
				return
			}
		}
	}()

	for update := range updates() {
		if err := conn.WriteMessage(websocket.TextMessage, update); err != nil {
			return
		}
	}
}

// safeConn is the second fix: one mutex around every write.
type safeConn struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *safeConn) send(messageType int, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(messageType, data)
}

func serveFeedLocked(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	sc := &safeConn{conn: conn}

	go func() {
		for range time.Tick(30 * time.Second) {
			if err := sc.send(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}()

	for update := range updates() {
		if err := sc.send(websocket.TextMessage, update); err != nil {
			return
		}
	}
}

// serveFeedOwner is the third shape: one goroutine owns the conn and
// everyone else sends it messages on a channel.
func serveFeedOwner(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	out := make(chan []byte)
	go func() {
		for msg := range out {
			if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		}
	}()

	go func() {
		for range time.Tick(30 * time.Second) {
			out <- []byte("heartbeat")
		}
	}()
	for update := range updates() {
		out <- update
	}
}

func updates() <-chan []byte {
	ch := make(chan []byte)
	go func() {
		defer close(ch)
		for i := 0; i < 3; i++ {
			ch <- []byte("update")
		}
	}()
	return ch
}

func main() {
	http.HandleFunc("/feed", serveFeed)
	http.HandleFunc("/feed-control", serveFeedControl)
	http.HandleFunc("/feed-locked", serveFeedLocked)
	http.HandleFunc("/feed-owner", serveFeedOwner)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))
}
