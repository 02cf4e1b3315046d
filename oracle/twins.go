//go:build oracle

package oracle

import (
	"context"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/sync/errgroup"
)

// Every twin writes to conn, at most a few hundred messages, and returns
// once every goroutine it started is done (except GoStmtRacy's, which
// cannot be waited for: that is its shape). The waits come after the
// writes, so they order nothing the analyzer (or the race detector)
// would otherwise see as concurrent.

var payload = make([]byte, 512)

// FeedRacy is testdata/example's serveFeed: a heartbeat goroutine sends
// pings with WriteMessage while the loop writes updates.
func FeedRacy(conn *websocket.Conn, n int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range n {
			if conn.WriteMessage(websocket.PingMessage, nil) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at twins\.go:35 \(goroutine started at twins\.go:26\)`
				return
			}
		}
	}()
	for range n {
		if conn.WriteMessage(websocket.TextMessage, payload) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at twins\.go:29 \(goroutine started at twins\.go:26\)`
			break
		}
	}
	<-done
}

// FeedControl is the fix: WriteControl is safe from any goroutine.
func FeedControl(conn *websocket.Conn, n int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range n {
			if conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)) != nil {
				return
			}
		}
	}()
	for range n {
		if conn.WriteMessage(websocket.TextMessage, payload) != nil {
			break
		}
	}
	<-done
}

// PingDeadlineRacy is the ping pattern with a write deadline: the pinger
// sets the deadline and pings while the loop writes JSON.
func PingDeadlineRacy(conn *websocket.Conn, n int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range n {
			conn.SetWriteDeadline(time.Now().Add(time.Second))        // want `concurrent write to conn: SetWriteDeadline may overlap WriteJSON at twins\.go:75 \(goroutine started at twins\.go:65\)`
			if conn.WriteMessage(websocket.PingMessage, nil) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteJSON at twins\.go:75 \(goroutine started at twins\.go:65\)`
				return
			}
		}
	}()
	for i := range n {
		if conn.WriteJSON(map[string]int{"seq": i}) != nil { // want `concurrent write to conn: WriteJSON may overlap SetWriteDeadline at twins\.go:68 \(goroutine started at twins\.go:65\)`
			break
		}
	}
	<-done
}

// PingDeadlineLocked takes one mutex around both.
func PingDeadlineLocked(conn *websocket.Conn, n int) {
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range n {
			mu.Lock()
			conn.SetWriteDeadline(time.Now().Add(time.Second))
			err := conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	for i := range n {
		mu.Lock()
		err := conn.WriteJSON(map[string]int{"seq": i})
		mu.Unlock()
		if err != nil {
			break
		}
	}
	<-done
}

// ProducersRacy is the business pattern: two goroutines (updates and
// notices) write JSON to one account conn.
func ProducersRacy(conn *websocket.Conn, n int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range n {
			if conn.WriteJSON(map[string]int{"update": i}) != nil { // want `concurrent write to conn: WriteJSON may overlap WriteJSON at twins\.go:125 \(goroutine started at twins\.go:122\)`
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range n {
			if websocket.WriteJSON(conn, map[string]int{"notice": i}) != nil { // want `concurrent write to conn: WriteJSON may overlap WriteJSON at twins\.go:117 \(goroutine started at twins\.go:114\)`
				return
			}
		}
	}()
	wg.Wait()
}

// ProducersOwner is the writerqueue fix: the producers send to a channel
// and one goroutine owns the writes.
func ProducersOwner(conn *websocket.Conn, n int) {
	out := make(chan any)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range out {
			if conn.WriteJSON(v) != nil {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range n {
			out <- map[string]int{"update": i}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range n {
			out <- map[string]int{"notice": i}
		}
	}()
	wg.Wait()
	close(out)
	<-done
}

// RWConn is the safeconn pattern with a read lock: RLock does not
// exclude another RLock, so two senders write at once.
type RWConn struct {
	mu   sync.RWMutex
	conn *websocket.Conn
}

// Send writes v under the read lock.
func (c *RWConn) Send(v any) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.conn.WriteJSON(v) // want `concurrent write to c\.conn: WriteJSON may overlap itself, reached from twins\.go:186 and twins\.go:192 \(goroutine started at twins\.go:183\)`
}

// RWConnRacy sends from two goroutines.
func RWConnRacy(conn *websocket.Conn, n int) {
	c := &RWConn{conn: conn}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			if c.Send(map[string]int{"alert": i}) != nil {
				return
			}
		}
	}()
	for i := range n {
		if c.Send(map[string]int{"update": i}) != nil {
			break
		}
	}
	<-done
}

// RWLockedConn takes the write lock to write.
type RWLockedConn struct {
	mu   sync.RWMutex
	conn *websocket.Conn
}

// Send writes v under the write lock.
func (c *RWLockedConn) Send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.WriteJSON(v)
}

// RWLockedConnSafe is RWConnRacy with the write lock.
func RWLockedConnSafe(conn *websocket.Conn, n int) {
	c := &RWLockedConn{conn: conn}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			if c.Send(map[string]int{"alert": i}) != nil {
				return
			}
		}
	}()
	for i := range n {
		if c.Send(map[string]int{"update": i}) != nil {
			break
		}
	}
	<-done
}

// writeLoop is the writerqueue's owning writer goroutine.
func writeLoop(conn *websocket.Conn, queue <-chan []byte, done chan<- struct{}) {
	defer close(done)
	for msg := range queue {
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteJSON at twins\.go:252 \(goroutine started at twins\.go:251\)`
			return
		}
	}
}

