// Package routers: handlers registered with routers other than
// net/http's serve requests concurrently too.
package routers

import (
	"net/http"
	"sync"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/gorilla/websocket"
)

var (
	upgrader websocket.Upgrader
	feed     *websocket.Conn
	news     *websocket.Conn
	newsMu   sync.Mutex
)

// announce writes the shared feed from every request.
func announce(w http.ResponseWriter, r *http.Request) {
	feed.WriteMessage(websocket.TextMessage, []byte(r.URL.Path)) // want `concurrent write to feed: WriteMessage may overlap itself: the handler registered at routers.go:\d+ serves requests concurrently`
}

// announceLocked is the fix, on a conn of its own.
func announceLocked(w http.ResponseWriter, r *http.Request) {
	newsMu.Lock()
	defer newsMu.Unlock()
	news.WriteMessage(websocket.TextMessage, []byte(r.URL.Path))
}

// echo upgrades a conn of its own per request: nothing is shared.
func echo(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	for {
		mt, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(mt, msg)
	}
}

func muxRoutes() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/announce", announce)
	r.HandleFunc("/locked", announceLocked)
	r.Path("/echo").HandlerFunc(echo)
	return r
}

var status *websocket.Conn

func report(w http.ResponseWriter, r *http.Request) {
	status.WriteJSON(r.URL.Query()) // want `concurrent write to status: WriteJSON may overlap itself: the handler registered at routers.go:\d+ serves requests concurrently`
}

func chiRoutes() *chi.Mux {
	r := chi.NewRouter()
	r.Get("/report", report)
	r.Get("/echo", echo)
	return r
}
