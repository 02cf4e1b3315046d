// Package pubsubone uses pubsublib's topics one subscriber each: no
// value is filed in two topics, so each topic's publisher writes its own
// subscriber's conn.
package pubsubone

import (
	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/pubsublib"
)

func fanOutOne(conns []*websocket.Conn) {
	for _, c := range conns {
		t := pubsublib.NewTopic()
		t.Subscribe(pubsublib.NewSubscriber(c))
	}
}
