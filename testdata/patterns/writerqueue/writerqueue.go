// Package writerqueue gives each connection a single writer goroutine fed
// by a channel, the other standard way to respect gorilla's one-writer
// rule.
package writerqueue

import (
	"encoding/json"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const (
	writeWait  = 10 * time.Second
	pingPeriod = 50 * time.Second
)

var upgrader = websocket.Upgrader{}

// Outbox owns a connection: only its run goroutine writes to it.
type Outbox struct {
	conn  *websocket.Conn
	queue chan []byte
	done  chan struct{}
}

// NewOutbox starts the writer goroutine for conn.
func NewOutbox(conn *websocket.Conn) *Outbox {
	o := &Outbox{conn: conn, queue: make(chan []byte, 64), done: make(chan struct{})}
	go o.run()
	return o
}

// run is safe: it is the only writer, and its select loop pings and
// sends from one goroutine.
func (o *Outbox) run() {
	ticker := time.NewTicker(pingPeriod)
	defer ticker.Stop()
	defer close(o.done)
	for {
		select {
		case msg, ok := <-o.queue:
			o.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				o.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
				return
			}
			if err := o.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-ticker.C:
			o.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := o.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

// Send only enqueues: safe from any goroutine.
func (o *Outbox) Send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	select {
	case o.queue <- b:
	case <-o.done:
	}
	return nil
}

// ServeProducers is safe: the producers only send on the outbox queue.
func ServeProducers(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		log.Println(err)
		return
	}
	out := NewOutbox(conn)
	go func() {
		for t := range time.Tick(time.Second) {
			out.Send(map[string]any{"clock": t})
		}
	}()
	go func() {
		for i := 0; ; i++ {
			out.Send(map[string]int{"seq": i})
			time.Sleep(time.Second)
		}
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			close(out.queue)
			return
		}
		out.Send(map[string]string{"echo": string(msg)})
	}
}

// ServeHandshakeFirst is safe: the handler writes the welcome frames
// before the go statement that hands the conn to the writer.
func ServeHandshakeFirst(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := conn.WriteJSON(map[string]string{"type": "welcome"}); err != nil {
		conn.Close()
		return
	}
	conn.SetWriteDeadline(time.Time{})
	out := NewOutbox(conn)
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			close(out.queue)
			return
		}
		out.Send(string(msg))
	}
}

// writeLoop writes queued frames to conn until queue is closed.
func writeLoop(conn *websocket.Conn, queue <-chan []byte) {
	for msg := range queue {
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteJSON at writerqueue.go:147 \(goroutine started at writerqueue.go:146\)`
			return
		}
	}
}

// ServeHandshakeAfter is racy: the handler writes after the writer
// goroutine is already running.
func ServeHandshakeAfter(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	queue := make(chan []byte, 64)
	go writeLoop(conn, queue)
	if err := conn.WriteJSON(map[string]string{"type": "welcome"}); err != nil { // want `concurrent write to conn: WriteJSON may overlap WriteMessage at writerqueue.go:132 \(goroutine started at writerqueue.go:146\)`
		conn.Close()
		return
	}
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			close(queue)
			return
		}
		queue <- msg
	}
}

// ServeInlineWriter is safe: a writer goroutine owns conn; the handler
// writes the welcome first, then only reads and enqueues.
func ServeInlineWriter(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	send := make(chan []byte, 16)
	go func() {
		for msg := range send {
			if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		}
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			close(send)
			return
		}
		send <- msg
	}
}

// ServeInlineWriterLeak is racy: after starting the writer goroutine the
// handler answers errors directly on the conn.
func ServeInlineWriterLeak(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	send := make(chan []byte, 16)
	go func() {
		for msg := range send {
			if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at writerqueue.go:209 \(goroutine started at writerqueue.go:195\)`
				return
			}
		}
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			close(send)
			return
		}
		if len(msg) == 0 {
			conn.WriteMessage(websocket.TextMessage, []byte(`{"error":"empty"}`)) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at writerqueue.go:197 \(goroutine started at writerqueue.go:195\)`
			continue
		}
		send <- msg
	}
}

// drainLoop writes queued frames and closes done when it stops.
func drainLoop(conn *websocket.Conn, queue <-chan []byte, done chan<- struct{}) {
	defer close(done)
	for msg := range queue {
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
			return
		}
	}
}

// ServeDrainThenClose is safe: the handler waits for the writer to exit
// (drainLoop closes done) before it writes the close frame itself.
func ServeDrainThenClose(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	queue := make(chan []byte, 64)
	done := make(chan struct{})
	go drainLoop(conn, queue, done)
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			break
		}
		queue <- msg
	}
	close(queue)
	<-done
	conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""))
	conn.Close()
}

// ServeAuthorized is safe: the deny frame is written only on the branch
// that never starts the writer.
func ServeAuthorized(w http.ResponseWriter, r *http.Request, authorized bool) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	queue := make(chan []byte, 16)
	if authorized {
		go relayLoop(conn, queue)
	} else {
		conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "denied"))
		conn.Close()
		return
	}
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			close(queue)
			return
		}
		queue <- msg
	}
}

// relayLoop writes queued frames to conn.
func relayLoop(conn *websocket.Conn, queue <-chan []byte) {
	for msg := range queue {
		if conn.WriteMessage(websocket.TextMessage, msg) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at writerqueue.go:\d+`
			return
		}
	}
}

// ServeLateStart is racy: the loop starts the relay on the first
// subscribe, and its next iterations keep writing acks directly.
func ServeLateStart(conn *websocket.Conn, queue chan []byte) {
	started := false
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		conn.WriteMessage(websocket.TextMessage, []byte("ack")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at writerqueue.go:\d+`
		if !started && string(msg) == "subscribe" {
			started = true
			go relayLoop(conn, queue)
		}
	}
}

// ServeGated is safe: the pinger waits for ready, which the handler
// closes only after its welcome write.
func ServeGated(conn *websocket.Conn) {
	ready := make(chan struct{})
	go func() {
		<-ready
		for range time.Tick(pingPeriod) {
			if conn.WriteMessage(websocket.PingMessage, nil) != nil {
				return
			}
		}
	}()
	conn.WriteJSON(map[string]string{"type": "welcome"})
	close(ready)
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

// ServeGatedEarly is racy: ready is closed before the welcome write.
func ServeGatedEarly(conn *websocket.Conn) {
	ready := make(chan struct{})
	go func() {
		<-ready
		for range time.Tick(pingPeriod) {
			if conn.WriteMessage(websocket.PingMessage, nil) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteJSON at writerqueue.go:\d+`
				return
			}
		}
	}()
	close(ready)
	conn.WriteJSON(map[string]string{"type": "welcome"}) // want `concurrent write to conn: WriteJSON may overlap WriteMessage at writerqueue.go:\d+`
}

// ServeWaitGroup is safe: the close frame is written after wg.Wait.
func ServeWaitGroup(conn *websocket.Conn, batch [][]byte) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, m := range batch {
			conn.WriteMessage(websocket.TextMessage, m)
		}
	}()
	wg.Wait()
	conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
}
