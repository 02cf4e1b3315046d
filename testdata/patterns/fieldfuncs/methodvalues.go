package fieldfuncs

import (
	"time"

	"github.com/gorilla/websocket"
)

// Write methods kept as function values in fields: method values
// (ws.SetCompressionLevel) or closures, filled in by the function that
// uses them or by a constructor, and called on a goroutine that captured
// the struct's pointer.

type tuner struct {
	setLevel func(int) error
	send     func(int, []byte) error
}

func newTuner(ws *websocket.Conn) *tuner {
	return &tuner{setLevel: ws.SetCompressionLevel, send: ws.WriteMessage}
}

func newClosureTuner(ws *websocket.Conn) *tuner {
	return &tuner{
		setLevel: func(l int) error { return ws.SetCompressionLevel(l) },       // want `concurrent write to ws: SetCompressionLevel may overlap WriteMessage`
		send:     func(t int, b []byte) error { return ws.WriteMessage(t, b) }, // want `concurrent write to ws: WriteMessage may overlap SetCompressionLevel`
	}
}

// tuneHere fills the fields itself, then tunes on a ticker while it
// sends. Reported.
func tuneHere(ws *websocket.Conn) {
	t := &tuner{setLevel: ws.SetCompressionLevel, send: ws.WriteMessage}
	go func() {
		for range time.Tick(time.Second) {
			t.setLevel(3) // want `concurrent write to ws: SetCompressionLevel may overlap WriteMessage`
		}
	}()
	t.send(websocket.TextMessage, []byte("hello")) // want `concurrent write to t: WriteMessage may overlap SetCompressionLevel`
}

// tuneMade gets the fields from a constructor. Reported at the calls
// of the fields.
func tuneMade(ws *websocket.Conn) {
	t := newTuner(ws)
	go func() {
		for range time.Tick(time.Second) {
			t.setLevel(3) // want `concurrent write to ws: SetCompressionLevel may overlap WriteMessage`
		}
	}()
	t.send(websocket.TextMessage, []byte("hello")) // want `concurrent write to ws: WriteMessage may overlap SetCompressionLevel`
}

// tuneClosures: the same with closures. Reported.
func tuneClosures(ws *websocket.Conn) {
	t := newClosureTuner(ws)
	go func() {
		for range time.Tick(time.Second) {
			t.setLevel(3)
		}
	}()
	t.send(websocket.TextMessage, []byte("hello"))
}

// tuneFirst sends before the ticker starts. Silent.
func tuneFirst(ws *websocket.Conn) {
	t := newTuner(ws)
	t.send(websocket.TextMessage, []byte("hello"))
	go func() {
		for range time.Tick(time.Second) {
			t.setLevel(3)
		}
	}()
}
