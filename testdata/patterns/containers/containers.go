// Package containers: mutexes and conns reached through elements of a
// map, and receivers that may be one of two values.
package containers

import (
	"sync"

	"github.com/gorilla/websocket"
)

type session struct {
	mu     sync.Mutex
	conn   *websocket.Conn
	voices map[string]*voice
}

type voice struct {
	mu      sync.Mutex
	conn    *websocket.Conn
	session *session
}

func (v *voice) rejoin() {
	v.session.mu.Lock()
	v.session.conn.WriteMessage(websocket.TextMessage, nil)
	v.session.mu.Unlock()
}

func (s *session) rejoinAll() {
	for _, v := range s.voices {
		go v.rejoin()
	}
}

// reconnect is silent: every rejoin writes the session's conn under the
// session's mutex, however it reaches the voice.
func (s *session) reconnect() {
	go s.rejoinAll()
	for _, v := range s.voices {
		go v.rejoin()
	}
}

func (v *voice) close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.conn.WriteMessage(websocket.CloseMessage, nil)
}

func (v *voice) closeUnlocked() {
	v.conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to v.conn: WriteMessage may overlap itself, reached from containers.go:74 and containers.go:75`
}

func (s *session) leave(id string) {
	v := s.voices[id]
	if v == nil {
		v = &voice{}
	}
	v.close()
}

// leaveTwice is silent: close locks whichever voice v is.
func (s *session) leaveTwice(id string) {
	go s.leave(id)
	s.leave(id)
}

func (s *session) leaveUnlocked(id string) {
	s.voices[id].closeUnlocked()
}

// leaveTwiceUnlocked races: the same voice, no lock.
func (s *session) leaveTwiceUnlocked(id string) {
	go s.leaveUnlocked(id)
	s.leaveUnlocked(id)
}
