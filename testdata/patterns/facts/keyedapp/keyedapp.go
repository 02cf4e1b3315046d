// Package keyedapp files its conn in keyedlib's registry under the
// request's key and later reaches it again by that key, while its
// pinger writes it.
package keyedapp

import (
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/keyedlib"
)

var reg = keyedlib.NewRegistry()

// serve replies through the registry by its key. Reported.
func serve(conn *websocket.Conn, id string) {
	reg.Add(id, conn)
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap`
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		reg.Reply(id, []byte("ok")) // want `concurrent write to reg.conns\[id\]: Reply \(WriteMessage at keyedlib.go:\d+\) may overlap`
	}
}

// serveGet looks the conn up with the registry's getter. Reported.
func serveGet(conn *websocket.Conn, id string) {
	reg.Add(id, conn)
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap`
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		reg.Get(id).WriteMessage(websocket.TextMessage, []byte("ok")) // want `concurrent write to .*: WriteMessage may overlap`
	}
}

// serveQuiet's pinger sends control frames: silent.
func serveQuiet(conn *websocket.Conn, id string) {
	reg.Add(id, conn)
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		reg.Reply(id, []byte("ok"))
	}
}
