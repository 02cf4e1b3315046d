// Package twoobjects: constructors that each make an object around the
// conn their caller passes and leave a goroutine running on it. Each call
// makes its own object; nothing says two calls, of one constructor or of
// two, share a conn. The goroutines race with the object's methods, and
// with anything that reaches one conn the package holds itself.
package twoobjects

import (
	"sync"

	"github.com/gorilla/websocket"
)

type room struct {
	ws *websocket.Conn
}

func (r *room) read() {
	for {
		if _, _, err := r.ws.ReadMessage(); err != nil {
			return
		}
	}
}

// ServeChat and ServeLogs: two constructors of one type, each reading its
// own object's conn. Silent.
func ServeChat(ws *websocket.Conn) *room {
	r := &room{ws: ws}
	go r.read()
	return r
}

func ServeLogs(ws *websocket.Conn) *room {
	r := &room{ws: ws}
	go r.read()
	return r
}

// DialChat and DialLogs dial their own conns; DialLogs starts the loop as
// a method value. Silent.
func DialChat(url string) (*room, error) {
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	r := &room{ws: ws}
	go r.read()
	return r, nil
}

func DialLogs(url string) (*room, error) {
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	r := &room{ws: ws}
	read := r.read
	go read()
	return r, nil
}

// The same with the object filled after it is made, and the loop started
// by a helper of the object.
type feed struct {
	mu sync.Mutex
	ws *websocket.Conn
}

func (f *feed) start() { go f.pump() }

func (f *feed) pump() {
	for {
		if err := f.ws.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to f.ws: WriteMessage may overlap WriteMessage at twoobjects.go:\d+ \(goroutine started at twoobjects.go:\d+ and left running by OpenPrices; Publish may be called meanwhile\)`
			return
		}
	}
}

func OpenPrices(ws *websocket.Conn) *feed {
	f := new(feed)
	f.ws = ws
	f.start()
	return f
}

func OpenTrades(ws *websocket.Conn) *feed {
	f := new(feed)
	f.ws = ws
	f.start()
	return f
}

// Publish writes the object's conn beside its pump: a race, whichever
// constructor made the object.
func (f *feed) Publish(msg []byte) error {
	return f.ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to f.ws: WriteMessage may overlap WriteMessage at twoobjects.go:\d+ \(goroutine started at twoobjects.go:\d+ and left running by OpenPrices; Publish may be called meanwhile\)`
}

// Twins that share a conn: both constructors read the package's one
// upstream conn, and both read a server's conn through the objects they
// make. Reported.
var upstream *websocket.Conn

type tap struct{}

func (t *tap) drain() {
	for {
		if _, _, err := upstream.ReadMessage(); err != nil { // want `concurrent read from upstream: ReadMessage may overlap itself, reached from twoobjects.go:\d+ and twoobjects.go:\d+ \(goroutine started at twoobjects.go:\d+ and left running by TapA; TapB may be called meanwhile\)`
			return
		}
	}
}

func TapA() *tap {
	t := &tap{}
	go t.drain()
	return t
}

func TapB() *tap {
	t := &tap{}
	go t.drain()
	return t
}

type Server struct {
	conn *websocket.Conn
}

type view struct {
	ws *websocket.Conn
}

func (v *view) watch() {
	for {
		if _, _, err := v.ws.ReadMessage(); err != nil { // want `concurrent read from v.ws: ReadMessage may overlap itself, reached from twoobjects.go:\d+ and twoobjects.go:\d+ \(goroutine started at twoobjects.go:\d+ and left running by Orders; Quotes may be called meanwhile\)`
			return
		}
	}
}

func (s *Server) Orders() *view {
	v := &view{ws: s.conn}
	go v.watch()
	return v
}

func (s *Server) Quotes() *view {
	v := &view{ws: s.conn}
	go v.watch()
	return v
}
