// Package joins: a spawner that waits for its goroutine before writing
// again is ordered after the goroutine's writes.
package joins

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// waitGroupJoin is safe: the final write happens after wg.Wait, and the
// goroutine's last act is wg.Done.
func waitGroupJoin(conn *websocket.Conn, msgs [][]byte) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, m := range msgs {
			conn.WriteMessage(websocket.TextMessage, m)
		}
	}()
	wg.Wait()
	conn.WriteMessage(websocket.CloseMessage, nil)
}

// waitGroupTooLate races: the write comes before wg.Wait.
func waitGroupTooLate(conn *websocket.Conn, msgs [][]byte) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, m := range msgs {
			conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at joins\.go:37 \(goroutine started at joins\.go:31\)`
		}
	}()
	conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at joins\.go:34 \(goroutine started at joins\.go:31\)`
	wg.Wait()
}

// doneChannel is safe: the goroutine closes done as its last act.
func doneChannel(conn *websocket.Conn) {
	done := make(chan struct{})
	go func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
		close(done)
	}()
	<-done
	conn.WriteMessage(websocket.CloseMessage, nil)
}

// doneTooEarly races: the goroutine signals before it writes.
func doneTooEarly(conn *websocket.Conn) {
	done := make(chan struct{})
	go func() {
		close(done)
		conn.WriteMessage(websocket.TextMessage, []byte("bye")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at joins\.go:60 \(goroutine started at joins\.go:55\)`
	}()
	<-done
	conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at joins\.go:57 \(goroutine started at joins\.go:55\)`
}

// resultsChannel races: the goroutine sends more than once, so one
// receive does not mean it is finished.
func resultsChannel(conn *websocket.Conn) {
	results := make(chan int)
	go func() {
		results <- 1
		conn.WriteMessage(websocket.TextMessage, []byte("partial")) // want `concurrent write to conn`
		results <- 2
	}()
	<-results
	conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to conn`
	<-results
}

// serialWorkers is safe: each iteration waits for its goroutine.
func serialWorkers(conn *websocket.Conn, batches [][]byte) {
	for _, b := range batches {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn.WriteMessage(websocket.BinaryMessage, b)
		}()
		wg.Wait()
	}
}

// client reconnects: the reconnect goroutine waits for the old writer
// (whose deferred cleanup ends with wg.Done) before it writes the
// backlog and starts a new writer.
type client struct {
	conn    *websocket.Conn
	wg      sync.WaitGroup
	send    chan []byte
	backlog chan []byte
	failed  chan error
}

func (c *client) writeRoutine() {
	defer func() {
		c.conn.Close()
		c.wg.Done()
	}()
	for m := range c.send {
		if err := c.conn.WriteMessage(websocket.TextMessage, m); err != nil { // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at joins.go:144`
			c.failed <- err
			return
		}
	}
}

func (c *client) start() {
	c.wg.Add(1)
	go c.writeRoutine()
}

// reconnectRoutine is safe: it waits for the writer before writing.
func (c *client) reconnectRoutine() {
	for range c.failed {
		c.wg.Wait()
		for m := range c.backlog {
			c.conn.WriteMessage(websocket.TextMessage, m)
		}
		c.start()
	}
}

func (c *client) run() {
	c.start()
	go c.reconnectRoutine()
}

// impatientClient races: its retry goroutine writes the backlog on a
// timer, without waiting for the writer (receiving its failure, as
// reconnectRoutine does, would have been enough: the writer reports it
// as its last act).
type impatientClient struct{ client }

func (c *impatientClient) reconnectRoutine() {
	for range time.Tick(time.Second) {
		for m := range c.backlog {
			c.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at joins.go:107`
		}
	}
}

func (c *impatientClient) run() {
	c.start()
	go c.reconnectRoutine()
}
