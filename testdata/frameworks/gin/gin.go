// Package gin: handlers registered with gin serve requests concurrently,
// each request on its own goroutine, like net/http's. gin takes the
// handlers as a chain (middlewares first, the route's handler last).
package gin

import (
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// Rooms publishes every upgraded conn in a registry under a mutex, echoes
// on the conn without it, and a second route writes every registered
// conn: two requests write one conn.
type Rooms struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (r *Rooms) Routes(e *gin.Engine) {
	e.GET("/ws", authorize, r.serve)
	e.POST("/notify", r.notify)
}

func authorize(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.AbortWithStatus(http.StatusUnauthorized)
	}
}

func (r *Rooms) serve(c *gin.Context) {
	conn, err := upgrader.Upgrade(c.Writer, c.Request, nil)
	if err != nil {
		return
	}
	r.mu.Lock()
	r.conns[c.Query("id")] = conn
	r.mu.Unlock()
	for {
		mt, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		conn.WriteMessage(mt, msg) // want `concurrent write to conn: WriteMessage may overlap WriteJSON at gin.go:\d+`
	}
}

func (r *Rooms) notify(c *gin.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, conn := range r.conns {
		conn.WriteJSON(gin.H{"event": c.Query("event")}) // want `concurrent write to conn: WriteJSON may overlap`
	}
}

// Lobby is Rooms fixed: the echo takes the registry's mutex too, so
// every write of a registered conn holds it.
type Lobby struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (l *Lobby) Routes(g *gin.RouterGroup) {
	g.Handle(http.MethodGet, "/ws", l.serve)
	g.POST("/notify", authorize, l.notify)
}

func (l *Lobby) serve(c *gin.Context) {
	conn, err := upgrader.Upgrade(c.Writer, c.Request, nil)
	if err != nil {
		return
	}
	l.mu.Lock()
	l.conns[c.Query("id")] = conn
	l.mu.Unlock()
	for {
		mt, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		l.mu.Lock()
		err = conn.WriteMessage(mt, msg)
		l.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (l *Lobby) notify(c *gin.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, conn := range l.conns {
		conn.WriteJSON(gin.H{"event": c.Query("event")})
	}
}

// last is a conn a package variable holds: every request of the route
// writes it.
var last *websocket.Conn

func Ping(e *gin.Engine) {
	e.Any("/ping", func(c *gin.Context) {
		last.WriteMessage(websocket.TextMessage, []byte("ping")) // want `concurrent write to last: WriteMessage may overlap itself: the handler registered at gin.go:\d+ serves requests concurrently`
	})
}

// Echo serves each request's own conn: the requests don't share it.
func Echo(e *gin.Engine) {
	e.GET("/echo", func(c *gin.Context) {
		conn, err := upgrader.Upgrade(c.Writer, c.Request, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		for {
			mt, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			conn.WriteMessage(mt, msg)
		}
	})
}
