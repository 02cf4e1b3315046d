package routers

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/mux"
	"github.com/gorilla/websocket"
	"golang.org/x/sync/errgroup"
)

// Hub's handlers come from factories: methods that return the closure
// the router runs, one per request, concurrently.
type Hub struct {
	feed   *websocket.Conn
	mu     sync.Mutex
	locked *websocket.Conn
	beat   *websocket.Conn
	out    *websocket.Conn
}

// feedHandler's closure writes the hub's shared conn from every request.
func (h *Hub) feedHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.feed.WriteMessage(websocket.TextMessage, []byte(r.URL.Path)) // want `concurrent write to h.feed: WriteMessage may overlap itself: the handler registered at factories.go:\d+ serves requests concurrently`
	}
}

// lockedHandler's closure holds the hub's mutex: the fix.
func (h *Hub) lockedHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.locked.WriteMessage(websocket.TextMessage, []byte(r.URL.Path))
	}
}

// ownHandler's closure upgrades: each request writes its own conn.
func (h *Hub) ownHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
}

// pinger returns the loop a caller starts; it takes no lock.
func (h *Hub) pinger() func() {
	return func() {
		for range time.Tick(time.Second) {
			h.beat.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to h.beat: WriteMessage may overlap WriteMessage at factories.go:\d+ \(goroutine started at factories.go:\d+\)`
		}
	}
}

// lockedPinger's loop holds the hub's mutex.
func (h *Hub) lockedPinger() func() {
	return func() {
		for range time.Tick(time.Second) {
			h.mu.Lock()
			h.locked.WriteMessage(websocket.PingMessage, nil)
			h.mu.Unlock()
		}
	}
}

func (h *Hub) Routes() *mux.Router {
	r := mux.NewRouter()
	r.Handle("/feed", h.feedHandler())
	r.Handle("/locked", h.lockedHandler())
	r.Handle("/own", h.ownHandler())
	return r
}

// Serve starts the loop the factory returned and writes beside it.
func (h *Hub) Serve() {
	go h.pinger()()
	h.beat.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to h.beat: WriteMessage may overlap WriteMessage at factories.go:\d+ \(goroutine started at factories.go:\d+\)`
}

// ServeLocked is the near miss: the loop and the handler it then runs
// in place hold the same mutex.
func (h *Hub) ServeLocked() {
	go h.lockedPinger()()
	h.lockedHandler()(nil, nil)
}

// Drain runs the loop a factory returns on an errgroup and waits for it
// before writing: ordered.
func (h *Hub) Drain() error {
	var g errgroup.Group
	g.Go(h.flusher())
	if err := g.Wait(); err != nil {
		return err
	}
	return h.out.WriteMessage(websocket.CloseMessage, nil)
}

// flusher returns a one-shot writer of the out conn.
func (h *Hub) flusher() func() error {
	return func() error {
		return h.out.WriteMessage(websocket.TextMessage, []byte("flush"))
	}
}
