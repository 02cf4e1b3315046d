// Package hubapp joins its members to hublib2's hubs.
package hubapp

import (
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/hublib2"
)

// The hubs' goroutines write every member; serveTwo makes one member
// of both. Reported where the goroutines start.
var (
	news   = hublib2.NewHub() // want `concurrent write to hublib2.NewHub\(\): NewHub \(WriteMessage at hublib2.go:\d+\) may overlap NewHub \(WriteMessage at hublib2.go:\d+\) at hubapp.go:\d+`
	alerts = hublib2.NewHub() // want `concurrent write to hublib2.NewHub\(\): NewHub \(WriteMessage at hublib2.go:\d+\) may overlap NewHub \(WriteMessage at hublib2.go:\d+\) at hubapp.go:\d+`
)

// serveTwo joins one member to two hubs, whose goroutines write it at
// once. Reported.
func serveTwo(conn *websocket.Conn) {
	m := &hublib2.Member{Conn: conn}
	news.Join(m)
	alerts.Join(m)
}

// ServePing joins one hub and pings the conn itself, while the hub's
// goroutine writes it. Reported.
func ServePing(conn *websocket.Conn) { // want ServePing:`summary\(write WriteMessage\(p0\); .*files p0 as .*news.members\[own\].Conn!own\)`
	news.Join(&hublib2.Member{Conn: conn})
	for range time.Tick(time.Second) {
		conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap NewHub \(WriteMessage at hublib2.go:\d+\) at hubapp.go:\d+ \(goroutine started at hubapp.go:\d+ and left running by init; ServePing may be called meanwhile\)`
	}
}

// ServeOne joins one hub and writes nothing itself: silent.
func ServeOne(conn *websocket.Conn) { // want ServeOne:`summary\(signals .*files p0 as .*news.members\[own\].Conn!own\)`
	news.Join(&hublib2.Member{Conn: conn})
	for range time.Tick(time.Second) {
		conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	}
}
