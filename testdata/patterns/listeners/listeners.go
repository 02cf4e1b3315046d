// Package listeners: clients that keep the functions they are told to
// call in a container field and start each on a goroutine of its own
// per event. What a stored function writes then overlaps itself (two
// events) and the client's entry points on the same conn.
package listeners

import (
	"strconv"

	"github.com/gorilla/websocket"
)

// Phone keeps listeners in a map, added through a helper by its own
// methods, and starts one goroutine per listener per message. Reported.
type Phone struct {
	ws        *websocket.Conn
	seq       int
	listeners map[string]func(string)
}

func (p *Phone) addListener(f func(string)) string {
	p.seq++
	key := strconv.Itoa(p.seq)
	p.listeners[key] = f
	return key
}

func (p *Phone) send(msg string) {
	p.ws.WriteMessage(websocket.TextMessage, []byte(msg)) // want `concurrent write to p.ws: WriteMessage may overlap`
}

// Dial starts the read loop.
func Dial(ws *websocket.Conn) *Phone {
	p := &Phone{ws: ws, listeners: make(map[string]func(string))}
	go func() {
		for {
			_, b, err := p.ws.ReadMessage()
			if err != nil {
				return
			}
			for _, l := range p.listeners {
				go l(string(b))
			}
		}
	}()
	return p
}

// Answer rings back on every invite.
func (p *Phone) Answer() {
	p.addListener(func(m string) {
		if m == "INVITE" {
			p.send("180 Ringing")
		}
	})
}

// Call sends an invite.
func (p *Phone) Call() { p.send("INVITE") }

// Bot keeps handlers in a slice it appends to and hands replies to its
// one writer goroutine. Silent.
type Bot struct {
	ws       *websocket.Conn
	out      chan string
	handlers []func(string)
}

func NewBot(ws *websocket.Conn) *Bot {
	b := &Bot{ws: ws, out: make(chan string, 8)}
	go func() {
		for m := range b.out {
			b.ws.WriteMessage(websocket.TextMessage, []byte(m))
		}
	}()
	go func() {
		for {
			_, msg, err := b.ws.ReadMessage()
			if err != nil {
				return
			}
			for _, h := range b.handlers {
				go h(string(msg))
			}
		}
	}()
	return b
}

// Echo replies through the writer.
func (b *Bot) Echo() {
	b.handlers = append(b.handlers, func(m string) { b.out <- m })
}

// Say queues a message for the writer.
func (b *Bot) Say(m string) { b.out <- m }

// Chatty is Bot whose handlers write the conn themselves. Reported.
type Chatty struct {
	ws       *websocket.Conn
	handlers []func(string)
}

func NewChatty(ws *websocket.Conn) *Chatty {
	c := &Chatty{ws: ws}
	go func() {
		for {
			_, msg, err := c.ws.ReadMessage()
			if err != nil {
				return
			}
			for _, h := range c.handlers {
				go h(string(msg))
			}
		}
	}()
	return c
}

// Echo writes the reply itself.
func (c *Chatty) Echo() {
	c.handlers = append(c.handlers, func(m string) {
		c.ws.WriteMessage(websocket.TextMessage, []byte(m)) // want `concurrent write to c.ws: WriteMessage may overlap itself`
	})
}

// Inline calls its handlers on the read loop itself: one goroutine.
// Silent.
type Inline struct {
	ws       *websocket.Conn
	handlers []func(string)
}

func NewInline(ws *websocket.Conn) *Inline {
	in := &Inline{ws: ws}
	go func() {
		for {
			_, msg, err := in.ws.ReadMessage()
			if err != nil {
				return
			}
			for _, h := range in.handlers {
				h(string(msg))
			}
		}
	}()
	return in
}

// Echo writes the reply on the read loop.
func (in *Inline) Echo() {
	in.handlers = append(in.handlers, func(m string) {
		in.ws.WriteMessage(websocket.TextMessage, []byte(m))
	})
}
