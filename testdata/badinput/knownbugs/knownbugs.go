// Package knownbugs holds analyzer results that are wrong today: a want
// comment marks each missed finding, and the false reports have none, so
// analysistest shows each as a failure ("unexpected diagnostic").
// TestKnownBugs runs it only when WSCONCURRENT_KNOWN_BUGS=1 (and fails);
// move a case to its package once it is fixed.
package knownbugs

import "github.com/gorilla/websocket"

func seq(yield func(int) bool) {
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

// rangeFuncGo starts a goroutine per iteration of a range-over-func loop:
// the copies race with each other, as they do in a for loop (which is
// reported), but the loop body is a yield closure the iterator calls
// repeatedly, and nothing is reported. A missed race.
func rangeFuncGo(conn *websocket.Conn) {
	for range seq {
		go conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap itself`
	}
}

// deferInLoop defers, per iteration, a function that starts a writer:
// the writers race with each other when the function returns. A missed
// race.
func deferInLoop(conn *websocket.Conn, n int) {
	for range n {
		defer func() {
			go conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap itself`
		}()
	}
}

// methodExpr is reported, but the message names the conn
// "(*websocket.Conn)" (the method expression) instead of conn, the
// argument that is the receiver.
func methodExpr(conn *websocket.Conn) {
	go (*websocket.Conn).WriteMessage(conn, websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap`
	(*websocket.Conn).WriteMessage(conn, websocket.TextMessage, nil)    // want `concurrent write to conn: WriteMessage may overlap`
}
