// Package feed keeps its connection in a package variable: its API
// mentions no websocket type, so a package that imports feed alone does
// not list a websocket package among its types' imports. Only feed's
// facts say that Publish writes to a connection.
package feed

import (
	"sync"

	"github.com/gorilla/websocket"
)

var (
	conn *websocket.Conn
	mu   sync.Mutex
)

// Dial replaces the connection.
func Dial(url string) error {
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	conn = c
	return nil
}

// Publish writes without a lock.
func Publish(msg string) error { // want Publish:`summary\(write WriteMessage\(g:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/feed.conn\)\)`
	return conn.WriteMessage(websocket.TextMessage, []byte(msg))
}

// PublishLocked holds mu around the write: safe from any goroutine.
func PublishLocked(msg string) error { // want PublishLocked:`summary\(write WriteMessage\(g:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/feed.conn\) under g:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/feed.mu\)`
	mu.Lock()
	defer mu.Unlock()
	return conn.WriteMessage(websocket.TextMessage, []byte(msg))
}
