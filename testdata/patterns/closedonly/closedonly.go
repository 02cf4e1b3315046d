// Package closedonly: loops over channels that are only ever closed.
// Receiving from such a channel succeeds only once it is closed, and then
// reports no value: the body of `for range done` never runs, and what it
// would read races with nothing. A channel something sends on (or that
// leaves the package's hands) runs the body.
package closedonly

import (
	"time"

	"github.com/gorilla/websocket"
)

// Watcher waits on done, which Stop closes; nothing sends on it. The
// loop's body is dead code. Silent.
type Watcher struct {
	ws   *websocket.Conn
	done chan struct{}
}

func Watch(ws *websocket.Conn) *Watcher {
	w := &Watcher{ws: ws, done: make(chan struct{})}
	go w.wait()
	go w.read()
	return w
}

func (w *Watcher) wait() {
	for range w.done {
		w.ws.ReadMessage()
	}
	w.ws.Close()
}

func (w *Watcher) read() {
	for {
		if _, _, err := w.ws.ReadMessage(); err != nil {
			return
		}
	}
}

func (w *Watcher) Stop() { close(w.done) }

// Pulse is Watcher whose done channel is also sent on, by Kick: the
// loop's body runs. Reported.
type Pulse struct {
	ws   *websocket.Conn
	done chan struct{}
}

func StartPulse(ws *websocket.Conn) *Pulse {
	p := &Pulse{ws: ws, done: make(chan struct{})}
	go p.wait()
	go p.read()
	return p
}

func (p *Pulse) wait() {
	for range p.done {
		p.ws.ReadMessage() // want `concurrent read`
	}
}

func (p *Pulse) read() {
	for {
		if _, _, err := p.ws.ReadMessage(); err != nil { // want `concurrent read`
			return
		}
	}
}

func (p *Pulse) Kick() { p.done <- struct{}{} }

// ServeLocal: the same with a local channel the closures capture; the
// second receive checks ok, which is never true. Silent.
func ServeLocal(ws *websocket.Conn) {
	done := make(chan struct{})
	go func() {
		for range done {
			ws.WriteMessage(websocket.TextMessage, []byte("tick"))
		}
	}()
	go func() {
		if _, ok := <-done; ok {
			ws.WriteMessage(websocket.TextMessage, []byte("late"))
		}
	}()
	go func() {
		for range time.Tick(time.Second) {
			if err := ws.WriteMessage(websocket.PingMessage, nil); err != nil {
				close(done)
				return
			}
		}
	}()
}

// ServeHanded: the local channel is handed to a function, which may
// send on it. Reported.
func ServeHanded(ws *websocket.Conn) {
	done := make(chan struct{})
	go func() {
		for range done {
			ws.WriteMessage(websocket.TextMessage, []byte("tick")) // want `concurrent write`
		}
	}()
	go notify(done)
	go func() {
		for range time.Tick(time.Second) {
			if err := ws.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write`
				return
			}
		}
	}()
}

func notify(done chan struct{}) { done <- struct{}{} }
