// Package jointopics: each topic is a long-lived goroutine that keeps
// the members handed to it over its join channel in a local slice and
// writes them on each publish. A member that joins two topics is
// written by both topic goroutines at once. The fix hands each member a
// writer of its own: topics queue on the member's channel.
package jointopics

import (
	"net/http"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

type topic struct {
	join    chan *websocket.Conn
	publish chan []byte
}

func newTopic() *topic {
	t := &topic{join: make(chan *websocket.Conn), publish: make(chan []byte)}
	go t.loop()
	return t
}

func (t *topic) loop() {
	var members []*websocket.Conn
	for {
		select {
		case m := <-t.join:
			members = append(members, m)
		case msg := <-t.publish:
			for _, m := range members {
				m.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to m: WriteMessage may overlap itself, reached from jointopics.go:\d+:\d+ and jointopics.go:\d+:\d+`
			}
		}
	}
}

var topics = map[string]*topic{"news": newTopic(), "alerts": newTopic()}

// Post publishes on a topic.
func Post(name string, msg []byte) { topics[name].publish <- msg }

// serve joins the conn to every topic.
func serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	for _, t := range topics {
		t.join <- conn
	}
}

// The fix: members are queues, each drained by the member's own writer.
type member struct {
	conn *websocket.Conn
	out  chan []byte
}

func (m *member) writer() {
	for msg := range m.out {
		m.conn.WriteMessage(websocket.TextMessage, msg)
	}
}

type queuedTopic struct {
	join    chan *member
	publish chan []byte
}

func newQueuedTopic() *queuedTopic {
	t := &queuedTopic{join: make(chan *member), publish: make(chan []byte)}
	go t.loop()
	return t
}

func (t *queuedTopic) loop() {
	var members []*member
	for {
		select {
		case m := <-t.join:
			members = append(members, m)
		case msg := <-t.publish:
			for _, m := range members {
				m.out <- msg
			}
		}
	}
}

var queued = map[string]*queuedTopic{"news": newQueuedTopic(), "alerts": newQueuedTopic()}

// PostQueued publishes on a queued topic.
func PostQueued(name string, msg []byte) { queued[name].publish <- msg }

func serveQueued(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	m := &member{conn: conn, out: make(chan []byte, 16)}
	go m.writer()
	for _, t := range queued {
		t.join <- m
	}
}

// soloTopic: a conn joins one topic only. Silent.
type soloTopic struct {
	join    chan *websocket.Conn
	publish chan []byte
}

func (t *soloTopic) loop() {
	var members []*websocket.Conn
	for {
		select {
		case m := <-t.join:
			members = append(members, m)
		case msg := <-t.publish:
			for _, m := range members {
				m.WriteMessage(websocket.TextMessage, msg)
			}
		}
	}
}

var lobby = &soloTopic{join: make(chan *websocket.Conn), publish: make(chan []byte)}

// StartLobby runs the lobby.
func StartLobby() { go lobby.loop() }

// Announce publishes in the lobby.
func Announce(msg []byte) { lobby.publish <- msg }

func serveLobby(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	lobby.join <- conn
}
