package joins

import (
	"io"
	"sync"

	"github.com/gorilla/websocket"
)

// A goroutine that calls a method through an interface it captured
// (w.Close() on the io.WriteCloser a constructor returned) and then
// signals its end: the method's write is over at the signal, like the
// goroutine's own.

type frameWriter struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func newFrameWriter(c *websocket.Conn) io.WriteCloser { return &frameWriter{conn: c} }

func (w *frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(p), w.conn.WriteMessage(websocket.BinaryMessage, p)
}

func (w *frameWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to w.conn: WriteMessage may overlap WriteMessage at calleddone.go:\d+`
}

// copyOut copies r to the conn on a goroutine, closes the stream and
// reports on the channel it returns.
func copyOut(conn *websocket.Conn, r io.Reader) chan error {
	done := make(chan error, 1)
	w := newFrameWriter(conn)
	go func() {
		_, err := io.Copy(w, r)
		w.Close()
		done <- err
		close(done)
	}()
	return done
}

// sendAfter writes the trailer once the copy reported: silent.
func sendAfter(conn *websocket.Conn, r io.Reader) error {
	if err := <-copyOut(conn, r); err != nil {
		return err
	}
	return conn.WriteMessage(websocket.TextMessage, []byte("trailer"))
}

// sendDuring writes the trailer before waiting: reported.
func sendDuring(conn *websocket.Conn, r io.Reader) error {
	done := copyOut(conn, r)
	conn.WriteMessage(websocket.TextMessage, []byte("trailer")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at calleddone.go:\d+`
	return <-done
}

// sendAfterClosure: the same wait, with the method called through a
// closure the goroutine calls. Silent.
func sendAfterClosure(conn *websocket.Conn) error {
	done := make(chan struct{})
	w := newFrameWriter(conn)
	finish := func() { w.Close() }
	go func() {
		finish()
		close(done)
	}()
	<-done
	return conn.WriteMessage(websocket.TextMessage, []byte("trailer"))
}
