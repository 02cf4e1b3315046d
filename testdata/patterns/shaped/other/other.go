// Package other has a Conn of another contract (its writes take a
// context, as coder/websocket's do): not a fork of gorilla's.
package other

import "context"

type Conn struct{}

func (c *Conn) Write(ctx context.Context, typ int, p []byte) error { return nil }
func (c *Conn) WriteMessage(data []byte) error                     { return nil }
