// Package codecs holds RPC codecs built in two layers: a generic codec
// whose encode and decode functions come from its constructor's
// parameters, embedded in a websocket codec whose constructor passes
// the conn's method values and starts a pinger. The server reads the
// codec through its interface on a goroutine of its own.
package codecs

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type encodeFunc func(v any) error

type decodeFunc func(v any) error

// Codec is what the server reads and writes.
type Codec interface {
	readBatch() ([]json.RawMessage, error)
	writeJSON(v any) error
	closed() <-chan struct{}
}

// funcCodec reads and writes through the functions it was given.
type funcCodec struct {
	encMu  sync.Mutex
	encode encodeFunc
	decode decodeFunc
	done   chan struct{}
}

func newFuncCodec(encode encodeFunc, decode decodeFunc) Codec {
	return &funcCodec{encode: encode, decode: decode, done: make(chan struct{})}
}

func (c *funcCodec) readBatch() ([]json.RawMessage, error) {
	var raw json.RawMessage
	if err := c.decode(&raw); err != nil { // want `concurrent read from conn: ReadJSON may overlap SetReadDeadline`
		return nil, err
	}
	return []json.RawMessage{raw}, nil
}

func (c *funcCodec) writeJSON(v any) error {
	c.encMu.Lock()
	defer c.encMu.Unlock()
	return c.encode(v)
}

func (c *funcCodec) closed() <-chan struct{} { return c.done }

// wsCodec is a funcCodec over a websocket conn, with a pinger.
type wsCodec struct {
	*funcCodec
	conn *websocket.Conn
}

func newWSCodec(conn *websocket.Conn) Codec {
	encode := func(v any) error { return conn.WriteJSON(v) }
	wc := &wsCodec{
		funcCodec: newFuncCodec(encode, conn.ReadJSON).(*funcCodec),
		conn:      conn,
	}
	go wc.pingLoop()
	return wc
}

// pingLoop pings under the codec's write mutex, so its writes are
// safe; it also moves the read deadline, which the reader owns.
func (wc *wsCodec) pingLoop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-wc.closed():
			return
		case <-t.C:
			wc.funcCodec.encMu.Lock()
			wc.conn.SetWriteDeadline(time.Now().Add(time.Second))
			wc.conn.WriteMessage(websocket.PingMessage, nil)
			wc.conn.SetReadDeadline(time.Now().Add(time.Minute)) // want `concurrent read from wc.conn: SetReadDeadline may overlap ReadJSON`
			wc.funcCodec.encMu.Unlock()
		}
	}
}

var upgrader websocket.Upgrader

func serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	serveCodec(newWSCodec(conn))
}

// serveCodec reads on a goroutine of its own and answers under the
// codec's mutex.
func serveCodec(codec Codec) {
	go readLoop(codec)
	<-codec.closed()
}

func readLoop(codec Codec) {
	for {
		msgs, err := codec.readBatch()
		if err != nil {
			return
		}
		for _, m := range msgs {
			codec.writeJSON(m)
		}
	}
}
