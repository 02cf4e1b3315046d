// Package gostmt starts writer goroutines in every syntactic form Go
// offers, racing with the spawner or not.
package gostmt

import (
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{}

// ServeLiteral is racy: function-literal goroutine vs handler write.
func ServeLiteral(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	go func() {
		conn.WriteMessage(websocket.TextMessage, []byte("server time: "+time.Now().String())) // want `concurrent write to conn: WriteMessage may overlap WriteJSON at gostmt.go:23 \(goroutine started at gostmt.go:20\)`
	}()
	conn.WriteJSON(map[string]string{"status": "ready"}) // want `concurrent write to conn: WriteJSON may overlap WriteMessage at gostmt.go:21 \(goroutine started at gostmt.go:20\)`
}

// ServeLiteralQuiet is safe: the handler writes first, then only reads.
func ServeLiteralQuiet(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn.WriteJSON(map[string]string{"status": "ready"})
	go func() {
		conn.WriteMessage(websocket.TextMessage, []byte("server time: "+time.Now().String()))
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			conn.Close()
			return
		}
	}
}

// writeLoop sends every queued frame.
func writeLoop(conn *websocket.Conn, out <-chan []byte) {
	for msg := range out {
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:\d+ \(goroutine started at gostmt.go:\d+\)`
			return
		}
	}
}

// ServeNamed is racy: go writeLoop(conn, out), then the handler writes.
func ServeNamed(w http.ResponseWriter, r *http.Request, out <-chan []byte) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	go writeLoop(conn, out)
	conn.WriteMessage(websocket.TextMessage, []byte("subscribed")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:47 \(goroutine started at gostmt.go:59\)`
}

// ServeNamedQuiet is safe: the handler writes before go writeLoop and
// never after.
func ServeNamedQuiet(w http.ResponseWriter, r *http.Request, out <-chan []byte) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn.WriteMessage(websocket.TextMessage, []byte("subscribed"))
	go writeLoop(conn, out)
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			conn.Close()
			return
		}
	}
}

// Stream is one client's stream.
type Stream struct {
	conn *websocket.Conn
	quit chan struct{}
}

// pinger pings the stream's conn until quit.
func (s *Stream) pinger() {
	t := time.NewTicker(20 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at gostmt.go:\d+ \(goroutine started at gostmt.go:\d+\)`
		case <-s.quit:
			return
		}
	}
}

// run is racy: go s.pinger(), then the stream writes data frames.
func (s *Stream) run(data <-chan []byte) {
	go s.pinger()
	for d := range data {
		s.conn.WriteMessage(websocket.BinaryMessage, d) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at gostmt.go:93 \(goroutine started at gostmt.go:102\)`
	}
	close(s.quit)
}

// runQuiet is safe: go s.pinger(), then the stream only reads.
func (s *Stream) runQuiet(in chan<- []byte) {
	s.conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	go s.pinger()
	defer close(s.quit)
	for {
		_, msg, err := s.conn.ReadMessage()
		if err != nil {
			return
		}
		in <- msg
	}
}

// ServeMethodValue is racy: a method value of conn run as a goroutine,
// then the handler writes.
func ServeMethodValue(conn *websocket.Conn, banner []byte) {
	send := conn.WriteMessage
	go send(websocket.TextMessage, banner)                        // want `concurrent write to [^:]+: WriteMessage may overlap WriteMessage at gostmt.go:128 \(goroutine started at gostmt.go:127\)`
	conn.WriteMessage(websocket.TextMessage, []byte("connected")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:127 \(goroutine started at gostmt.go:127\)`
}

// ServeMethodValueQuiet is safe: the method value goroutine is the only
// write after the handler's own.
func ServeMethodValueQuiet(conn *websocket.Conn, banner []byte) {
	conn.WriteMessage(websocket.TextMessage, []byte("connected"))
	send := conn.WriteMessage
	go send(websocket.TextMessage, banner)
	conn.ReadMessage()
}

// ServeBound is racy: go conn.WriteMessage(...) vs the handler's
// WriteJSON.
func ServeBound(conn *websocket.Conn, msg []byte, meta map[string]string) {
	go conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap WriteJSON at gostmt.go:144 \(goroutine started at gostmt.go:143\)`
	conn.WriteJSON(meta)                             // want `concurrent write to conn: WriteJSON may overlap WriteMessage at gostmt.go:143 \(goroutine started at gostmt.go:143\)`
}

// ServeBoundQuiet is safe: the goroutine's write is the last write; the
// handler then only reads and closes.
func ServeBoundQuiet(conn *websocket.Conn, msg []byte, meta map[string]string) {
	conn.WriteJSON(meta)
	go conn.WriteMessage(websocket.TextMessage, msg)
	conn.ReadMessage()
	conn.Close()
}

// ServeCloser is safe: the goroutine only closes the conn, which is safe
// from any goroutine.
func ServeCloser(conn *websocket.Conn, data <-chan []byte, timeout time.Duration) {
	go func() {
		time.Sleep(timeout)
		conn.Close()
	}()
	for d := range data {
		if conn.WriteMessage(websocket.TextMessage, d) != nil {
			return
		}
	}
}

// startPinger starts a goroutine that pings conn.
func startPinger(conn *websocket.Conn) {
	go func() {
		for range time.Tick(time.Minute) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:184 \(goroutine started at gostmt.go:(172|182)\)`
		}
	}()
}

// ServeIndirect is racy: startPinger spawns the pinger, then the
// handler writes.
func ServeIndirect(conn *websocket.Conn, data <-chan []byte) {
	startPinger(conn)
	for d := range data {
		conn.WriteMessage(websocket.TextMessage, d) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:174 \(goroutine started at gostmt.go:(172|182)\)`
	}
}

// ServeDeferred is racy: the deferred close frame is written on return,
// while the pinger goroutine is still running.
func ServeDeferred(conn *websocket.Conn, data <-chan []byte) {
	defer conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")) // want `concurrent write to conn: WriteMessage may overlap`
	go func() {
		for range time.Tick(time.Minute) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap`
		}
	}()
	for d := range data {
		if conn.WriteControl(websocket.TextMessage, d, time.Now().Add(time.Second)) != nil {
			return
		}
	}
}

// ServeNested is racy: a goroutine starts a second goroutine, and both
// write.
func ServeNested(conn *websocket.Conn, data <-chan []byte) {
	go func() {
		go func() {
			for range time.Tick(time.Minute) {
				conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:\d+ \(goroutine started at gostmt.go:\d+\)`
			}
		}()
		for d := range data {
			conn.WriteMessage(websocket.TextMessage, d) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:\d+ \(goroutine started at gostmt.go:\d+\)`
		}
	}()
}

// ServeFuncVar is racy: the goroutine body is a func value in a variable.
func ServeFuncVar(conn *websocket.Conn, data <-chan []byte) {
	keepalive := func() {
		for range time.Tick(time.Minute) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:\d+`
		}
	}
	go keepalive()
	for d := range data {
		conn.WriteMessage(websocket.TextMessage, d) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at gostmt.go:\d+`
	}
}

// RunExpr is racy: go (*Stream).pinger(s) is go s.pinger() spelled as a
// method expression.
func RunExpr(s *Stream, data <-chan []byte) {
	go (*Stream).pinger(s)
	for d := range data {
		s.conn.WriteMessage(websocket.BinaryMessage, d) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at gostmt.go:93 \(goroutine started at gostmt.go:\d+\)`
	}
}
