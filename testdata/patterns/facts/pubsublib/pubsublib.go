// Package pubsublib: topics with a publisher goroutine each, and peers
// bound to a conn by a method. Its facts say what its
// functions file and bind (pubsubapp subscribes one subscriber to
// several topics, and writes the conn it bound to a peer).
package pubsublib

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Peer is made empty and bound to its conn afterwards.
type Peer struct {
	conn *websocket.Conn
}

func NewPeer() *Peer { return &Peer{} } // want NewPeer:`summary\(new result#0\)`

// Bind stores the conn in the peer.
func (p *Peer) Bind(c *websocket.Conn) { p.conn = c } // want Bind:`summary\(files p1 as p0.conn!own\)`

// KeepAlive pings with WriteMessage.
func (p *Peer) KeepAlive() { // want KeepAlive:`summary\(write WriteMessage\(p0.conn\)\)`
	for range time.Tick(time.Second) {
		p.conn.WriteMessage(websocket.PingMessage, nil)
	}
}

type Subscriber struct {
	conn *websocket.Conn
}

func NewSubscriber(conn *websocket.Conn) *Subscriber { return &Subscriber{conn: conn} } // want NewSubscriber:`summary\(returns#0.conn p0; new result#0\)`

type Topic struct {
	mu   sync.Mutex
	subs map[*Subscriber]bool
	msgs chan []byte
}

func NewTopic() *Topic { // want NewTopic:`summary\(go write WriteMessage\(r0.subs\[\*\].conn\) under r0.mu; new result#0\)`
	t := &Topic{subs: make(map[*Subscriber]bool), msgs: make(chan []byte, 16)}
	go t.run()
	return t
}

func (t *Topic) run() {
	for m := range t.msgs {
		t.mu.Lock()
		for s := range t.subs {
			s.conn.WriteMessage(websocket.TextMessage, m)
		}
		t.mu.Unlock()
	}
}

// Subscribe files the subscriber in the topic.
func (t *Topic) Subscribe(s *Subscriber) { // want Subscribe:`summary\(files p1 as p0.subs\[own\]\)`
	t.mu.Lock()
	t.subs[s] = true
	t.mu.Unlock()
}

// Publish queues m for the topic's publisher.
func (t *Topic) Publish(m []byte) { t.msgs <- m } // want Publish:`summary\(signals ch:p0.msgs; files p1 as p0.msgs\[own\]\)`
