// Package uses imports hdr: it can't be analysed, and the driver says
// why in one line.
package uses

import (
	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/cmd/wsconcurrent/testdata/cgodep/hdr"
)

func Run(c *websocket.Conn) {
	hdr.F()
	go c.WriteMessage(websocket.TextMessage, nil)
	c.WriteMessage(websocket.TextMessage, nil)
}
