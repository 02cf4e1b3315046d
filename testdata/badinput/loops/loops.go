// Package loops: goroutines started repeatedly without a for statement
// (a range-over-func loop body, a defer registered in a loop), and a
// method expression in a go statement. All three were missed or misnamed
// until 89e3a80.
package loops

import "github.com/gorilla/websocket"

func seq(yield func(int) bool) {
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

// rangeFuncGo starts a goroutine per iteration of a range-over-func loop:
// the copies race with each other, as in a for loop, though the loop body
// is a yield closure the iterator calls repeatedly.
func rangeFuncGo(conn *websocket.Conn) {
	for range seq {
		go conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap itself: the goroutine started at loops\.go:22 runs once per loop iteration`
	}
}

// deferInLoop defers, per iteration, a function that starts a writer:
// the writers race with each other when the function returns.
func deferInLoop(conn *websocket.Conn, n int) {
	for range n {
		defer func() {
			go conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap itself: the goroutine started at loops\.go:31 runs once per loop iteration`
		}()
	}
}

// methodExpr: the message names conn, the argument that is the receiver
// of the method expression.
func methodExpr(conn *websocket.Conn) {
	go (*websocket.Conn).WriteMessage(conn, websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at loops\.go:40 \(goroutine started at loops\.go:39\)`
	(*websocket.Conn).WriteMessage(conn, websocket.TextMessage, nil)    // want `concurrent write to conn: WriteMessage may overlap WriteMessage at loops\.go:39 \(goroutine started at loops\.go:39\)`
}
