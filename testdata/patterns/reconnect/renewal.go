package reconnect

import (
	"context"

	"github.com/gorilla/websocket"
)

// worker reconnects in a loop: connect dials a conn into w.conn, run
// starts the loops for it and returns when the reader ends.
type worker struct {
	conn *websocket.Conn
	out  chan []byte
}

func (w *worker) connect(url string) error {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	w.conn = conn
	return nil
}

// run hands each loop the conn it is for. The reader is waited for
// before run returns; the writer may outlive it, but keeps writing the
// conn it was given, never the one the next connect dials.
func (w *worker) run() {
	conn := w.conn
	done := make(chan struct{})
	go w.readLoop(conn, done)
	go w.writeLoop(conn, done)
	<-done
}

func (w *worker) readLoop(conn *websocket.Conn, done chan struct{}) {
	defer close(done)
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (w *worker) writeLoop(conn *websocket.Conn, done chan struct{}) {
	for {
		select {
		case <-done:
			return
		case msg := <-w.out:
			conn.WriteMessage(websocket.TextMessage, msg)
		}
	}
}

// start is silent: each iteration's loops are bound to that iteration's
// conn, and the reader of one iteration is over before the next.
func (w *worker) start(ctx context.Context, url string) {
	for ctx.Err() == nil {
		if err := w.connect(url); err != nil {
			continue
		}
		w.run()
	}
}

// staleWorker's loops read the field as they go: a writer left over from
// the previous conn writes to the new one, beside the new writer.
type staleWorker struct {
	conn *websocket.Conn
	out  chan []byte
}

func (w *staleWorker) connect(url string) error {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	w.conn = conn
	return nil
}

func (w *staleWorker) run() {
	done := make(chan struct{})
	go w.readLoop(done)
	go w.writeLoop(done)
	<-done
}

func (w *staleWorker) readLoop(done chan struct{}) {
	defer close(done)
	for {
		if _, _, err := w.conn.ReadMessage(); err != nil {
			return
		}
	}
}

func (w *staleWorker) writeLoop(done chan struct{}) {
	for {
		select {
		case <-done:
			return
		case msg := <-w.out:
			w.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to w.conn: WriteMessage may overlap itself: the goroutine started at renewal.go:86 runs once per loop iteration`
		}
	}
}

func (w *staleWorker) start(ctx context.Context, url string) {
	for ctx.Err() == nil {
		if err := w.connect(url); err != nil {
			continue
		}
		w.run()
	}
}
