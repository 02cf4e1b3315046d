// Package replyapp keeps a replylib adapter in an io.Writer field of the
// session its constructor returns, and replies through it while a
// pinger writes the conn.
package replyapp

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/replylib"
)

type session struct {
	out io.Writer
}

func newSession(conn *websocket.Conn) *session {
	return &session{out: replylib.NewResponseWriter(conn)}
}

// serve replies through the session's writer. Reported.
func serve(conn *websocket.Conn) {
	s := newSession(conn)
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap Write \(WriteMessage at replylib.go:\d+\)`
		}
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		s.out.Write(msg) // want `concurrent write to conn: Write \(WriteMessage at replylib.go:\d+\) may overlap WriteMessage`
	}
}

type lockedSession struct {
	out io.Writer
}

func newLockedSession(mu *sync.Mutex, conn *websocket.Conn) *lockedSession {
	return &lockedSession{out: replylib.NewLockedWriter(mu, conn)}
}

// serveLocked pings under the mutex the adapter takes: silent.
func serveLocked(conn *websocket.Conn) {
	var mu sync.Mutex
	s := newLockedSession(&mu, conn)
	go func() {
		for range time.Tick(time.Second) {
			mu.Lock()
			conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		s.out.Write(msg)
	}
}
