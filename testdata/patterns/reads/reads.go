// Package reads checks the read half of gorilla's contract: one
// concurrent reader, independent of the writer.
package reads

import (
	"encoding/json"
	"log"
	"time"

	"github.com/gorilla/websocket"
)

const pongWait = 60 * time.Second

// Command is a client request.
type Command struct {
	Op   string          `json:"op"`
	Args json.RawMessage `json:"args"`
}

// Client is a websocket API client.
type Client struct {
	conn     *websocket.Conn
	commands chan Command
	events   chan []byte
}

// Dial connects a client.
func Dial(url string) (*Client, error) {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, commands: make(chan Command), events: make(chan []byte)}, nil
}

// listenTwice is racy: two goroutines read the same conn.
func (c *Client) listenTwice() {
	go func() {
		for {
			_, msg, err := c.conn.ReadMessage() // want `concurrent read from c.conn: ReadMessage may overlap ReadMessage at reads.go:49 \(goroutine started at reads.go:39\)`
			if err != nil {
				return
			}
			c.events <- msg
		}
	}()
	for {
		_, msg, err := c.conn.ReadMessage() // want `concurrent read from c.conn: ReadMessage may overlap ReadMessage at reads.go:41 \(goroutine started at reads.go:39\)`
		if err != nil {
			return
		}
		log.Printf("main loop got %d bytes", len(msg))
	}
}

// readLoop is the client's only reader.
func (c *Client) readLoop() {
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		// The handler runs at every read of c.conn once installed:
		// also on listenTwice's and extendDeadline's readers.
		return c.conn.SetReadDeadline(time.Now().Add(pongWait)) // want `concurrent read from c.conn: SetReadDeadline may overlap ReadMessage at reads.go:\d+`
	})
	for {
		var cmd Command
		if err := c.conn.ReadJSON(&cmd); err != nil {
			close(c.commands)
			return
		}
		c.commands <- cmd
	}
}

// writeLoop is the client's only writer.
func (c *Client) writeLoop() {
	for ev := range c.events {
		c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if err := c.conn.WriteMessage(websocket.TextMessage, ev); err != nil {
			return
		}
	}
}

// run is safe: one reader goroutine and one writer goroutine.
func (c *Client) run() {
	go c.readLoop()
	go c.writeLoop()
}

// runInline is safe: the reader runs as a goroutine and the caller
// writes; reads never conflict with writes.
func (c *Client) runInline() {
	go c.readLoop()
	for ev := range c.events {
		if err := c.conn.WriteMessage(websocket.TextMessage, ev); err != nil {
			return
		}
	}
}

// extendDeadline is racy: the caller moves the read deadline while the
// reader goroutine is inside ReadJSON.
func (c *Client) extendDeadline(d time.Duration) {
	go func() {
		var cmd Command
		for c.conn.ReadJSON(&cmd) == nil { // want `concurrent read from c.conn: ReadJSON may overlap SetReadDeadline at reads.go:\d+`
			c.commands <- cmd
		}
	}()
	for range time.Tick(d) {
		c.conn.SetReadDeadline(time.Now().Add(d)) // want `concurrent read from c.conn: SetReadDeadline may overlap (ReadJSON|SetReadDeadline) at reads.go:\d+`
	}
}

// extendWriteDeadline is safe: the caller only touches the write side
// while the reader goroutine reads.
func (c *Client) extendWriteDeadline(d time.Duration) {
	go func() {
		var cmd Command
		for c.conn.ReadJSON(&cmd) == nil {
			c.commands <- cmd
		}
	}()
	for range time.Tick(d) {
		c.conn.SetWriteDeadline(time.Now().Add(d))
	}
}

// drain reads and discards frames using NextReader.
func drain(conn *websocket.Conn) {
	for {
		if _, _, err := conn.NextReader(); err != nil { // want `concurrent read from conn: NextReader may overlap ReadJSON at reads.go:\d+ \(goroutine started at reads.go:\d+\)`
			return
		}
	}
}

// DrainAndDecode is racy: drain reads in a goroutine while the caller
// decodes with websocket.ReadJSON.
func DrainAndDecode(conn *websocket.Conn, into *Command) error {
	go drain(conn)
	return websocket.ReadJSON(conn, into) // want `concurrent read from conn: ReadJSON may overlap NextReader at reads.go:\d+ \(goroutine started at reads.go:\d+\)`
}

// HandlersFirst is safe: the handlers are installed before the reader
// goroutine starts, and the caller only writes and closes afterwards.
func HandlersFirst(conn *websocket.Conn, out <-chan []byte) {
	conn.SetPongHandler(func(string) error { return nil })
	conn.SetPingHandler(func(data string) error {
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	go drain2(conn)
	for m := range out {
		conn.WriteMessage(websocket.TextMessage, m)
	}
	conn.Close()
}

// drain2 is HandlersFirst's reader.
func drain2(conn *websocket.Conn) {
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

// HandlersLate is racy: the pong handler is replaced while the reader
// goroutine runs.
func HandlersLate(conn *websocket.Conn) {
	go func() {
		for {
			if _, _, err := conn.ReadMessage(); err != nil { // want `concurrent read from conn: ReadMessage may overlap SetPongHandler at reads.go:\d+`
				return
			}
		}
	}()
	conn.SetPongHandler(func(string) error { return nil }) // want `concurrent read from conn: SetPongHandler may overlap ReadMessage at reads.go:\d+`
}

// PollPerTick is racy: a reading goroutine per tick, all on one conn.
func PollPerTick(conn *websocket.Conn, results chan<- []byte) {
	for range time.Tick(time.Second) {
		go func() {
			_, msg, err := conn.ReadMessage() // want `concurrent read from conn: ReadMessage may overlap itself: the goroutine started at reads.go:\d+ runs once per loop iteration`
			if err == nil {
				results <- msg
			}
		}()
	}
}

// ReadEach is safe: one reading goroutine per distinct conn.
func ReadEach(conns []*websocket.Conn, results chan<- []byte) {
	for _, conn := range conns {
		go func(conn *websocket.Conn) {
			for {
				_, msg, err := conn.ReadMessage()
				if err != nil {
					return
				}
				results <- msg
			}
		}(conn)
	}
}
