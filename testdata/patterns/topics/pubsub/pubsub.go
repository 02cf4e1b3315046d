// Package pubsub: a library whose users create topics, each with its
// publisher goroutine, and subscribe one subscriber to several with
// JoinAll. Two topics' publishers write the same subscriber's conn.
package pubsub

import (
	"sync"

	"github.com/gorilla/websocket"
)

type Subscriber struct {
	conn *websocket.Conn
}

func NewSubscriber(conn *websocket.Conn) *Subscriber { return &Subscriber{conn: conn} }

type Topic struct {
	mu   sync.Mutex
	subs map[*Subscriber]bool
	msgs chan []byte
}

func NewTopic() *Topic {
	t := &Topic{subs: make(map[*Subscriber]bool), msgs: make(chan []byte, 16)}
	go t.run()
	return t
}

func (t *Topic) run() {
	for m := range t.msgs {
		t.mu.Lock()
		for s := range t.subs {
			s.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to s.conn: WriteMessage may overlap itself: each call of NewTopic leaves the goroutine started at pubsub.go:\d+ running, and one value may be an element of several pubsub.Topic.subs`
		}
		t.mu.Unlock()
	}
}

func (t *Topic) Publish(m []byte) { t.msgs <- m }

func (t *Topic) add(s *Subscriber) {
	t.mu.Lock()
	t.subs[s] = true
	t.mu.Unlock()
}

// JoinAll files the subscriber in every topic.
func (s *Subscriber) JoinAll(topics []*Topic) {
	for _, t := range topics {
		t.add(s)
	}
}

// The fix: the subscriber's own mutex around every write.
type SafeSubscriber struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func NewSafeSubscriber(conn *websocket.Conn) *SafeSubscriber {
	return &SafeSubscriber{conn: conn}
}

type SafeTopic struct {
	mu   sync.Mutex
	subs map[*SafeSubscriber]bool
	msgs chan []byte
}

func NewSafeTopic() *SafeTopic {
	t := &SafeTopic{subs: make(map[*SafeSubscriber]bool), msgs: make(chan []byte, 16)}
	go t.run()
	return t
}

func (t *SafeTopic) run() {
	for m := range t.msgs {
		t.mu.Lock()
		for s := range t.subs {
			s.mu.Lock()
			s.conn.WriteMessage(websocket.TextMessage, m)
			s.mu.Unlock()
		}
		t.mu.Unlock()
	}
}

func (t *SafeTopic) Publish(m []byte) { t.msgs <- m }

func (t *SafeTopic) add(s *SafeSubscriber) {
	t.mu.Lock()
	t.subs[s] = true
	t.mu.Unlock()
}

func (s *SafeSubscriber) JoinAll(topics []*SafeTopic) {
	for _, t := range topics {
		t.add(s)
	}
}

// A near miss: a room holds its members only (Enter files a subscriber
// in one room; nothing files one in two), so each room's publisher
// writes its own members.
type Member struct {
	conn *websocket.Conn
}

func NewMember(conn *websocket.Conn) *Member { return &Member{conn: conn} }

type Room struct {
	mu      sync.Mutex
	members map[*Member]bool
	msgs    chan []byte
}

func NewRoom() *Room {
	r := &Room{members: make(map[*Member]bool), msgs: make(chan []byte, 16)}
	go r.run()
	return r
}

func (r *Room) run() {
	for m := range r.msgs {
		r.mu.Lock()
		for mb := range r.members {
			mb.conn.WriteMessage(websocket.TextMessage, m)
		}
		r.mu.Unlock()
	}
}

func (r *Room) Enter(mb *Member) {
	r.mu.Lock()
	r.members[mb] = true
	r.mu.Unlock()
}
