// Package fiber: fiber's routes serve requests concurrently, and its
// websocket middleware runs the callback for every upgraded request.
package fiber

import (
	"sync"

	contrib "github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/websocket/v2"
)

// Board publishes each conn in a registry under a mutex, echoes without
// it, and the notify route writes every registered conn.
type Board struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (b *Board) Routes(app *fiber.App) {
	app.Get("/ws", websocket.New(b.serve))
	app.Post("/notify", b.notify)
}

func (b *Board) serve(c *websocket.Conn) {
	b.mu.Lock()
	b.conns[c.Params("id")] = c
	b.mu.Unlock()
	for {
		mt, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(mt, msg) // want `concurrent write to c: WriteMessage may overlap WriteJSON at fiber.go:\d+`
	}
}

func (b *Board) notify(c *fiber.Ctx) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, conn := range b.conns {
		conn.WriteJSON(fiber.Map{"event": c.Query("event")}) // want `concurrent write to conn: WriteJSON may overlap`
	}
	return nil
}

// Desk is Board fixed: every write of a registered conn holds the
// registry's mutex.
type Desk struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func (d *Desk) Routes(app *fiber.App) {
	g := app.Group("/desk")
	g.Get("/ws", websocket.New(d.serve))
	g.Add(fiber.MethodPost, "/notify", d.notify)
}

func (d *Desk) serve(c *websocket.Conn) {
	d.mu.Lock()
	d.conns[c.Params("id")] = c
	d.mu.Unlock()
	for {
		mt, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		d.mu.Lock()
		err = c.WriteMessage(mt, msg)
		d.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (d *Desk) notify(c *fiber.Ctx) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, conn := range d.conns {
		conn.WriteJSON(fiber.Map{"event": c.Query("event")})
	}
	return nil
}

// Echo: each upgraded request serves its own conn.
func Echo(app *fiber.App) {
	app.Get("/echo", websocket.New(func(c *websocket.Conn) {
		for {
			mt, msg, err := c.ReadMessage()
			if err != nil {
				return
			}
			c.WriteMessage(mt, msg)
		}
	}))
}

// Ticker writes a package variable's conn from every upgraded request,
// through the middleware's newer home (gofiber/contrib).
var ticker *contrib.Conn

func Ticker(app *fiber.App) {
	app.Get("/ticker", contrib.New(func(c *contrib.Conn) {
		ticker.WriteMessage(contrib.TextMessage, []byte(c.Params("id"))) // want `concurrent write to ticker: WriteMessage may overlap itself: the handler registered at fiber.go:\d+ serves requests concurrently`
	}))
}
