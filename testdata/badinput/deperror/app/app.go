// Package app is correct, but imports lib, which does not type-check.
package app

import (
	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/badinput/deperror/lib"
)

func serve(conn *websocket.Conn) {
	go lib.Send(conn, "ping")
	lib.Send(conn, "update")
}
