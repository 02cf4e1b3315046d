package fieldfuncs

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Callbacks that get the object holding them as an argument instead of
// capturing it: c.onTick(c), go h(b, arg).

type ticker struct {
	conn   *websocket.Conn
	onTick func(t *ticker)
}

func sendPing(t *ticker) {
	t.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to t.conn: WriteMessage may overlap WriteMessage at holders.go:\d+`
}

// NewTicker stores a function that gets the ticker, and starts the loop
// that calls it. Reported with Send.
func NewTicker(conn *websocket.Conn) *ticker {
	t := &ticker{conn: conn, onTick: sendPing}
	go t.loop()
	return t
}

func (t *ticker) loop() {
	for range time.Tick(time.Second) {
		t.onTick(t)
	}
}

func (t *ticker) Send(b []byte) {
	t.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to t.conn: WriteMessage may overlap WriteMessage at holders.go:\d+`
}

// lockedTicker's callback is a method expression that takes the mutex
// Send takes: silent.
type lockedTicker struct {
	mu     sync.Mutex
	conn   *websocket.Conn
	onTick func(t *lockedTicker)
}

func (t *lockedTicker) ping() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.conn.WriteMessage(websocket.PingMessage, nil)
}

func NewLockedTicker(conn *websocket.Conn) *lockedTicker {
	t := &lockedTicker{conn: conn, onTick: (*lockedTicker).ping}
	go t.loop()
	return t
}

func (t *lockedTicker) loop() {
	for range time.Tick(time.Second) {
		t.onTick(t)
	}
}

func (t *lockedTicker) Send(b []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.conn.WriteMessage(websocket.TextMessage, b)
}

// exprTicker's callback is a method expression without the lock.
// Reported.
type exprTicker struct {
	conn   *websocket.Conn
	onTick func(t *exprTicker)
}

func (t *exprTicker) ping() {
	t.conn.SetWriteDeadline(time.Now().Add(time.Second)) // want `concurrent write to t.conn: SetWriteDeadline may overlap WriteMessage at holders.go:\d+`
}

func NewExprTicker(conn *websocket.Conn) *exprTicker {
	t := &exprTicker{conn: conn, onTick: (*exprTicker).ping}
	go t.loop()
	return t
}

func (t *exprTicker) loop() {
	for range time.Tick(time.Second) {
		t.onTick(t)
	}
}

func (t *exprTicker) Send(b []byte) {
	t.conn.WriteMessage(websocket.TextMessage, b) // want `concurrent write to t.conn: WriteMessage may overlap SetWriteDeadline at holders.go:\d+`
}

// bot keeps commands that get the bot, and starts each on a goroutine
// per message. Reported: two commands overlap.
type bot struct {
	conn     *websocket.Conn
	commands map[string]func(b *bot, arg string)
}

func newBot(conn *websocket.Conn) *bot {
	b := &bot{conn: conn, commands: map[string]func(*bot, string){}}
	b.commands["echo"] = func(b *bot, arg string) {
		b.conn.WriteMessage(websocket.TextMessage, []byte(arg)) // want `concurrent write to b.conn: WriteMessage may overlap itself: a function stored in fieldfuncs.bot.commands runs on the goroutine started at holders.go:\d+, one per event`
	}
	return b
}

func (b *bot) Run() {
	for {
		_, msg, err := b.conn.ReadMessage()
		if err != nil {
			return
		}
		if h, ok := b.commands[string(msg)]; ok {
			go h(b, string(msg))
		}
	}
}

// inlineBot runs each command in place, on the reader: silent.
type inlineBot struct {
	conn     *websocket.Conn
	commands map[string]func(b *inlineBot, arg string)
}

func newInlineBot(conn *websocket.Conn) *inlineBot {
	b := &inlineBot{conn: conn, commands: map[string]func(*inlineBot, string){}}
	b.commands["echo"] = func(b *inlineBot, arg string) {
		b.conn.WriteMessage(websocket.TextMessage, []byte(arg))
	}
	return b
}

func (b *inlineBot) Run() {
	for {
		_, msg, err := b.conn.ReadMessage()
		if err != nil {
			return
		}
		if h, ok := b.commands[string(msg)]; ok {
			h(b, string(msg))
		}
	}
}
