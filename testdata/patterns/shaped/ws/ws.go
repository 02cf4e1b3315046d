// Package ws stands for a renamed fork of gorilla/websocket: a Conn with
// gorilla's API (its handler setters take []byte, as some forks' do).
// The analyzer recognises it by its methods, without -conntypes.
package ws

import (
	"io"
	"time"
)

const (
	TextMessage = 1
	PingMessage = 9
)

type Conn struct{ w io.Writer }

func (c *Conn) WriteMessage(messageType int, data []byte) error              { return nil }
func (c *Conn) NextWriter(messageType int) (io.WriteCloser, error)           { return nil, nil }
func (c *Conn) NextReader() (messageType int, r io.Reader, err error)        { return 0, nil, nil }
func (c *Conn) ReadMessage() (messageType int, p []byte, err error)          { return 0, nil, nil }
func (c *Conn) WriteControl(messageType int, data []byte, d time.Time) error { return nil }
func (c *Conn) SetPingHandler(h func(appData []byte) error)                  {}
func (c *Conn) Close() error                                                 { return nil }
