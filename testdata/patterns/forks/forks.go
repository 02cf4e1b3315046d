// Package forks: forks of gorilla/websocket keep its contract; libraries
// whose conns allow concurrent writes are never reported.
package forks

import (
	"context"
	"time"

	coderws "github.com/coder/websocket"
	fastws "github.com/fasthttp/websocket"
	xws "golang.org/x/net/websocket"
	nhooyrws "nhooyr.io/websocket"
)

// fasthttpPing races: fasthttp/websocket is a gorilla fork.
func fasthttpPing(conn *fastws.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(fastws.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at forks.go:23`
		}
	}()
	for u := range updates {
		conn.WriteMessage(fastws.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at forks.go:19`
	}
}

// fasthttpControl is silent: WriteControl.
func fasthttpControl(conn *fastws.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteControl(fastws.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	for u := range updates {
		conn.WriteMessage(fastws.TextMessage, u)
	}
}

// coder/websocket and nhooyr.io/websocket allow concurrent writes.
func coderWriters(ctx context.Context, conn *coderws.Conn, updates <-chan []byte) {
	go conn.Ping(ctx)
	go conn.Write(ctx, coderws.MessageText, []byte("hello"))
	for u := range updates {
		conn.Write(ctx, coderws.MessageText, u)
	}
}

func nhooyrWriters(ctx context.Context, conn *nhooyrws.Conn, updates <-chan []byte) {
	go conn.Write(ctx, nhooyrws.MessageText, []byte("hello"))
	for u := range updates {
		conn.Write(ctx, nhooyrws.MessageText, u)
	}
}

// golang.org/x/net/websocket frames each Write under its own lock.
func xnetWriters(conn *xws.Conn, updates <-chan []byte) {
	go xws.Message.Send(conn, "hello")
	for u := range updates {
		conn.Write(u)
	}
}
