// Package published: a conn each request upgrades, also published in a
// package-level variable. The request's own uses of its local c are its
// own; whoever loads the variable may get another request's conn.
package published

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

var (
	liveMu sync.Mutex
	live   *websocket.Conn
)

// serve reads its own conn after publishing it: two requests read two
// conns. Silent.
func serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	liveMu.Lock()
	live = c
	liveMu.Unlock()
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
	}
}

// greet writes its own conn, and so does announce: but announce writes
// whatever conn is live, which may be the one a greeting request is
// writing to.
func greet(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	liveMu.Lock()
	live = c
	liveMu.Unlock()
	for range time.Tick(time.Second) {
		c.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at published.go:59 \(goroutine started at published.go:66\)`
	}
}

func announce(msg []byte) {
	liveMu.Lock()
	c := live
	liveMu.Unlock()
	if c != nil {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap WriteMessage at published.go:50 \(goroutine started at published.go:65\)`
	}
}

func main() {
	http.HandleFunc("/read", serve)
	http.HandleFunc("/greet", greet)
	go func() {
		for range time.Tick(time.Minute) {
			announce([]byte("news"))
		}
	}()
	http.ListenAndServe(":8080", nil)
}