// HandshakeAfterRacy is writerqueue's ServeHandshakeAfter: the welcome
// message is written after the writer goroutine has taken the conn over.
func HandshakeAfterRacy(conn *websocket.Conn, n int) {
	queue := make(chan []byte, n)
	for range n {
		queue <- payload
	}
	close(queue)
	done := make(chan struct{})
	go writeLoop(conn, queue, done)
	conn.WriteJSON(map[string]string{"type": "welcome"}) // want `concurrent write to conn: WriteJSON may overlap WriteMessage at twins\.go:236 \(goroutine started at twins\.go:251\)`
	<-done
}

// HandshakeFirst writes the welcome before the hand-over.
func HandshakeFirst(conn *websocket.Conn, n int) {
	queue := make(chan []byte, n)
	for range n {
		queue <- payload
	}
	close(queue)
	conn.WriteJSON(map[string]string{"type": "welcome"})
	done := make(chan struct{})
	go writeLoop(conn, queue, done)
	<-done
}

// GoStmtRacy is gostmt's go conn.WriteMessage: the bound method runs on
// its own goroutine while the caller writes the metadata.
func GoStmtRacy(conn *websocket.Conn, n int) {
	go conn.WriteMessage(websocket.TextMessage, payload) // want `concurrent write to conn: WriteMessage may overlap WriteJSON at twins\.go:273 \(goroutine started at twins\.go:272\)`
	conn.WriteJSON(map[string]int{"n": n})               // want `concurrent write to conn: WriteJSON may overlap WriteMessage at twins\.go:272 \(goroutine started at twins\.go:272\)`
}

// GoStmtJoined waits for the goroutine before writing.
func GoStmtJoined(conn *websocket.Conn, n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		conn.WriteMessage(websocket.TextMessage, payload)
	}()
	wg.Wait()
	conn.WriteJSON(map[string]int{"n": n})
}

// ErrgroupRacy is the spawners pattern: two errgroup goroutines write.
func ErrgroupRacy(conn *websocket.Conn, n int) {
	g, _ := errgroup.WithContext(context.Background())
	g.Go(func() error {
		for range n {
			if err := conn.WriteMessage(websocket.TextMessage, []byte("a")); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at twins\.go:301 \(goroutine started at twins\.go:299\)`
				return err
			}
		}
		return nil
	})
	g.Go(func() error {
		for range n {
			if err := conn.WriteMessage(websocket.TextMessage, []byte("b")); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at twins\.go:293 \(goroutine started at twins\.go:291\)`
				return err
			}
		}
		return nil
	})
	g.Wait()
}

// ErrgroupThenClose has one errgroup writer and writes its last frame
// after Wait.
func ErrgroupThenClose(conn *websocket.Conn, n int) {
	var g errgroup.Group
	g.Go(func() error {
		for range n {
			if err := conn.WriteMessage(websocket.TextMessage, []byte("a")); err != nil {
				return err
			}
		}
		return nil
	})
	g.Wait()
	conn.WriteMessage(websocket.TextMessage, []byte("last"))
}

// async runs f on a goroutine of its own.
func async(f func()) { go f() }

// syncRun runs f on the caller's goroutine.
func syncRun(f func()) { f() }

// CallbackAsyncRacy is the callbacks pattern: the callback writes on
// async's goroutine while the caller writes.
func CallbackAsyncRacy(conn *websocket.Conn, n int) {
	done := make(chan struct{})
	async(func() {
		defer close(done)
		for range n {
			if conn.WriteMessage(websocket.PingMessage, nil) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at twins\.go:345 \(goroutine started at twins\.go:327\)`
				return
			}
		}
	})
	for range n {
		if conn.WriteMessage(websocket.TextMessage, payload) != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at twins\.go:339 \(goroutine started at twins\.go:327\)`
			break
		}
	}
	<-done
}

// CallbackSync runs the callback on the caller's goroutine.
func CallbackSync(conn *websocket.Conn, n int) {
	syncRun(func() {
		for range n {
			if conn.WriteMessage(websocket.PingMessage, nil) != nil {
				return
			}
		}
	})
	for range n {
		if conn.WriteMessage(websocket.TextMessage, payload) != nil {
			break
		}
	}
}
