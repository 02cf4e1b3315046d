package codecs

import (
	"encoding/json"
	"time"

	"github.com/gorilla/websocket"
)

// quietCodec is wsCodec's fixed twin: its pinger writes under the
// codec's mutex and leaves the read deadline to the pong handler, which
// runs on the reader. Silent.
type quietCodec struct {
	*funcCodec
	conn *websocket.Conn
}

func newQuietCodec(conn *websocket.Conn) Codec {
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(time.Minute))
	})
	qc := &quietCodec{
		funcCodec: newFuncCodec(func(v any) error { return conn.WriteJSON(v) }, conn.ReadJSON).(*funcCodec),
		conn:      conn,
	}
	go qc.pingLoop()
	return qc
}

func (qc *quietCodec) pingLoop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-qc.closed():
			return
		case <-t.C:
			qc.funcCodec.encMu.Lock()
			qc.conn.SetWriteDeadline(time.Now().Add(time.Second))
			qc.conn.WriteMessage(websocket.PingMessage, nil)
			qc.funcCodec.encMu.Unlock()
		}
	}
}

func serveQuiet(conn *websocket.Conn) {
	serveCodec(newQuietCodec(conn))
}

// serveOneLevel builds the generic codec itself, with the conn's method
// values, and reads it while a watchdog moves the read deadline.
// Reported at the call of the decode field.
func serveOneLevel(conn *websocket.Conn) {
	c := newFuncCodec(conn.WriteJSON, conn.ReadJSON).(*funcCodec)
	go func() {
		for range time.Tick(time.Second) {
			conn.SetReadDeadline(time.Now().Add(time.Minute)) // want `concurrent read from conn: SetReadDeadline may overlap ReadJSON`
		}
	}()
	c.readBatch()
}

// serveOneLevelFixed moves the deadline on the reading goroutine.
// Silent.
func serveOneLevelFixed(conn *websocket.Conn) {
	c := newFuncCodec(conn.WriteJSON, conn.ReadJSON).(*funcCodec)
	for {
		conn.SetReadDeadline(time.Now().Add(time.Minute))
		if _, err := c.readBatch(); err != nil {
			return
		}
	}
}

// plainCodec is returned as itself, and its reader calls the inner
// codec's decode field directly.
type plainCodec struct {
	inner *funcCodec
	conn  *websocket.Conn
}

func newPlainCodec(conn *websocket.Conn) *plainCodec {
	return &plainCodec{
		inner: newFuncCodec(conn.WriteJSON, conn.ReadJSON).(*funcCodec),
		conn:  conn,
	}
}

// servePlain reads through the field chain on a goroutine of its own
// while it moves the read deadline. Reported.
func servePlain(conn *websocket.Conn) {
	pc := newPlainCodec(conn)
	go func() {
		var raw json.RawMessage
		for pc.inner.decode(&raw) == nil { // want `concurrent read from conn: ReadJSON may overlap SetReadDeadline`
		}
	}()
	pc.conn.SetReadDeadline(time.Now().Add(time.Minute)) // want `concurrent read from pc.conn: SetReadDeadline may overlap ReadJSON`
}

// servePlainFixed sets the deadline before the reader starts. Silent.
func servePlainFixed(conn *websocket.Conn) {
	pc := newPlainCodec(conn)
	pc.conn.SetReadDeadline(time.Now().Add(time.Minute))
	go func() {
		var raw json.RawMessage
		for pc.inner.decode(&raw) == nil {
		}
	}()
}
