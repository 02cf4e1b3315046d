// Package knownbugs holds analyzer results that are wrong today: a want
// comment marks each missed finding, and the false reports have none, so
// analysistest shows each as a failure ("unexpected diagnostic").
// TestKnownBugs runs it only when WSCONCURRENT_KNOWN_BUGS=1 (and fails);
// move a case to its package once it is fixed.
package knownbugs

import (
	"os"

	"github.com/gorilla/websocket"
)

// Writer is the method set a generic function needs from a conn.
type Writer interface {
	WriteMessage(int, []byte) error
}

// send is generic over the conn type and writes without a lock.
func send[C Writer](c C, msg []byte) error {
	return c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap`
}

// genericSend races exactly like the same code with send taking a
// *websocket.Conn (which is reported), but nothing is reported: the
// write through the type parameter C is not resolved to
// (*websocket.Conn).WriteMessage. A missed race (silence).
func genericSend(conn *websocket.Conn, updates <-chan []byte) {
	go send(conn, []byte("ping"))
	for u := range updates {
		send(conn, u)
	}
}

// afterExit reports the write after os.Exit, which never runs (SSA does
// not know that os.Exit does not return). A false report, in dead code
// that go vet's unreachable check flags anyway.
func afterExit(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	os.Exit(1)
	conn.WriteMessage(websocket.TextMessage, nil)
}

const debug = false

// constantFalse reports the write under if debug, which never runs
// (debug is a constant false; SSA keeps the branch). A false report in
// dead code.
func constantFalse(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	if debug {
		conn.WriteMessage(websocket.TextMessage, nil)
	}
}
