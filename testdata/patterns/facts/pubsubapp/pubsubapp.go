// Package pubsubapp uses pubsublib: a peer the library made and the
// handler bound to its conn, pinged by the library's KeepAlive; a
// subscriber filed in every topic.
package pubsubapp

import (
	"net/http"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/pubsublib"
)

var upgrader websocket.Upgrader

// serve writes the conn it bound while KeepAlive pings it.
func serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := pubsublib.NewPeer()
	s.Bind(conn)
	go s.KeepAlive()                                          // want `concurrent write to conn: KeepAlive \(WriteMessage at pubsublib.go:\d+\) may overlap WriteMessage at pubsubapp.go:\d+ \(goroutine started at pubsubapp.go:\d+\)`
	conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap KeepAlive \(WriteMessage at pubsublib.go:\d+\) at pubsubapp.go:\d+ \(goroutine started at pubsubapp.go:\d+\)`
}

// serveLater greets before the pinger starts.
func serveLater(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := pubsublib.NewPeer()
	s.Bind(conn)
	conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	go s.KeepAlive()
}

// fanOut files one subscriber in each topic it creates: every topic's
// publisher writes it.
func fanOut(names []string, s *pubsublib.Subscriber) {
	for range names {
		t := pubsublib.NewTopic() // want `concurrent write to t.subs\[\*\].conn: NewTopic \(WriteMessage at pubsublib.go:\d+\) may overlap itself: the goroutine started at pubsubapp.go:\d+ runs once per loop iteration`
		t.Subscribe(s)
	}
}
