// Command server upgrades requests and relays a feed to each.
package main

import (
	"net/http"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/cmd/wsconcurrent/testdata/program/gorillasock"
	"github.com/wsconcurrent/wsconcurrent/cmd/wsconcurrent/testdata/program/relay"
)

var upgrader websocket.Upgrader

func main() {
	feed := make(chan []byte)
	http.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		relay.Serve(gorillasock.Wrap(c), feed)
	})
	http.ListenAndServe(":8080", nil)
}
