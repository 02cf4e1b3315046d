// Package replylib adapts a conn to io.Writer, for packages that write
// replies through an io.Writer they keep.
package replylib

import (
	"sync"

	"github.com/gorilla/websocket"
)

// ResponseWriter writes each Write as one text message.
type ResponseWriter struct{ conn *websocket.Conn }

// NewResponseWriter wraps c.
func NewResponseWriter(c *websocket.Conn) *ResponseWriter { return &ResponseWriter{conn: c} } // want NewResponseWriter:`returns#0.conn p0`

func (w *ResponseWriter) Write(b []byte) (int, error) { // want Write:`write WriteMessage\(p0.conn\)`
	return len(b), w.conn.WriteMessage(websocket.TextMessage, b)
}

// LockedWriter takes the mutex its owner gives it.
type LockedWriter struct { // want LockedWriter:`guards`
	mu   *sync.Mutex
	conn *websocket.Conn
}

// NewLockedWriter wraps c, locking mu around each write.
func NewLockedWriter(mu *sync.Mutex, c *websocket.Conn) *LockedWriter { // want NewLockedWriter:`returns#0.mu p0`
	return &LockedWriter{mu: mu, conn: c}
}

func (w *LockedWriter) Write(b []byte) (int, error) { // want Write:`write WriteMessage\(p0.conn\) under p0.mu`
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(b), w.conn.WriteMessage(websocket.TextMessage, b)
}
