// Package signalapp sends its candidates over a websocket from the
// handler peerlib runs on its agent's goroutine, while its own loop
// answers on the same conn.
package signalapp

import (
	"sync"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/agentlib"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/peerlib"
)

// signal: the candidate handler's write overlaps the answers. Reported.
func signal(conn *websocket.Conn) {
	p := peerlib.NewPeer()
	p.OnICECandidate(func(c string) {
		conn.WriteJSON(c) // want `concurrent write to conn: WriteJSON may overlap WriteJSON at signalapp.go:\d+ \(run later by \(\*agentlib.Agent\).gather, handed over at signalapp.go:\d+\)`
	})
	for {
		var msg string
		if err := conn.ReadJSON(&msg); err != nil {
			return
		}
		conn.WriteJSON("answer") // want `concurrent write to conn: WriteJSON may overlap WriteJSON at signalapp.go:\d+`
	}
}

// signalLocked: one mutex around both writes (the thread-safe writer
// fix). Silent.
func signalLocked(conn *websocket.Conn) {
	var mu sync.Mutex
	p := peerlib.NewPeer()
	p.OnICECandidate(func(c string) {
		mu.Lock()
		defer mu.Unlock()
		conn.WriteJSON(c)
	})
	for {
		var msg string
		if err := conn.ReadJSON(&msg); err != nil {
			return
		}
		mu.Lock()
		conn.WriteJSON("answer")
		mu.Unlock()
	}
}

// describe: Describe runs its function in place. Silent.
func describe(conn *websocket.Conn) {
	p := peerlib.NewPeer()
	p.Describe(func(s string) {
		conn.WriteJSON(s)
	})
	conn.WriteJSON("done")
}

// notified: the handler runs on the notifier's goroutine while the loop
// answers. Reported.
func notified(conn *websocket.Conn, n *agentlib.Notifier) {
	n.OnCandidate(func(c string) {
		conn.WriteJSON(c) // want `concurrent write to conn: WriteJSON may overlap WriteJSON at signalapp.go:\d+`
	})
	for {
		var msg string
		if err := conn.ReadJSON(&msg); err != nil {
			return
		}
		conn.WriteJSON("answer") // want `concurrent write to conn: WriteJSON may overlap WriteJSON at signalapp.go:\d+`
	}
}

// relayed: the relay's pump runs the handler while the loop answers.
// Reported.
func relayed(conn *websocket.Conn, r *agentlib.Relay) {
	r.OnMessage(func(c string) {
		conn.WriteJSON(c) // want `concurrent write to conn: WriteJSON may overlap WriteJSON at signalapp.go:\d+`
	})
	for {
		var msg string
		if err := conn.ReadJSON(&msg); err != nil {
			return
		}
		conn.WriteJSON("answer") // want `concurrent write to conn: WriteJSON may overlap WriteJSON at signalapp.go:\d+`
	}
}
