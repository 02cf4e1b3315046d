// Package sessionserver runs each sessionlib session's keepalive and
// hands the session to a callback its users set: they may call Send
// while the keepalive writes.
package sessionserver

import (
	"net/http"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/sessionlib"
)

var upgrader websocket.Upgrader

// Server calls OnSession with each session. Reported at the calls that
// lead to the two writes.
type Server struct {
	OnSession func(*sessionlib.Session)
}

func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`calls p0.OnSession`
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := sessionlib.New(conn)
	go s.Keepalive() // want `concurrent write to conn: Keepalive \(SetWriteDeadline at sessionlib.go:\d+\) may overlap (Send|Keepalive)`
	srv.OnSession(s) // want `concurrent write to conn: (Send|Keepalive) \(\w+ at sessionlib.go:\d+\) may overlap Keepalive .* OnSession at server.go:\d+ hands the object to user code`
}

// QuietServer leaves the session's keepalive to its users: silent.
type QuietServer struct {
	OnSession func(*sessionlib.Session)
}

func (srv *QuietServer) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`calls p0.OnSession`
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	srv.OnSession(sessionlib.New(conn))
}
