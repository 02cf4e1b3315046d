// Package echo: echo runs a route's handler for every request, each on
// its own goroutine, so a handler that writes a conn it shares with
// other requests races with itself.
package echo

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// Upstream forwards what clients post to one upstream conn, unguarded.
type Upstream struct {
	conn *websocket.Conn
}

func (u *Upstream) Routes(e *echo.Echo) {
	e.POST("/publish", u.publish)
}

func (u *Upstream) publish(c echo.Context) error {
	return u.conn.WriteMessage(websocket.TextMessage, []byte(c.FormValue("msg"))) // want `concurrent write to u.conn: WriteMessage may overlap itself: the handler registered at echo.go:\d+ serves requests concurrently`
}

// LockedUpstream writes under its mutex: silent.
type LockedUpstream struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (u *LockedUpstream) Routes(g *echo.Group) {
	g.POST("/publish", u.publish)
}

func (u *LockedUpstream) publish(c echo.Context) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if err := u.conn.WriteMessage(websocket.TextMessage, []byte(c.FormValue("msg"))); err != nil {
		return c.NoContent(http.StatusBadGateway)
	}
	return c.NoContent(http.StatusAccepted)
}
