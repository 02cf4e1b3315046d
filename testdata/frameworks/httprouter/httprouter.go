// Package httprouter: httprouter runs a route's handler for every
// request, each on its own goroutine (net/http's).
package httprouter

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
	"github.com/julienschmidt/httprouter"
)

// Upstream forwards what clients post to one upstream conn, unguarded.
type Upstream struct {
	conn *websocket.Conn
}

func (u *Upstream) Routes(r *httprouter.Router) {
	r.POST("/publish", u.publish)
}

func (u *Upstream) publish(w http.ResponseWriter, r *http.Request, _ httprouter.Params) {
	u.conn.WriteMessage(websocket.TextMessage, []byte(r.FormValue("msg"))) // want `concurrent write to u.conn: WriteMessage may overlap itself: the handler registered at httprouter.go:\d+ serves requests concurrently`
}

// LockedUpstream writes under its mutex: silent.
type LockedUpstream struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (u *LockedUpstream) Routes(r *httprouter.Router) {
	r.POST("/publish", u.publish)
}

func (u *LockedUpstream) publish(w http.ResponseWriter, r *http.Request, _ httprouter.Params) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.conn.WriteMessage(websocket.TextMessage, []byte(r.FormValue("msg")))
}
