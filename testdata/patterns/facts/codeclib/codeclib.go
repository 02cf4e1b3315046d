// Package codeclib is a generic codec that reads and writes through the
// functions its constructor is given, with a constructor for a conn.
package codeclib

import (
	"encoding/json"

	"github.com/gorilla/websocket"
)

// FuncCodec reads with decode and writes with encode.
type FuncCodec struct {
	encode func(v any) error
	decode func(v any) error
}

// New keeps encode and decode.
func New(encode, decode func(v any) error) *FuncCodec { // want New:`returns#0.encode\(\) p0; returns#0.decode\(\) p1`
	return &FuncCodec{encode: encode, decode: decode}
}

// ForConn reads and writes JSON on conn.
func ForConn(conn *websocket.Conn) *FuncCodec { // want ForConn:`returns#0.encode\(\) write WriteJSON\(p0\); returns#0.decode\(\) read ReadJSON\(p0\)`
	return &FuncCodec{encode: conn.WriteJSON, decode: conn.ReadJSON}
}

// ReadBatch decodes one message.
func (c *FuncCodec) ReadBatch() (json.RawMessage, error) { // want ReadBatch:`calls p0.decode`
	var raw json.RawMessage
	err := c.decode(&raw)
	return raw, err
}

// Write encodes v.
func (c *FuncCodec) Write(v any) error { return c.encode(v) } // want Write:`calls p0.encode`
